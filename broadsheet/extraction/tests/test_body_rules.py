"""The rules that choose between trafilatura's reading, its comparison and the prose reading."""

from __future__ import annotations

import lxml.html
import pytest

from broadsheet.extraction import body, extract_article
from broadsheet.extraction.block import Block
from broadsheet.extraction.prose import measure_prose, read_prose

SENTENCE = "The council approved the new budget for the coming year after a long debate. "


def _blocks(*texts: str, kind: str = "p") -> list[Block]:
    return [Block(text, kind, i) for i, text in enumerate(texts)]


def test_widen_takes_the_container_when_it_holds_the_reading_and_much_more() -> None:
    reading = _blocks(SENTENCE * 3, SENTENCE * 3)
    wider = [
        reading[0],
        Block("What the budget pays for", "head", 1),
        Block("Schools, roads and the new library on the river front", "item", 2),
        Block("Two new buses for the night routes across the town", "item", 2),
        reading[1],
    ]
    assert body.should_widen(reading, wider * 2)  # all of the reading, twice the words
    assert not body.should_widen(reading, wider[:2] + wider[4:])  # barely more
    other = _blocks("A different story about the football club and its new stadium. " * 8)
    assert not body.should_widen(reading, other)  # not the same article


def test_span_of_leaves_out_what_lies_around_the_reading() -> None:
    reading = _blocks("First paragraph of the story.", "Last paragraph of the story.")
    wider = [
        Block("An official website of the government.", "p", 0),
        reading[0],
        Block("A list item between the paragraphs", "item", 1),
        reading[1],
        Block("Recent articles", "head", 2),
    ]
    assert body._span_of(wider, reading) == (1, 4)
    assert body._span_of(wider, _blocks("Nothing in common")) == (0, 0)


def test_the_run_of_headings_and_items_right_above_the_first_paragraph_is_the_lead() -> None:
    reading = _blocks("First paragraph of the story.", "Last paragraph of the story.")
    wider = [
        Block("An official website of the government.", "p", 0),
        Block("TL;DR", "head", 1),
        Block("The council approved the budget", "item", 2),
        Block("Two new buses for the night routes", "item", 2),
        reading[0],
        reading[1],
    ]
    assert body._lead_of(wider, 4) == 1  # the banner paragraph above stops the run
    assert body._lead_of(wider[3:], 1) == 0


def test_merge_puts_back_the_headings_items_and_rows_between_the_readings_paragraphs() -> None:
    reading = _blocks("First paragraph of the guide.", "Second paragraph of the guide.")
    outside = Block("A lead paragraph trafilatura found outside the container.", "p", 9)
    span = [
        reading[0],
        Block("What you will need", "head", 1),
        Block("A spade and a fork for the beds", "item", 2),
        Block("An author bio or a product box between the paragraphs.", "p", 3),
        Block("first paragraph of the guide", "item", 4),  # already in the reading
        reading[1],
    ]
    merged = body.merge_structure([outside, *reading], span)
    assert [block.text for block in merged] == [
        outside.text,
        reading[0].text,
        "What you will need",
        "A spade and a fork for the beds",
        reading[1].text,
    ]
    assert body.merge_structure(reading, []) == reading


def test_merge_puts_a_lead_list_back_above_the_readings_first_paragraph() -> None:
    # A "TL;DR" list above the first paragraph trafilatura kept (it dropped the list).
    reading = _blocks("First paragraph of the guide.", "Second paragraph of the guide.")
    outside = Block("A headline trafilatura found outside the container", "head", 9)
    span = [
        Block("TL;DR", "head", 1),
        Block("The new benchmark replays the same blocks for every client", "item", 2),
        reading[0],
        reading[1],
    ]
    merged = body.merge_structure([outside, *reading], span)
    assert [block.text for block in merged] == [
        outside.text,
        "TL;DR",
        "The new benchmark replays the same blocks for every client",
        reading[0].text,
        reading[1].text,
    ]


