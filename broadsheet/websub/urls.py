"""The WebSub callback URL (outside the language prefix: hubs call it)."""

from django.urls import path

from broadsheet.websub import views

websub_patterns = [path("websub/<str:token>", views.callback, name="websub-callback")]
