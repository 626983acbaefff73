"""The reader's versions (readers/versions.py) live in the database and come with the session
row: a signed-in page reads no cache for them, and a change made anywhere shows next."""

from __future__ import annotations

from django.core.cache import caches
from django.test import Client

from broadsheet.lib.page_versions import ALIAS
from broadsheet.readers import services
from broadsheet.readers.models import Follow, ReaderVersion
from broadsheet.readers.versions import READS, STATE, current, renew


def _follows_button(client: Client, path: str) -> bool:
    return b'value="unfollow"' in client.get(path).content


def test_a_signed_in_page_reads_no_cache_for_the_readers_versions(
    reader, sources, make_story, monkeypatch
):
    story = make_story("Harbour ferry resumes", sources[:2])
    client = Client()
    client.force_login(reader)
    paths = ["/en/", f"/en/story/{story.public_id}"]
    for path in paths:
        client.get(path)  # this process learns whose session it is
    store = caches[ALIAS]
    asked: list[str] = []
    original = store.get

    def get(key, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(str(key))
        return original(key, *args, **kwargs)

    monkeypatch.setattr(store, "get", get)
    for path in paths:
        assert client.get(path).status_code == 200
    assert not [key for key in asked if key.startswith("reader:")]


def test_a_version_made_in_another_process_shows_on_the_next_page(reader, sources, make_story):
    story = make_story("Harbour ferry resumes", sources[:2])
    client = Client()
    client.force_login(reader)
    page = f"/en/story/{story.public_id}"
    assert not _follows_button(client, page) and not _follows_button(client, page)
    # Another process follows: its row, then its new version, with no signal sent here.
    Follow.objects.bulk_create([Follow(user=reader, kind="story", target_id=story.pk)])
    assert not _follows_button(client, page)  # this process's kept state, same version
    ReaderVersion.objects.filter(user=reader).update(state="made-elsewhere")
    assert _follows_button(client, page)


def test_a_change_in_the_request_itself_is_seen_later_in_it(reader, sources, make_story):
    story = make_story("Harbour ferry resumes", sources[:2])
    client = Client()
    client.force_login(reader)
    client.get("/en/")
    user = client.get("/en/").wsgi_request.user  # carries the versions read with its session
    before = current(user, STATE), current(user, READS)
    services.follow(user, story)
    after = current(user, STATE), current(user, READS)
    assert after[0] != before[0] and after[1] == before[1]
    renew(reader.pk, READS)
    assert current(user, READS) not in (before[1], after[1])
    assert ReaderVersion.objects.get(user=reader).reads == current(user, READS)
