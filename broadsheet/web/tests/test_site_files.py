"""/robots.txt, /favicon.ico and the API docs page answer as a browser and a crawler expect."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_robots_txt_opens_the_news_points_at_the_sitemaps_and_closes_private_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "User-agent: *" in text
    for private in ("/admin/", "/api/", "/*/accounts/", "/*/saved"):
        assert f"Disallow: {private}\n" in text
    assert "Disallow: /\n" not in text and "Disallow: /en/\n" not in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/sitemap-news.xml" in text


def test_favicon_ico_is_the_app_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG") and "max-age" in response["Cache-Control"]


def test_the_api_docs_page_fits_a_phone(client):
    page = client.get("/api/v1/docs").content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert 'id="swagger-settings"' in page and "swagger-ui-bundle.js" in page


@pytest.mark.django_db(transaction=True)
def test_the_api_docs_render_phone_wide_in_chromium(live_server, page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/api/v1/docs")
    page.wait_for_selector(".opblock")  # Swagger UI drew the operations
    width = page.evaluate("() => document.documentElement.clientWidth")
    assert width == 390