def test_compare_runs_on_short_readings_and_on_readings_far_below_the_page() -> None:
    long_reading = _blocks(SENTENCE * 20)
    words = body.count_block_words(long_reading)
    assert body.should_compare(_blocks("Too short."), page_words=0)
    assert body.should_compare(long_reading, page_words=2 * words)
    assert not body.should_compare(long_reading, page_words=words)


def _page(inner: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(f"<html><body>{inner}</body></html>")


def test_a_block_running_many_paragraphs_together_is_a_page_dump() -> None:
    paragraphs = [f"Paragraph {n} says that {SENTENCE}" * 2 for n in range(6)]
    measure = measure_prose(_page("".join(f"<p>{text}</p>" for text in paragraphs)))
    menu = "Home News Sport Weather Share on Facebook Share on X Sign in "
    dump = _blocks(menu + " ".join(paragraphs) + " Privacy Terms Contact" + " word" * 100)
    assert body.is_page_dump(dump, measure)
    assert not body.is_page_dump(_blocks(*paragraphs), measure)  # the article, in paragraphs
    # A long text typed without paragraphs of its own (loose text in a <div>) is no dump.
    loose = _page(f"<div>{SENTENCE * 30}</div><p>{SENTENCE}</p>")
    assert not body.is_page_dump(_blocks(SENTENCE * 31), measure_prose(loose))


def test_a_furniture_word_naming_most_of_the_prose_is_layout() -> None:
    widget = '<div class="elementor-widget-container"><p>{}</p></div>'
    page = _page(
        '<div class="sidebar"><p>'
        + SENTENCE
        + "</p></div>"
        + "".join(widget.format(SENTENCE * 2) for _ in range(6))
    )
    reading = read_prose(page)
    assert reading.words == 6 * len((SENTENCE * 2).split())
    texts = [block.text for block in reading.blocks(max_blocks=100)]
    assert len(texts) == 6  # the sidebar's paragraph stays out


@pytest.mark.parametrize("outer", ["<ul><li>{}</li></ul>", "<table><tr><td>{}</td></tr></table>"])
def test_the_prose_reading_holds_an_article_laid_out_inside_a_list_item_or_a_cell(
    outer: str,
) -> None:
    article = (
        "<div class='entry'><h2>What the budget pays for</h2>"
        + "".join(f"<p>{SENTENCE * 2}</p>" for _ in range(5))
        + "<ul><li>Two new buses for the night routes</li></ul></div>"
    )
    reading = read_prose(_page(outer.format(article)))
    kinds = [block.kind for block in reading.blocks(max_blocks=100)]
    assert kinds == ["head", "p", "p", "p", "p", "p", "item"]


def test_hidden_text_and_text_divs_in_the_measure() -> None:
    page = _page(
        "<div><div>" + SENTENCE + "</div></div>"
        '<div style="display: none"><div>' + SENTENCE * 5 + "</div></div>"
        "<div>" + SENTENCE + "<h2>Heading</h2>" + SENTENCE + "</div>"
    )
    measure = measure_prose(page)
    assert measure.words == 0  # no <p> at all
    assert measure.loose_words == 3 * len(SENTENCE.split())  # the hidden five left out


def test_trafilatura_recall_reading_is_the_last_resort(monkeypatch: pytest.MonkeyPatch) -> None:
    html = (
        "<html><head><title>Budget approved</title></head><body><article><h1>Budget approved"
        "</h1>" + "".join(f"<p>{SENTENCE * 2}</p>" for _ in range(4)) + "</article></body></html>"
    )
    monkeypatch.setattr("broadsheet.extraction.extract.extract_blocks", lambda tree, url, faq: [])
    article = extract_article(html)
    assert article is not None
    assert article.text.startswith(SENTENCE.strip())


@pytest.mark.parametrize("trafilatura_reads_it", [True, False])
def test_a_page_drawn_by_scripts_gives_its_declared_article_body(
    monkeypatch: pytest.MonkeyPatch, trafilatura_reads_it: bool
) -> None:
    declared = f"{SENTENCE * 2}\\n{SENTENCE}"
    html = (
        "<html><head><title>Budget approved</title>"
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
        f'"Budget approved", "articleBody": "{declared}"}}</script>'
        '</head><body><div id="app"></div><script>render()</script></body></html>'
    )
    if not trafilatura_reads_it:  # trafilatura's baseline also reads articleBody
        monkeypatch.setattr("broadsheet.extraction.extract.extract_blocks", lambda t, url, faq: [])
        monkeypatch.setattr("broadsheet.extraction.extract.fallback_blocks", lambda t, url: [])
    article = extract_article(html)
    assert article is not None
    assert article.word_count == 3 * len(SENTENCE.split())
    if not trafilatura_reads_it:
        assert article.paragraphs == [(SENTENCE * 2).strip(), SENTENCE.strip()]


def test_a_table_row_is_one_block_whatever_its_cells_hold() -> None:
    from lxml import etree

    xml = (
        "<body><p>Typical costs.</p><table>"
        "<row><cell><p>Venue</p></cell><cell><p>15,000</p></cell><cell><p>40,000</p></cell></row>"
        "<row><cell><p>Rings</p><p>and bands</p></cell><cell>2,500</cell><cell>4,000</cell></row>"
        "</table></body>"
    )
    blocks = body.render_blocks(etree.fromstring(xml))
    assert [(b.text, b.kind) for b in blocks] == [
        ("Typical costs.", "p"),
        ("Venue | 15,000 | 40,000", "row"),
        ("Rings and bands | 2,500 | 4,000", "row"),
    ]


def test_a_table_inside_a_list_item_keeps_its_cells_apart() -> None:
    # trafilatura leaves such a table as bare <th>/<td> inside the <item>: their texts
    # were run together ("Essential PlanDeluxe PlanCost$587.21").
    para = (
        "<p>The provider offers three travel insurance plans with high coverage amounts "
        "and many optional add-ons for older travellers.</p>"
    )
    table = (
        "<table><tr><th></th><th>Essential Plan</th><th>Deluxe Plan</th></tr>"
        "<tr><td>Cost</td><td>$587.21</td><td>$1,079.97</td></tr></table>"
    )
    page = (
        f"<html><body><article><h1>Best travel insurance</h1>{para}<ol><li><h2>1. Travel "
        f"Guard</h2>{para}{table}{para}</li><li><h2>2. Allianz</h2>{para}</li></ol>{para}"
        "</article></body></html>"
    )
    article = extract_article(page, "https://example.org/insurance")
    assert article is not None
    assert "Essential Plan | Deluxe Plan | Cost | $587.21 | $1,079.97" in article.paragraphs


def test_sentences_typed_between_blocks_become_paragraphs_of_the_prose_reading() -> None:
    from broadsheet.extraction.repairs import promote_loose_text

    page = lxml.html.document_fromstring(
        "<html><body><h1>Folding</h1><h2>Problem</h2>"
        "What shapes can result from the following fold and cut process on paper?"
        "<ol><li>Fold it flat.</li><li>Make one cut.</li></ol>"
        "Are all shapes possible, and which <b>patterns of cuts</b> can this process make?"
        "<p>" + SENTENCE + "</p>Short label<p>" + SENTENCE + "</p></body></html>"
    )
    before = measure_prose(page)
    promote_loose_text(page)
    texts = [" ".join(p.text_content().split()) for p in page.iter("p")]
    assert "What shapes can result from the following fold and cut process on paper?" in texts
    assert "Are all shapes possible, and which patterns of cuts can this process make?" in texts
    assert "Short label" in texts  # a run between blocks is rebuilt whole, with the rest
    after = measure_prose(page)
    assert after.words > before.words  # counted as paragraphs now, not loose evidence
    assert page.find(".//h2") is not None and page.find(".//ol") is not None


def test_the_tail_outside_the_container_is_cut_when_it_is_short_blocks() -> None:
    """And above the container, only short lines that are no sentences."""
    from broadsheet.extraction.tail import container_words, cut_outside

    article = [SENTENCE * 3, SENTENCE * 2, SENTENCE * 3]
    container = container_words(" ".join(article))
    teasers = _blocks(*article, "Tram line opens in the east end", "Rents climb again")
    assert [b.text for b in cut_outside(teasers, container)] == article
    # The article continuing outside its element: running text, or a FAQ, is kept.
    more = _blocks(*article, SENTENCE * 5, SENTENCE * 5, SENTENCE * 5)
    assert cut_outside(more, container) == more
    faq = _blocks(*article, "When does it start?", "In May.", "Who pays?", "The city.")
    assert cut_outside(faq, container) == faq
    # A list is not cut in the middle: its further items go with it.
    items = [*_blocks(*article), Block("Wheel alignment", "item", 7), Block("Oil", "item", 7)]
    assert cut_outside(items, container + " wheel alignment") == items
    # Above it: a label and a byline go, a dek written as a sentence stays.
    labelled = _blocks("Transport", "By Jane Doe", *article)
    assert [b.text for b in cut_outside(labelled, container)] == article
    dek = _blocks("The city widens its plan, after a year of rising traffic.", *article)
    assert cut_outside(dek, container) == dek
    # Never more than half of the reading.
    longer = _blocks(article[0], *(["A short line of the page."] * 60))
    assert cut_outside(longer, container_words(article[0])) == longer


def test_merge_runs_when_the_reading_holds_all_of_the_pages_running_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """trafilatura keeps every paragraph and drops the sub-headings and the list: they go back,
    although the reading holds as many words as the page's running text."""
    paragraphs = [f"Step {n}. {SENTENCE * 2}" for n in range(1, 4)]
    page = _page(
        "<article><h1>How to mend a bicycle tyre</h1>"
        f"<p>{paragraphs[0]}</p><h3>What you will need for the repair</h3>"
        "<ul><li>Two tyre levers and a pump</li><li>A patch kit with its glue</li></ul>"
        f"<p>{paragraphs[1]}</p><h3>Finding the hole in the tube</h3>"
        f"<p>{paragraphs[2]}</p></article>"
    )
    reading = _blocks(*paragraphs)  # what trafilatura returns, its words the page's whole text
    monkeypatch.setattr(body, "render_blocks", lambda _tree: reading)
    texts = [block.text for block in body.extract_blocks(page, url=None)]
    assert texts == [
        paragraphs[0],
        "What you will need for the repair",
        "Two tyre levers and a pump",
        "A patch kit with its glue",
        paragraphs[1],
        "Finding the hole in the tube",
        paragraphs[2],
    ]


def test_a_heading_linked_to_itself_is_no_teaser_headline() -> None:
    # Headings with their own permalinks; the list under one was read as the deks of
    # teasers (a short text under a linked headline), the headings as links.
    section = (
        '<h3 id="tips"><a href="#tips"><strong>Best practices for the garden</strong></a></h3>'
        "<ul><li>Water the beds early in the morning before the heat</li>"
        "<li>Mulch the roots so that the soil keeps its moisture</li></ul>"
    )
    toc = (
        '<ul><li><a href="#tips">Best practices for the garden</a></li>'
        '<li><a href="#tools">The tools you will need this year</a></li></ul>'
    )
    page = _page(toc + f"<p>{SENTENCE * 2}</p>" + section + f"<p>{SENTENCE * 2}</p>" * 3)
    texts = [block.text for block in read_prose(page).blocks(max_blocks=100)]
    assert "Best practices for the garden" in texts
    assert "Water the beds early in the morning before the heat" in texts
    assert "The tools you will need this year" not in texts  # a table of contents' entry
