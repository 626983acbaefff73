"""Indexed articles are found by the words of their title and of their body."""

from broadsheet.search.tests.conftest import found_ids


def test_search_finds_an_article_by_a_title_word(publish, search):
    article = publish("Ferry service resumes", "Boats are running.")
    publish("Council budget approved", "Taxes stay flat.")
    assert found_ids(search("ferry")) == [article.pk]


def test_search_finds_an_article_by_a_body_word(publish, search):
    article = publish("Service update", "The harbour ferry resumed on Monday.")
    publish("Council budget approved", "Taxes stay flat.")
    assert found_ids(search("harbour")) == [article.pk]


def test_search_requires_every_word(publish, search):
    both = publish("Ferry strike ends", "Crews return to the harbour.")
    publish("Ferry timetable", "New winter times.")
    assert found_ids(search("ferry harbour")) == [both.pk]


def test_search_ignores_case_and_accents(publish, search):
    article = publish("Café reopens on the quay", "Espresso again.")
    assert found_ids(search("CAFE")) == [article.pk]


def test_search_falls_back_to_the_summary_when_the_body_is_empty(publish, search):
    article = publish("Short item", "", summary="Lighthouse keeper retires.")
    assert found_ids(search("lighthouse")) == [article.pk]


def test_search_reports_the_total_number_of_matches(publish, search):
    for n in range(3):
        publish(f"Ferry news {n}", "Boats.")
    results = search("ferry", limit=2)
    assert len(results.hits) == 2 and results.total == 3 and not results.is_total_capped


def test_search_pages_with_offset(publish, search):
    for n in range(3):
        publish(f"Ferry news {n}", "Boats.")
    first, second = search("ferry", limit=2), search("ferry", limit=2, offset=2)
    assert len(second.hits) == 1 and second.total == 3
    assert not set(found_ids(first)) & set(found_ids(second))
