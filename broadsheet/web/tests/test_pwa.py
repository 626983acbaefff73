"""The installable app over HTTP: manifest, service worker, offline page, icons."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from broadsheet.lib.png import encode_png, png_size
from broadsheet.lib.testing.safety import executable_parts
from broadsheet.web.pwa_icons import ICONS, THEME_COLOR, render_icon


def _worker_config(body: str) -> dict:
    first_line = body.split("\n", 1)[0]
    assert first_line.startswith("const CONFIG = ") and first_line.endswith(";")
    return json.loads(first_line[len("const CONFIG = ") : -1])


def test_manifest_names_the_app_its_start_page_colours_and_icons(client: Client, db):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] and manifest["short_name"]
    assert manifest["start_url"] == "/en/" and manifest["display"] == "standalone"
    assert manifest["theme_color"] == THEME_COLOR
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["purpose"] == "any"}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon["purpose"] == "maskable" for icon in manifest["icons"])


def test_every_manifest_icon_is_a_real_png_of_its_stated_size(client: Client, db):
    for icon in client.get("/manifest.webmanifest").json()["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon["src"]
        with open(path, "rb") as file:
            width, height = png_size(file.read())
        assert f"{width}x{height}" == icon["sizes"]
        assert client.get(icon["src"]).status_code == 200


def test_committed_icons_match_their_drawing():
    for icon in ICONS:
        path = finders.find(f"web/icons/{icon.filename}")
        assert path, icon.filename
        with open(path, "rb") as file:
            assert file.read() == render_icon(icon), f"regenerate {icon.filename}"


def test_png_encoder_writes_a_decodable_header_and_refuses_ragged_rows():
    data = encode_png([[(255, 0, 0, 255)] * 3] * 2)
    assert png_size(data) == (3, 2)
    with pytest.raises(ValueError):
        encode_png([[(0, 0, 0, 0)], []])


def test_service_worker_is_served_from_the_root_with_the_whole_site_as_scope(client: Client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    config = _worker_config(response.content.decode())
    assert config["offlineUrl"] == "/en/offline" and config["startUrl"] == "/en/"
    assert "/en/offline" in config["precache"]
    assert {"/static/web/site.css", "/static/web/pwa.js"} <= set(config["precache"])
    assert re.fullmatch(r"[0-9a-f]{16}", config["version"])


def test_every_precached_url_exists(client: Client, db):
    config = _worker_config(client.get("/sw.js").content.decode())
    for url in config["precache"]:
        assert client.get(url).status_code == 200, url


def test_worker_keeps_reading_pages_and_not_account_or_api_pages(client: Client, db):
    pattern = re.compile(_worker_config(client.get("/sw.js").content.decode())["pagePattern"])
    for path in ("/en/", "/en/article/abc123", "/fr/story/x1", "/en/saved", "/en/for-you"):
        assert pattern.match(path), path
    for path in ("/en/accounts/login", "/api/v1/articles", "/en/search", "/en/article/a/ai"):
        assert not pattern.match(path), path


def test_worker_queues_only_the_save_and_unsave_forms_when_offline(client: Client, db):
    from django.urls import reverse

    pattern = re.compile(_worker_config(client.get("/sw.js").content.decode())["savePattern"])
    assert pattern.match(reverse("save-article", args=["abc123"]))
    assert pattern.match("/fr/saved/abc123")
    for path in ("/en/saved", "/en/saved.json", "/en/follow/source/x", "/en/read/abc123"):
        assert not pattern.match(path), path


def test_offline_page_renders_with_links_home(client: Client, db):
    response = client.get("/en/offline")
    html = response.content.decode()
    assert response.status_code == 200 and "You are offline" in html
    assert 'href="/en/"' in html and executable_parts(html) == []


def test_every_page_links_the_manifest_and_an_external_install_script(client: Client, db):
    html = client.get("/en/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert '<script src="/static/web/pwa.js" defer></script>' in html
    assert re.search(r"<button[^>]*data-install-app hidden>", html)
    assert executable_parts(html) == []
