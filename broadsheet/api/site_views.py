"""The site page where a signed-in reader creates, lists and revokes personal API tokens.

An app (a native reader, a script) is given a token here; the secret is shown once, on the
page that answers the creation, and never again (only its keyed hash is stored).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from broadsheet.api.fever.keys import (
    create_fever_password,
    has_fever_password,
    revoke_fever_password,
)
from broadsheet.api.tokens import create_token, revoke_token


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the app"),
        max_length=100,
        help_text=gettext_lazy("For example: phone, tablet, my script."),
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """List the reader's tokens; a POST creates one and shows its secret this once."""
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, created = create_token(request.user, name=form.cleaned_data["name"])
        except PermissionDenied as refused:
            form.add_error(None, str(refused))
        else:
            form = TokenForm()
            messages.success(request, _("Token “%(name)s” created.") % {"name": token.name})
    status = 400 if request.method == "POST" and not created else 200
    return _page(request, form=form, created=created, status=status)


def _page(
    request: HttpRequest,
    *,
    form: TokenForm,
    created: str | None = None,
    fever: tuple[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "created": created,
        "tokens": request.user.api_tokens.all(),  # type: ignore[union-attr]
        "header_example": "Authorization: Bearer bs_…",
        "has_fever": has_fever_password(request.user),
        "fever_password": fever[0] if fever else None,
        "fever_key": fever[1] if fever else None,
        "fever_url": request.build_absolute_uri("/fever/"),
    }
    return render(request, "api/tokens.html", context, status=status)


@never_cache
@login_required
@require_POST
def fever_password(request: HttpRequest) -> HttpResponse:
    """Make (or replace) the reader's Fever app password and show it this once."""
    try:
        fever = create_fever_password(request.user)
    except PermissionDenied as refused:
        messages.error(request, str(refused))
        return redirect("api-tokens")
    return _page(request, form=TokenForm(), fever=fever)


@login_required
@require_POST
def fever_revoke(request: HttpRequest) -> HttpResponse:
    """Delete the reader's Fever app password: Fever apps are signed out."""
    if revoke_fever_password(request.user):
        messages.success(request, _("Fever password deleted: Fever apps are signed out."))
    return redirect("api-tokens")


@login_required
@require_POST
def revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of the reader's own tokens (404 for anyone else's)."""
    if not revoke_token(request.user, token_id=token_id):
        raise Http404
    messages.success(request, _("Token revoked: apps using it are signed out."))
    return redirect("api-tokens")
