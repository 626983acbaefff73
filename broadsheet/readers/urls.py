"""Reader URLs (mounted under the language prefix)."""

from django.urls import path

from broadsheet.readers import folder_views, views

urlpatterns = [
    path("for-you", views.for_you, name="for-you"),
    path("saved", views.saved, name="saved"),
    path("saved.json", views.saved_urls, name="saved-urls"),
    path("saved/<str:public_id>", views.save_target, name="save-article"),
    path("read/<str:public_id>", views.read_target, name="read-article"),
    path("following", views.following, name="following"),
    path("following/opml", folder_views.export_opml, name="following-opml"),
    path("following/opml/import", folder_views.import_opml, name="following-opml-import"),
    path("following/file/<slug:slug>", folder_views.file_source, name="following-file"),
    path("following/folders/rename", folder_views.rename_folder, name="folder-rename"),
    path("following/folders/delete", folder_views.delete_folder, name="folder-delete"),
    path("follow/<str:kind>/<str:key>", views.follow_target, name="follow"),
    path("mute/source/<slug:slug>", views.mute_source, name="mute-source"),
    path("mute/word", views.mute_word, name="mute-word"),
]
