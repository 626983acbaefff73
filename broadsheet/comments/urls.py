"""Comment URLs (mounted under the language prefix)."""

from django.urls import path

from broadsheet.comments import views

urlpatterns = [
    path(
        "comments/<str:kind>/<str:public_id>/post",
        views.post_comment,
        name="comment-post",
    ),
    path("comments/<int:pk>/edit", views.edit_comment, name="comment-edit"),
    path("comments/<int:pk>/delete", views.delete_comment, name="comment-delete"),
    path("comments/<int:pk>/report", views.report_comment, name="comment-report"),
    path("comments/<int:pk>/moderate", views.moderate_comment, name="comment-moderate"),
]
