"""Forms for signing up, logging in and changing an account."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from broadsheet.accounts.services import find_pending_signup


class SignUpForm(forms.Form):
    """Email, a public display name and a password typed twice."""

    email = forms.EmailField(label=_("Email"), max_length=254)
    display_name = forms.CharField(
        label=_("Display name"), max_length=50, help_text=_("Shown beside your comments.")
    )
    password1 = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Password again"), strip=False, widget=forms.PasswordInput)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        taken = User.objects.filter(username__iexact=email).exists()
        if taken and find_pending_signup(email) is None:
            raise forms.ValidationError(_("An account with this email already exists."))
        return email

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("Choose a display name."))
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            probe = User(username=data.get("email", ""), email=data.get("email", ""))
            try:
                password_validation.validate_password(first, user=probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class LoginForm(AuthenticationForm):
    """Log in with the email address (or an operator's user name); says so when the address
    is not confirmed yet."""

    # A text field, not an email one: an operator made by `createsuperuser` signs in with a
    # user name, which the browser would refuse in an email field.
    username = forms.CharField(
        label=_("Email or user name"),
        max_length=254,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}
        ),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "No account matches this email or user name and password. Both fields are "
            "checked; the email is the one you signed up with."
        ),
    }

    # Set by the view when the address is over its rate limit: refuse without checking
    # the password, so a throttled guesser learns nothing and costs no hashing.
    refused_reason: str = ""

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        if self.refused_reason:
            raise forms.ValidationError(self.refused_reason, code="rate_limited")
        return super().clean()

    def get_invalid_login_error(self) -> forms.ValidationError:
        # Django's backend refuses inactive accounts like wrong passwords; a reader who
        # typed the right password for an unconfirmed account is told what to do instead.
        name, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        pending = find_pending_signup(name or "") if name and password else None
        if pending is not None and pending.check_password(password):
            return forms.ValidationError(
                _("Confirm your email address first: open the link we sent you."),
                code="inactive",
            )
        return super().get_invalid_login_error()


class ProfileForm(forms.Form):
    """The display name."""

    display_name = forms.CharField(label=_("Display name"), max_length=50)

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("Choose a display name."))
        return name


class ChangeEmailForm(forms.Form):
    """A new address and the current password; the change waits for the emailed link."""

    email = forms.EmailField(label=_("New email"), max_length=254)
    password = forms.CharField(label=_("Current password"), strip=False, widget=forms.PasswordInput)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(username__iexact=email).exclude(pk=self.user.pk).exists():
            raise forms.ValidationError(_("An account with this email already exists."))
        if email == self.user.email.lower():
            raise forms.ValidationError(_("That is already your address."))
        return email

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return str(password)


class DeleteAccountForm(forms.Form):
    """The current password, to confirm deleting the account."""

    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)
