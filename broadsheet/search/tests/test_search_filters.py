"""Results can be narrowed to one source, one language and a publication date range."""

from datetime import timedelta

from django.utils import timezone

from broadsheet.search.tests.conftest import found_ids


def test_source_filter_keeps_only_that_source(publish, search, other_source):
    publish("Ferry resumes", "Boats.")
    theirs = publish("Ferry resumes", "Boats.", source=other_source)
    assert found_ids(search("ferry", source_slug="valley-post")) == [theirs.pk]


def test_unknown_source_finds_nothing(publish, search):
    publish("Ferry resumes", "Boats.")
    assert search("ferry", source_slug="no-such-source").hits == []


def test_language_filter_keeps_only_that_language(publish, search):
    publish("Ferry resumes", "Boats.", language="en")
    french = publish("Ferry reprend", "Bateaux.", language="fr")
    assert found_ids(search("ferry", language="fr")) == [french.pk]


def test_language_filter_on_a_primary_tag_includes_regional_variants(publish, search):
    brazil = publish("Ferry volta", "Barcos.", language="pt-BR")
    portugal = publish("Ferry volta", "Barcos.", language="pt")
    assert set(found_ids(search("ferry", language="pt"))) == {brazil.pk, portugal.pk}
    assert found_ids(search("ferry", language="pt-br")) == [brazil.pk]


def test_language_filter_is_not_a_search_word(publish, search):
    publish("Ferry resumes", "Boats.", language="en")
    assert search("len").hits == [] and search("en").hits == []


def test_since_keeps_articles_published_at_or_after_it(publish, search):
    now = timezone.now().replace(microsecond=0)
    publish("Ferry old", "Boats.", published_at=now - timedelta(days=3))
    recent = publish("Ferry recent", "Boats.", published_at=now - timedelta(days=1))
    assert found_ids(search("ferry", since=now - timedelta(days=1))) == [recent.pk]


def test_until_keeps_articles_published_before_it(publish, search):
    now = timezone.now().replace(microsecond=0)
    old = publish("Ferry old", "Boats.", published_at=now - timedelta(days=3))
    publish("Ferry recent", "Boats.", published_at=now - timedelta(days=1))
    assert found_ids(search("ferry", until=now - timedelta(days=1))) == [old.pk]


def test_since_and_until_together_keep_the_range_between(publish, search):
    now = timezone.now().replace(microsecond=0)
    for days in (1, 3, 5):
        publish(f"Ferry {days}", "Boats.", published_at=now - timedelta(days=days))
    results = search("ferry", since=now - timedelta(days=4), until=now - timedelta(days=2))
    assert [hit.title_html for hit in results.hits] == ["<mark>Ferry</mark> 3"]


def test_empty_date_range_finds_nothing(publish, search):
    now = timezone.now()
    publish("Ferry resumes", "Boats.")
    assert search("ferry", since=now, until=now - timedelta(days=1)).hits == []
