"""A reader's folders and subscription titles: filing, moving, renaming, deleting."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from broadsheet.readers import folders, services
from broadsheet.readers.models import Folder, FolderEntry


def test_filing_a_source_follows_it_and_filing_twice_keeps_one_row(reader, sources):
    folders.file_source(reader, sources[0], folder="Local")
    folders.file_source(reader, sources[0], folder="  Local ")
    assert services.is_following(reader, sources[0])
    assert FolderEntry.objects.count() == 1
    assert folders.folders_by_source(reader) == {sources[0].pk: ["Local"]}


def test_a_source_may_sit_in_two_folders_and_moving_keeps_exactly_one(reader, sources):
    folders.file_source(reader, sources[0], folder="Local")
    folders.file_source(reader, sources[0], folder="Sea")
    assert folders.folders_by_source(reader) == {sources[0].pk: ["Local", "Sea"]}
    folders.move_source(reader, sources[0], folder="World")
    assert folders.folders_by_source(reader) == {sources[0].pk: ["World"]}
    folders.move_source(reader, sources[0], folder=None)
    assert folders.folders_by_source(reader) == {}
    assert services.is_following(reader, sources[0])


def test_renaming_into_an_existing_folder_merges_the_two(reader, sources):
    folders.file_source(reader, sources[0], folder="Tech")
    folders.file_source(reader, sources[1], folder="Technology")
    folders.file_source(reader, sources[1], folder="Tech")
    assert folders.rename_folder(reader, old="Tech", new="Technology")
    assert folders.folder_names(reader) == ["Technology"]
    assert folders.sources_in_folder(reader, "Technology") is not None
    assert sorted(folders.sources_in_folder(reader, "Technology") or []) == sorted(
        [sources[0].pk, sources[1].pk]
    )
    assert not folders.rename_folder(reader, old="Nothing", new="Else")


def test_deleting_a_folder_keeps_its_sources_followed(reader, sources):
    folders.file_source(reader, sources[0], folder="Tech")
    assert folders.delete_folder(reader, name="Tech")
    assert not folders.delete_folder(reader, name="Tech")
    assert services.is_following(reader, sources[0]) and folders.folder_names(reader) == []


def test_unfollowing_takes_a_source_out_of_every_folder(reader, sources):
    folders.file_source(reader, sources[0], folder="Tech")
    services.unfollow(reader, sources[0])
    assert folders.folders_by_source(reader) == {} and folders.folder_names(reader) == ["Tech"]


def test_folders_are_each_readers_own(reader, other_reader, sources):
    folders.file_source(reader, sources[0], folder="Tech")
    folders.file_source(other_reader, sources[0], folder="Tech")
    folders.rename_folder(other_reader, old="Tech", new="Gadgets")
    folders.set_subscription_title(other_reader, sources[0], title="Their name")
    assert folders.folder_names(reader) == ["Tech"]
    assert folders.subscription_titles(reader) == {}
    assert folders.subscription_titles(other_reader) == {sources[0].pk: "Their name"}


@pytest.mark.parametrize("name", ["", "   ", "\x00\x01", "x" * 101])
def test_unusable_folder_names_are_refused_with_a_reason(reader, sources, name):
    with pytest.raises(folders.FolderError):
        folders.file_source(reader, sources[0], folder=name)
    assert not Folder.objects.exists()


def test_a_title_is_cleaned_and_an_empty_one_restores_the_publishers_name(reader, sources):
    folders.set_subscription_title(reader, sources[0], title=" My\tpaper\n ")
    assert folders.subscription_titles(reader) == {sources[0].pk: "My paper"}
    folders.set_subscription_title(reader, sources[0], title="")
    assert folders.subscription_titles(reader) == {}


def test_anonymous_visitors_have_no_folders(sources):
    with pytest.raises(PermissionDenied):
        folders.create_folder(AnonymousUser(), name="Tech")
