"""Personal API tokens: created from the signed-in site, shown once, stored hashed, revocable."""

from __future__ import annotations

import json

from django.test import Client

from broadsheet.api.models import ApiToken
from broadsheet.api.tests.conftest import bearer


def signed_in(user) -> Client:
    """A browser-like client: session cookie, and Django's CSRF check enforced."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/en/")  # sets the csrftoken cookie, as a page would
    return client


def csrf(client: Client) -> dict[str, str]:
    return {"X-CSRFToken": client.cookies["csrftoken"].value}


def test_a_token_is_shown_once_and_stored_only_hashed(reader):
    client = signed_in(reader)
    response = client.post(
        "/api/v1/me/tokens", json.dumps({"name": "phone"}), content_type="application/json",
        headers=csrf(client),
    )  # fmt: skip
    assert response.status_code == 201
    text = response.json()["token"]
    row = ApiToken.objects.get(user=reader)
    assert text.startswith(f"bs_{row.prefix}_") and text.split("_", 2)[2] not in row.digest
    assert len(row.digest) == 64
    listed = client.get("/api/v1/me/tokens").json()
    assert [t["name"] for t in listed] == ["phone"] and "token" not in listed[0]
    me = Client(headers={"Authorization": f"Bearer {text}"}).get("/api/v1/me")
    assert me.status_code == 200 and me.json()["email"] == "ana@example.org"


def test_session_writes_need_the_csrf_token(reader):
    client = signed_in(reader)
    body = json.dumps({"name": "phone"})
    refused = client.post("/api/v1/me/tokens", body, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    assert not ApiToken.objects.exists()


def test_a_token_cannot_mint_more_tokens(as_reader, reader):
    response = as_reader.post(
        "/api/v1/me/tokens", json.dumps({"name": "more"}), content_type="application/json"
    )
    assert response.status_code == 403 and ApiToken.objects.filter(user=reader).count() == 1


def test_a_revoked_token_no_longer_works(reader):
    headers = bearer(reader)
    client = Client(headers=headers)
    token_id = client.get("/api/v1/me/tokens").json()[0]["id"]
    assert client.delete(f"/api/v1/me/tokens/{token_id}").status_code == 204
    response = client.get("/api/v1/me")
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthorized"


def test_wrong_or_forged_tokens_are_401(reader):
    good = bearer(reader)["Authorization"]
    forged = good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB")
    for header in (forged, "Bearer bs_nope_nope", "Bearer ", "Basic abc"):
        assert Client(headers={"Authorization": header}).get("/api/v1/me").status_code == 401
    assert Client().get("/api/v1/me").status_code == 401
