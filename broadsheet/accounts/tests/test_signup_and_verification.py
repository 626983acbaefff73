"""Sign-up creates an inactive account; only the emailed link activates it."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.mail.backends import locmem
from django.test import Client

from broadsheet.accounts.tests.people import PASSWORD, make_reader

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/en/accounts/verify/\S+)")


def sign_up(client: Client, email: str = "Ana@Example.org", **overrides: str):
    data = {
        "email": email,
        "display_name": "Ana R",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }
    return client.post("/en/accounts/signup", data)


def verification_path(message_index: int = -1) -> str:
    match = LINK.search(mail.outbox[message_index].body)
    assert match, mail.outbox[message_index].body
    return match.group(1)


def test_sign_up_creates_an_inactive_account_and_mails_the_link(client: Client):
    response = sign_up(client)
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    user = User.objects.get(username="ana@example.org")
    assert not user.is_active and user.email == "ana@example.org"
    assert user.profile.display_name == "Ana R"
    assert PASSWORD not in user.password and user.check_password(PASSWORD)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ana@example.org"]


def test_login_before_verification_is_refused_with_a_clear_reason(client: Client):
    sign_up(client)
    response = client.post(
        "/en/accounts/login", {"username": "ana@example.org", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Confirm your email address first" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_link_activates_the_account_once_and_then_login_works(client: Client):
    sign_up(client)
    path = verification_path()
    response = client.get(path)
    assert response.status_code == 302 and response["Location"] == "/en/accounts/login"
    assert User.objects.get(username="ana@example.org").is_active
    assert client.get(path).status_code == 400  # used links die
    response = client.post(
        "/en/accounts/login", {"username": "ANA@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get().pk)


def test_a_forged_or_garbled_link_activates_nothing(client: Client):
    sign_up(client)
    uid = verification_path().split("/")[-2]
    assert client.get(f"/en/accounts/verify/{uid}/abc-123").status_code == 400
    assert client.get("/en/accounts/verify/%%%/abc").status_code == 400
    assert not User.objects.get().is_active


def test_signing_up_again_replaces_a_pending_account_and_kills_its_old_link(client: Client):
    sign_up(client)
    first = verification_path()
    sign_up(client, password1="another-long-pass-77", password2="another-long-pass-77")
    assert User.objects.filter(username="ana@example.org").count() == 1
    assert client.get(first).status_code == 400
    assert client.get(verification_path()).status_code == 302
    user = User.objects.get()
    assert user.is_active and user.check_password("another-long-pass-77")


def test_an_address_in_use_cannot_sign_up_again(client: Client):
    make_reader("Ana", email="ana@example.org")
    response = sign_up(client, email="ANA@example.org")
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    assert len(mail.outbox) == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password1": "123", "password2": "123"}, "too short"),
        ({"password1": "password", "password2": "password"}, "too common"),
        ({"password2": "something-else-99"}, "differ"),
        ({"display_name": "   "}, "required"),
        ({"email": "not-an-address"}, "valid email"),
    ],
)
def test_sign_up_form_errors_keep_what_was_typed(client: Client, overrides, message):
    response = sign_up(client, **overrides)
    html = response.content.decode()
    assert response.status_code == 400 and message in html
    assert not User.objects.exists() and len(mail.outbox) == 0


def test_sign_up_is_rate_limited_per_address(client: Client):
    for n in range(5):
        assert sign_up(client, email=f"r{n}@example.org").status_code == 200
    response = sign_up(client, email="r9@example.org")
    assert response.status_code == 429 and "Too many attempts" in response.content.decode()
    assert not User.objects.filter(username="r9@example.org").exists()
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert sign_up(other, email="r10@example.org").status_code == 200


def test_hostile_display_name_is_escaped_on_the_profile(client: Client):
    user = make_reader("<script>alert(1)</script><img onerror=alert(2)>")
    client.force_login(user)
    html = client.get("/en/accounts/profile").content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def test_a_local_server_says_where_the_link_went(client: Client, settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.DEBUG = False
    page = sign_up(client).content.decode()
    assert "prints each message in the terminal where Broadsheet runs" in page
    assert "/accounts/verify/" not in page  # never the link itself outside local mode
    printed = capsys.readouterr().out
    assert re.search(r"http://testserver/en/accounts/verify/\S+", printed)


def test_local_mode_puts_the_link_on_the_page_and_it_works(client: Client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.DEBUG = True
    page = sign_up(client).content.decode()
    link = re.search(
        r'class="local-link" href="http://testserver(/en/accounts/verify/[^"]+)"', page
    )
    assert link, page
    assert client.get(link.group(1)).status_code in (200, 302)
    assert User.objects.get(username="ana@example.org").is_active


class RelayBackend(locmem.EmailBackend):
    """Stands in for a real mail relay: a backend the page cannot know keeps mail local."""


def test_a_server_that_sends_mail_says_nothing_of_consoles(client: Client, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RelayBackend"
    settings.DEBUG = True
    page = sign_up(client).content.decode()
    assert "Check your email" in page and len(mail.outbox) == 1
    assert "terminal" not in page and "/accounts/verify/" not in page


def test_the_sign_up_email_speaks_the_language_of_the_page(client: Client):
    client.post(
        "/fr/accounts/signup",
        {"email": "ana@example.org", "display_name": "Ana", "password1": PASSWORD,
         "password2": PASSWORD},
    )  # fmt: skip
    message = mail.outbox[-1]
    assert message.subject.startswith("Confirmez votre compte")
    assert "Ouvrez ce lien" in message.body and "/fr/accounts/verify/" in message.body
