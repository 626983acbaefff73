"""Account pages: sign up, verify, log in, password reset, profile, delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from broadsheet.accounts import services
from broadsheet.accounts.forms import DeleteAccountForm, ProfileForm, SignUpForm
from broadsheet.lib.ratelimit import client_ip, hit

TOO_MANY = "Too many attempts from your address. Wait a few minutes and try again."
# Attempts per address per window (seconds).
LOGIN_LIMIT, LOGIN_WINDOW = 10, 300
SIGNUP_LIMIT, SIGNUP_WINDOW = 5, 3600
RESET_LIMIT, RESET_WINDOW = 5, 3600


def _allowed(request: HttpRequest, action: str, *, limit: int, window: int) -> bool:
    return hit(f"{action}:{client_ip(request)}", limit=limit, window=window)


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Create an inactive account and mail the link that activates it."""
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        if not _allowed(request, "signup", limit=SIGNUP_LIMIT, window=SIGNUP_WINDOW):
            form.add_error(None, TOO_MANY)
            return render(request, "accounts/signup.html", {"form": form}, status=429)
        if form.is_valid():
            user = services.register_user(
                form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                display_name=form.cleaned_data["display_name"],
            )
            token = services.make_verification_token(user)
            link = request.build_absolute_uri(reverse("verify-email", args=[token]))
            services.send_verification_email(user, link=link)
            return render(request, "accounts/signup_done.html", {"email": user.email})
        return render(request, "accounts/signup.html", {"form": form}, status=400)
    return render(request, "accounts/signup.html", {"form": form})


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """Activate the account the link names, then ask the reader to log in."""
    user = services.verify_email(token)
    if user is None:
        return render(request, "accounts/verify_failed.html", status=400)
    messages.success(request, "Your email address is confirmed. You can log in now.")
    return redirect("login")


class LoginView(auth_views.LoginView):
    """Django's login, limited per address."""

    template_name = "accounts/login.html"

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not _allowed(request, "login", limit=LOGIN_LIMIT, window=LOGIN_WINDOW):
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, TOO_MANY)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset by email, limited per address."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not _allowed(request, "reset", limit=RESET_LIMIT, window=RESET_WINDOW):
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, TOO_MANY)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """Change the display name."""
    current = services.display_name_of(request.user)  # type: ignore[arg-type]
    form = ProfileForm(request.POST or None, initial={"display_name": current})
    if request.method == "POST" and form.is_valid():
        services.update_profile(request.user, display_name=form.cleaned_data["display_name"])  # type: ignore[arg-type]
        messages.success(request, "Profile saved.")
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form})


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
            messages.success(request, "Your account is deleted.")
            return redirect("home")
        form.add_error("password", "That is not your password.")
    return render(request, "accounts/delete.html", {"form": form})
