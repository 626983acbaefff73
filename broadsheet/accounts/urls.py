"""Account URLs (mounted under the language prefix)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from broadsheet.accounts import views

urlpatterns = [
    path("accounts/signup", views.signup, name="signup"),
    path("accounts/verify/<str:uidb64>/<str:token>", views.verify_email, name="verify-email"),
    path("accounts/login", views.LoginView.as_view(), name="login"),
    path("accounts/logout", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/profile", views.profile, name="profile"),
    path("accounts/email", views.change_email, name="change-email"),
    path("accounts/email/confirm/<str:token>", views.confirm_email, name="confirm-email"),
    path("accounts/password", views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/delete", views.delete_account, name="delete-account"),
    path("accounts/password-reset", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password-reset/sent",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password-reset/<uidb64>/<token>",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password-reset/done",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
