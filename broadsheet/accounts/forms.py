"""Forms for signing up and editing a profile."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.models import User


class SignUpForm(forms.Form):
    """Email, a public display name and a password typed twice."""

    email = forms.EmailField(max_length=254)
    display_name = forms.CharField(max_length=50, help_text="Shown beside your comments.")
    password1 = forms.CharField(label="Password", strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(label="Password again", strip=False, widget=forms.PasswordInput)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(username__iexact=email).exists():
            raise forms.ValidationError("An account with this email already exists.")
        return email

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError("Choose a display name.")
        return name

    def clean(self) -> dict:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords differ.")
        elif first:
            probe = User(username=data.get("email", ""), email=data.get("email", ""))
            try:
                password_validation.validate_password(first, user=probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ProfileForm(forms.Form):
    """The display name."""

    display_name = forms.CharField(max_length=50)


class DeleteAccountForm(forms.Form):
    """The current password, to confirm deleting the account."""

    password = forms.CharField(strip=False, widget=forms.PasswordInput)
