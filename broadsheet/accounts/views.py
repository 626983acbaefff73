"""Account pages: sign up, verify, log in, password reset and change, email change,
profile, delete."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from broadsheet.accounts import services
from broadsheet.accounts.forms import (
    ChangeEmailForm,
    DeleteAccountForm,
    LoginForm,
    ProfileForm,
    SignUpForm,
)
from broadsheet.accounts.mail import mail_context
from broadsheet.lib.ratelimit import client_ip, hit

# Attempts per address per window (seconds). Wrong passwords are also counted per
# account and address by django-axes (LOGIN_FAILURE_LIMIT).
LOGIN_LIMIT, LOGIN_WINDOW = 30, 300
SIGNUP_LIMIT, SIGNUP_WINDOW = 5, 3600
RESET_LIMIT, RESET_WINDOW = 5, 3600
EMAIL_CHANGE_LIMIT, EMAIL_CHANGE_WINDOW = 5, 3600


def _too_many() -> str:
    return _("Too many attempts from your address. Wait a few minutes and try again.")


def _allowed(request: HttpRequest, action: str, *, limit: int, window: int) -> bool:
    return hit(f"{action}:{client_ip(request)}", limit=limit, window=window)


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Create an inactive account and mail the link that activates it."""
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        if not _allowed(request, "signup", limit=SIGNUP_LIMIT, window=SIGNUP_WINDOW):
            form.is_valid()
            form.add_error(None, _too_many())
            return render(request, "accounts/signup.html", {"form": form}, status=429)
        if form.is_valid():
            try:
                user = services.register_user(
                    form.cleaned_data["email"],
                    password=form.cleaned_data["password1"],
                    display_name=form.cleaned_data["display_name"],
                )
            except services.AccountError as error:
                form.add_error("email", str(error))
            else:
                uid, token = services.make_verification_path(user)
                link = request.build_absolute_uri(reverse("verify-email", args=[uid, token]))
                services.send_verification_email(user, link=link)
                context = {"email": user.email, **mail_context(link=link)}
                return render(request, "accounts/signup_done.html", context)
        return render(request, "accounts/signup.html", {"form": form}, status=400)
    return render(request, "accounts/signup.html", {"form": form})


def verify_email(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Activate the account the link names, then ask the reader to log in."""
    user = services.verify_email(uidb64, token)
    if user is None:
        return render(request, "accounts/verify_failed.html", status=400)
    messages.success(request, _("Your email address is confirmed. You can log in now."))
    return redirect("login")


class LoginView(auth_views.LoginView):
    """Django's login with the email as user name, limited per address."""

    template_name = "accounts/login.html"
    form_class = LoginForm

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _allowed(request, "login", limit=LOGIN_LIMIT, window=LOGIN_WINDOW):
            return _refused(self, request)
        return super().post(request, *args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset by email, limited per address."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _allowed(request, "reset", limit=RESET_LIMIT, window=RESET_WINDOW):
            return _refused(self, request)
        return super().post(request, *args, **kwargs)


def _refused(view: Any, request: HttpRequest) -> HttpResponse:
    """The view's form, with what was typed and a "too many attempts" error."""
    form = view.get_form()
    if isinstance(form, LoginForm):
        form.refused_reason = _too_many()
        form.is_valid()
    else:
        form.is_valid()
        form.errors.clear()
        form.add_error(None, _too_many())
    return view.render_to_response(view.get_context_data(form=form), status=429)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    """ "Check your email", saying where mail goes on a server that does not send it."""

    template_name = "accounts/password_reset_done.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **mail_context()}


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change (old password, new one twice); the session stays logged in."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("profile")

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, _("Your password is changed."))
        return super().form_valid(form)


@login_required
@require_http_methods(["GET", "POST"])
def change_email(request: HttpRequest) -> HttpResponse:
    """Mail a confirmation link to the new address; the account moves when it is opened."""
    form = ChangeEmailForm(request.POST or None, user=request.user)  # type: ignore[arg-type]
    if request.method == "POST":
        if not _allowed(request, "email", limit=EMAIL_CHANGE_LIMIT, window=EMAIL_CHANGE_WINDOW):
            form.is_valid()
            form.add_error(None, _too_many())
            return render(request, "accounts/change_email.html", {"form": form}, status=429)
        if form.is_valid():
            new_email = form.cleaned_data["email"]
            token = services.request_email_change(request.user, new_email=new_email)  # type: ignore[arg-type]
            link = request.build_absolute_uri(reverse("confirm-email", args=[token]))
            services.send_email_change_email(new_email, link=link)
            context = {"email": new_email, **mail_context()}
            return render(request, "accounts/change_email_sent.html", context)
        return render(request, "accounts/change_email.html", {"form": form}, status=400)
    return render(request, "accounts/change_email.html", {"form": form})


def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    """Open the link mailed to the new address: the account now uses it."""
    user = services.confirm_email_change(token)
    if user is None:
        return render(request, "accounts/verify_failed.html", status=400)
    messages.success(request, _("Your account now uses %(email)s.") % {"email": user.email})
    return redirect("profile" if request.user.is_authenticated else "login")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """Change the display name."""
    current = services.display_name_of(request.user)
    form = ProfileForm(request.POST or None, initial={"display_name": current})
    if request.method == "POST" and form.is_valid():
        services.update_profile(request.user, display_name=form.cleaned_data["display_name"])  # type: ignore[arg-type]
        messages.success(request, _("Profile saved."))
        return redirect("profile")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/profile.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    """Delete the account after the password is typed again."""
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if request.user.check_password(form.cleaned_data["password"]):
            user = request.user
            logout(request)
            services.delete_account(user)  # type: ignore[arg-type]
            messages.success(request, _("Your account is deleted."))
            return redirect("home")
        form.add_error("password", _("That is not your password."))
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/delete.html", {"form": form}, status=status)
