"""Titles and snippets come back as HTML: matches in <mark>, publisher text escaped."""

from broadsheet.search.tests.conftest import assert_well_formed


def test_title_and_snippet_wrap_matches_in_mark(publish, search):
    publish("Ferry service resumes", "After the storm the ferry left at noon.")
    hit = search("ferry").hits[0]
    assert hit.title_html == "<mark>Ferry</mark> service resumes"
    assert "the <mark>ferry</mark> left at noon" in hit.snippet_html


def test_markup_in_titles_and_bodies_is_escaped(publish, search):
    publish(
        'Ferry <script>alert("t")</script> & <b>co</b>',
        "The ferry <img src=x onerror=alert(1)> sailed & docked.",
    )
    results = search("ferry")
    hit = results.hits[0]
    assert "<script" not in hit.title_html and "&lt;script&gt;" in hit.title_html
    assert "<img" not in hit.snippet_html and "&lt;img" in hit.snippet_html
    assert_well_formed(results)


def test_marker_characters_in_publisher_text_cannot_forge_marks(publish, search):
    publish("Ferry \ue000forged\ue001 mark", "Body \ue000text\ue001.")
    hit = search("ferry").hits[0]
    assert hit.title_html == "<mark>Ferry</mark> forged mark"
    assert "<mark>" not in hit.snippet_html


def test_phrase_matches_are_marked(publish, search):
    publish("Storm closes the harbour bridge", "The harbour bridge is shut.")
    hit = search('"harbour bridge"').hits[0]
    assert "<mark>" in hit.title_html and "bridge" in hit.title_html
    assert_well_formed(search('"harbour bridge"'))


def test_snippet_collapses_paragraph_breaks(publish, search):
    publish("Ferry", "First paragraph about boats.\n\nSecond paragraph about the ferry.")
    assert "\n" not in search("ferry").hits[0].snippet_html


def test_accented_and_capitalised_spellings_are_marked_either_way(publish, search):
    publish("Café Zoë reopens", "The CAFE reopened; cafés nearby did not. Zoe's café is full.")
    hit = search("cafe zoe").hits[0]
    assert hit.title_html == "<mark>Café</mark> <mark>Zoë</mark> reopens"
    assert "<mark>CAFE</mark> reopened" in hit.snippet_html
    assert "<mark>Zoe</mark>&#x27;s <mark>café</mark>" in hit.snippet_html
    assert "<mark>cafés</mark>" not in hit.snippet_html  # whole words only, as FTS5 matches
