"""FAQ questions trafilatura drops are put back above their answers (questions.py)."""

from __future__ import annotations

import lxml.html

from broadsheet.extraction.block import Block
from broadsheet.extraction.questions import HEADING_TAGS, is_faq_heading, restore_questions

ANSWERS = [
    "Performance tuning is the work of adjusting settings, indexes and queries so the database answers faster.",
    "Autovacuum runs both for you on most tables, but busy tables benefit from a manual run after a big job.",
]


def _page(heading: str, title_tag: str = "div") -> lxml.html.HtmlElement:
    items = "".join(
        f"<div class='item'><{title_tag} class='title'>{question}<i>chevron_right</i>"
        f"</{title_tag}><div class='panel'><p>{answer}</p></div></div>"
        for question, answer in zip(
            ["What is performance tuning in PostgreSQL?", "How often should I run VACUUM?"],
            ANSWERS,
            strict=True,
        )
    )
    return lxml.html.fromstring(f"<html><body><h2>{heading}</h2>{items}</body></html>")


def _reading() -> list[Block]:
    return [Block("Tuning starts with the query plan of the slow query.", "p", 0)] + [
        Block(answer, "p", i + 1) for i, answer in enumerate(ANSWERS)
    ]


def test_questions_go_back_above_their_answers() -> None:
    restored = restore_questions(_reading(), _page("Performance tuning: FAQs"))
    assert [(b.kind, b.text) for b in restored[1:]] == [
        ("head", "What is performance tuning in PostgreSQL?"),
        ("p", ANSWERS[0]),
        ("head", "How often should I run VACUUM?"),
        ("p", ANSWERS[1]),
    ]


def test_a_question_the_reading_holds_is_not_repeated() -> None:
    blocks = _reading()
    blocks.insert(1, Block("What is performance tuning in PostgreSQL?", "head", 1))
    restored = restore_questions(blocks, _page("Frequently asked questions"))
    texts = [b.text for b in restored]
    assert texts.count("What is performance tuning in PostgreSQL?") == 1
    # One question left to put back is no FAQ: nothing is added.
    assert restored == blocks


def test_question_links_are_not_questions_of_the_article() -> None:
    restored = restore_questions(_reading(), _page("FAQ", title_tag="a"))
    assert restored == _reading()


def test_a_faq_is_announced_by_a_heading_of_its_own() -> None:
    tree = lxml.html.fromstring(
        "<html><body><h2>Performance tuning: FAQs</h2><h3>Frequently Asked Questions About"
        " Online MBA Programs</h3><h3>Wine for Beginners Guide \u2014 FAQ</h3>"
        "<h2>Questions About the Best Tax Software</h2>"
        "<h3>Workspace Questions &amp; Answers | Example Lab</h3><strong>Why we ask questions"
        " of every vendor before we buy</strong></body></html>"
    )
    found = [is_faq_heading(h) for h in tree.iter(*HEADING_TAGS)]
    assert found == [True, True, True, True, False, False]
