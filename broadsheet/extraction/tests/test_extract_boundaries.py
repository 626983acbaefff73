"""Block elements and <br> become paragraph or line breaks; inline elements never glue words."""

from __future__ import annotations

import pytest

from broadsheet.extraction import extract_article

FILLER = " ".join(
    f"Sentence {n} tells the reader one more thing about the flood in the valley." for n in range(6)
)


def _body(fragment: str) -> list[str]:
    html = (
        "<html><head><title>Flood</title></head><body><article><h1>Valley flood</h1>"
        f"<p>{FILLER}</p>{fragment}<p>{FILLER} The end.</p></article></body></html>"
    )
    article = extract_article(html)
    assert article is not None
    return article.paragraphs[1:-1]


@pytest.mark.parametrize(
    "fragment",
    [
        "<p>They told the authorities.</p><p>On Monday the water rose.</p>",
        "<div><p>They told the authorities.</p></div><div><p>On Monday the water rose.</p></div>",
        "<section><p>They told the authorities.</p><p>On Monday the water rose.</p></section>",
        "<blockquote><p>They told the authorities.</p><p>On Monday the water rose.</p></blockquote>",
        "<ul><li><p>They told the authorities.</p><p>On Monday the water rose.</p></li></ul>",
        "<h2>They told the authorities.</h2><p>On Monday the water rose.</p>",
    ],
)
def test_extract_keeps_paragraph_boundaries(fragment: str) -> None:
    assert _body(fragment) == ["They told the authorities.", "On Monday the water rose."]


def test_br_becomes_a_line_break_inside_the_paragraph() -> None:
    assert _body("<p>Open 8am to 6pm<br>Closed on Sundays<br/>Free entry</p>") == [
        "Open 8am to 6pm\nClosed on Sundays\nFree entry"
    ]


def test_inline_elements_do_not_glue_or_split_words() -> None:
    fragment = (
        '<p>The <a href="/x">European Central Bank</a> kept <b>rates</b> <i>unchanged</i>, '
        "said <span><a href='/p'>Christine Lagarde</a></span> in Frank<span>furt</span>.</p>"
    )
    assert _body(fragment) == [
        "The European Central Bank kept rates unchanged, said Christine Lagarde in Frankfurt."
    ]


def test_time_inside_a_sentence_keeps_its_words() -> None:
    fragment = (
        '<p>A first cut is expected in <time datetime="2024-06">June</time> at the earliest.</p>'
    )
    assert _body(fragment) == ["A first cut is expected in June at the earliest."]


def test_hover_card_inside_a_paragraph_is_not_glued_into_the_sentence() -> None:
    card = (
        '<span class="card"><img src="/p.jpg" width="80"><a href="/people/jane">Jane Doe</a>'
        '<a href="/a/1">Another story about Jane Doe and the council</a> <a href="/a/2">A third one</a></span>'
    )
    fragment = f'<p>The mayor, <a href="/people/jane">Jane Doe</a>{card}, opened the bridge.</p>'
    assert _body(fragment) == ["The mayor, Jane Doe, opened the bridge."]


def test_hyphens_apostrophes_and_invisible_characters() -> None:
    fragment = (
        "<p>Al-<em>Qaeda</em> didn’t co\u00adoperate with O'Brien\u200b’s team&nbsp;today.</p>"
    )
    assert _body(fragment) == ["Al-Qaeda didn’t cooperate with O'Brien’s team today."]


def test_paragraphs_are_separated_by_exactly_one_blank_line() -> None:
    html = (
        "<html><body><article><h1>T</h1>"
        f"<p>{FILLER}</p>\n\n\n<p>  Second   paragraph\twith   odd spacing, long enough to be kept as text.  </p>"
        "</article></body></html>"
    )
    article = extract_article(html)
    assert article is not None
    assert (
        article.text
        == f"{FILLER}\n\nSecond paragraph with odd spacing, long enough to be kept as text."
    )


def test_text_after_an_empty_inline_element_is_kept() -> None:
    fragment = '<p><span id="more-1"></span>Islam split over politics, he wrote.</p><p>Next <b></b>part.</p>'
    assert _body(fragment) == ["Islam split over politics, he wrote.", "Next part."]


def test_sentence_fragment_in_a_span_with_a_furniture_class_is_kept() -> None:
    fragment = (
        '<p>The league decided <span class="link"><a href="/x">to move the rematch</a></span> '
        "to an earlier kick-off on Sunday.</p>"
    )
    assert _body(fragment) == [
        "The league decided to move the rematch to an earlier kick-off on Sunday."
    ]


def test_double_br_separates_paragraphs_and_keeps_leading_text() -> None:
    fragment = (
        "<div class='text'>First paragraph, line one.<br>Still the first paragraph."
        "<br><br>Second paragraph here.<br/> <br/>Third <b>one</b>.</div>"
    )
    assert _body(fragment) == [
        "First paragraph, line one.\nStill the first paragraph.",
        "Second paragraph here.",
        "Third one.",
    ]


_SCRIPTED = """<html><head><title>Flood defences to be rebuilt</title>
<meta property="og:type" content="{kind}">
<meta name="description" content="The county will rebuild its flood defences along the river before next winter, at a cost of twelve million pounds.">
</head><body><div id="app"></div><script>render()</script></body></html>"""


def test_an_article_whose_text_cannot_be_read_keeps_its_summary_as_a_partial_body() -> None:
    article = extract_article(_SCRIPTED.format(kind="article"), "https://example.org/floods")
    assert article is not None
    assert article.text.startswith("The county will rebuild its flood defences")
    assert article.status == "partial"
    # A page that does not say it is an article (a section front, an app shell) holds none.
    assert extract_article(_SCRIPTED.format(kind="website"), "https://example.org/") is None


def test_icons_scripts_and_styles_leave_no_text_and_take_none_with_them() -> None:
    fragment = (
        '<p>The river <svg viewBox="0 0 8 8"><title>wave icon</title><path d="M0 0h8"/></svg>'
        "rose <script>var rising = true;</script>a metre <style>p{color:red}</style>overnight.</p>"
    )
    assert _body(fragment) == ["The river rose a metre overnight."]


def test_json_ld_article_body_survives_the_removal_of_scripts() -> None:
    html = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle",'
        ' "headline": "Valley flood", "articleBody": "The river rose a metre overnight and'
        ' the council opened two shelters for the families of the valley."}</script>'
        "</head><body><div id='app'></div></body></html>"
    )
    article = extract_article(html)
    assert article is not None
    assert "opened two shelters" in article.text
