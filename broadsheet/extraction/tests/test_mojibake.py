"""UTF-8 text read as Latin-1 before the page was served is decoded back (parsing.parse_page)."""

from __future__ import annotations

from broadsheet.extraction import extract_article
from broadsheet.extraction.parsing import parse_page

# "you’re" and "café" as UTF-8 bytes read back as Latin-1: "’" became "â" and two C1 controls.
MOJIBAKE_APOSTROPHE = "you\xe2\x80\x99re"
MOJIBAKE_ACUTE = "caf\xc3\xa9"


def _page(paragraph: str) -> str:
    filler = (
        "<p>The council voted on Tuesday to reopen the old swimming baths after a decade of "
        "closure, with the first lanes due to open to the public next spring.</p>"
    )
    return (
        "<html><head><title>Baths to reopen</title></head><body><article>"
        f"<h1>Baths to reopen</h1>{filler}<p>{paragraph}</p>{filler.replace('Tuesday', 'Friday')}"
        "</article></body></html>"
    )


def test_a_run_of_latin1_characters_that_is_one_utf8_character_is_decoded() -> None:
    sentence = f"When {MOJIBAKE_APOSTROPHE} swimming, the {MOJIBAKE_ACUTE} by the pool is open."
    article = extract_article(_page(sentence), "https://example.org/baths")
    assert article is not None
    assert "When you\u2019re swimming, the caf\u00e9 by the pool is open." in article.text
    assert "youre" not in article.text  # the controls were dropped and the halves glued


def test_a_page_without_c1_controls_is_left_as_written() -> None:
    # "Ã©" typed on purpose (a page about encodings) is no mojibake without the controls.
    tree = parse_page("<html><body><p>Read \u00c3\u00a9 as \u00e9, a classic.</p></body></html>")
    assert tree is not None
    assert "Read \u00c3\u00a9 as \u00e9" in tree.text_content()


def test_c1_controls_that_are_no_utf8_sequence_are_left_to_the_hygiene() -> None:
    tree = parse_page("<html><body><p>Price\x85 list \xe2\x80 end</p></body></html>")
    assert tree is not None
    assert "Price\x85 list \xe2\x80 end" in tree.text_content()
