"""The site page for API tokens: create (secret shown once), list, revoke; owner only."""

from __future__ import annotations

import re

from django.test import Client

from broadsheet.api.models import ApiToken
from broadsheet.api.tests.conftest import make_reader


def signed_in(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/en/accounts/tokens")  # sets the csrftoken cookie, as the page would
    return client


def post(client: Client, path: str, data: dict | None = None):
    token = client.cookies["csrftoken"].value
    return client.post(path, {**(data or {}), "csrfmiddlewaretoken": token})


def test_created_token_is_shown_once_and_then_works_against_the_api(reader):
    client = signed_in(reader)
    page = post(client, "/en/accounts/tokens", {"name": "phone"}).content.decode()
    secret = re.search(r'<code class="token-secret">(bs_[^<]+)</code>', page).group(1)
    me = Client(headers={"Authorization": f"Bearer {secret}"}).get("/api/v1/me")
    assert me.status_code == 200
    again = client.get("/en/accounts/tokens").content.decode()
    assert "phone" in again and secret not in again and "token-secret" not in again
    row = ApiToken.objects.get(user=reader)
    assert f"bs_{row.prefix}_…" in again and secret.split("_", 2)[2] not in row.digest


def test_revoking_signs_the_app_out(reader):
    client = signed_in(reader)
    page = post(client, "/en/accounts/tokens", {"name": "tablet"}).content.decode()
    secret = re.search(r'<code class="token-secret">(bs_[^<]+)</code>', page).group(1)
    row = ApiToken.objects.get(user=reader)
    response = post(client, f"/en/accounts/tokens/{row.pk}/revoke")
    assert response.status_code == 302 and not ApiToken.objects.exists()
    me = Client(headers={"Authorization": f"Bearer {secret}"}).get("/api/v1/me")
    assert me.status_code == 401


def test_nobody_revokes_or_sees_anothers_token(reader):
    client = signed_in(reader)
    post(client, "/en/accounts/tokens", {"name": "ana-laptop"})
    row = ApiToken.objects.get(user=reader)
    intruder = signed_in(make_reader("eve@example.org", "Eve"))
    assert post(intruder, f"/en/accounts/tokens/{row.pk}/revoke").status_code == 404
    assert "ana-laptop" not in intruder.get("/en/accounts/tokens").content.decode()
    assert ApiToken.objects.filter(pk=row.pk).exists()


def test_anonymous_is_sent_to_log_in_and_an_empty_name_is_refused(reader, db):
    response = Client().get("/en/accounts/tokens")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]
    client = signed_in(reader)
    assert post(client, "/en/accounts/tokens", {"name": ""}).status_code == 400
    assert not ApiToken.objects.exists()


def test_revoking_needs_the_csrf_token(reader):
    client = signed_in(reader)
    post(client, "/en/accounts/tokens", {"name": "phone"})
    row = ApiToken.objects.get(user=reader)
    assert client.post(f"/en/accounts/tokens/{row.pk}/revoke").status_code == 403
    assert ApiToken.objects.filter(pk=row.pk).exists()


def test_a_fever_app_password_is_shown_once_and_signs_a_fever_app_in(reader):
    from broadsheet.api.fever.keys import api_key_for, authenticate_fever

    client = signed_in(reader)
    page = post(client, "/en/accounts/fever").content.decode()
    password = re.search(r'<code class="fever-password">([^<]+)</code>', page).group(1)
    key = re.search(r'<code class="fever-key">([0-9a-f]{32})</code>', page).group(1)
    assert key == api_key_for("ana@example.org", password)
    assert authenticate_fever(key) == reader
    again = client.get("/en/accounts/tokens").content.decode()
    assert password not in again and "Replace the Fever app password" in again
    post(client, "/en/accounts/fever/revoke")
    assert authenticate_fever(key) is None
    assert Client().post("/en/accounts/fever").status_code == 302  # to the log-in page
