"""Where this server's e-mail goes, so a page that says "check your email" can say where."""

from __future__ import annotations

from django.conf import settings

# Django's backends that keep mail on this machine instead of sending it.
_LOCAL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend": "console",
    "django.core.mail.backends.filebased.EmailBackend": "file",
    "django.core.mail.backends.locmem.EmailBackend": "memory",
    "django.core.mail.backends.dummy.EmailBackend": "nowhere",
}


def local_mail_delivery() -> str:
    """ "console", "file", "memory" or "nowhere" when mail is not really sent; "" when it is."""
    return _LOCAL_BACKENDS.get(settings.EMAIL_BACKEND, "")


def mail_context(*, link: str = "") -> dict[str, str]:
    """Template context for the "check your email" pages (accounts/_local_mail.html).

    The link itself is put on the page only when DEBUG is on and mail stays on this
    machine: a local setup with no mail server. Anywhere else, showing it would let anyone
    confirm an address they cannot read.
    """
    delivery = local_mail_delivery()
    shown = link if settings.DEBUG and delivery in ("console", "file", "memory") else ""
    return {
        "mail_delivery": delivery,
        "mail_file_path": str(getattr(settings, "EMAIL_FILE_PATH", "") or ""),
        "local_link": shown,
    }
