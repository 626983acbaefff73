"""URL map: language-prefixed pages, the admin and the health check."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import path

from broadsheet.accounts import urls as account_urls
from broadsheet.api import site_views as api_site_views
from broadsheet.api import v1 as api_v1
from broadsheet.api.fever.urls import fever_patterns
from broadsheet.api.greader.urls import greader_patterns
from broadsheet.comments import urls as comment_urls
from broadsheet.readers import urls as reader_urls
from broadsheet.web import (
    ai_views,
    language_views,
    pwa_views,
    search_views,
    site_files,
    story_views,
    views,
)
from broadsheet.web.feeds_out import feed_patterns
from broadsheet.web.search_feeds import search_feed_patterns
from broadsheet.web.sitemaps import sitemap_patterns
from broadsheet.websub.urls import websub_patterns

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", site_files.robots_txt, name="robots-txt"),
    path("favicon.ico", site_files.favicon, name="favicon"),
    path("manifest.webmanifest", pwa_views.manifest, name="manifest"),
    path("sw.js", pwa_views.service_worker, name="service-worker"),
    path("admin/", admin.site.urls),
    path("api/v1/", api_v1.urls()),
    path("", language_views.root, name="root"),
]
# The Google Reader API for existing reader apps (docs/api.md).
urlpatterns += greader_patterns
# The Fever API for the reader apps that sync through it (docs/api.md).
urlpatterns += fever_patterns
# WebSub hubs check subscriptions and push new entries here (broadsheet/websub).
urlpatterns += websub_patterns

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("article/<str:public_id>", views.article_detail, name="article"),
    path("source/<slug:slug>", views.source_detail, name="source"),
    path("search", search_views.search, name="search"),
    path("article/<str:public_id>/ai", ai_views.article_ai, name="article-ai"),
    path("article/<str:public_id>/ask", ai_views.article_ask, name="article-ask"),
    path("stories", story_views.stories_list, name="stories"),
    path("story/<str:public_id>", story_views.story_detail, name="story"),
    path("story/<str:public_id>/ask", ai_views.story_ask, name="story-ask"),
    path("topic/<slug:slug>", story_views.topic_detail, name="topic"),
    path("entity/<slug:slug>", story_views.entity_detail, name="entity"),
    path("offline", pwa_views.offline, name="offline"),
    prefix_default_language=True,
)

urlpatterns += feed_patterns
urlpatterns += search_feed_patterns
urlpatterns += sitemap_patterns

urlpatterns += i18n_patterns(
    path("accounts/tokens", api_site_views.tokens, name="api-tokens"),
    path("accounts/tokens/<int:token_id>/revoke", api_site_views.revoke, name="api-token-revoke"),
    path("accounts/fever", api_site_views.fever_password, name="fever-password"),
    path("accounts/fever/revoke", api_site_views.fever_revoke, name="fever-revoke"),
    *account_urls.urlpatterns,
    *comment_urls.urlpatterns,
    *reader_urls.urlpatterns,
    prefix_default_language=True,
)
