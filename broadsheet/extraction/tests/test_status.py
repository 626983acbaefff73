"""Status: "ok" for whole articles, "partial" for fragments, "gated" for pay and consent walls."""

from __future__ import annotations

import lxml.html

from broadsheet.extraction.page import PageFacts
from broadsheet.extraction.status import judge_status

TREE = lxml.html.document_fromstring("<html><body><p>x</p></body></html>")
STORY = " ".join(["The council met on Monday and voted on the new budget for the city."] * 12)


def test_whole_article_is_ok() -> None:
    assert judge_status(TREE, PageFacts(), STORY, removed_chars=0) == "ok"


def test_paywall_flag_with_a_teaser_is_gated() -> None:
    facts = PageFacts(jsonld=[{"@type": "NewsArticle", "isAccessibleForFree": "False"}])
    assert judge_status(TREE, facts, STORY[:300], removed_chars=0) == "gated"


def test_subscription_prompt_after_a_teaser_is_gated() -> None:
    teaser = STORY[:400] + " Subscribe to continue reading."
    assert judge_status(TREE, PageFacts(), teaser, removed_chars=0) == "gated"


def test_consent_wall_without_body_is_gated() -> None:
    wall = lxml.html.document_fromstring(
        "<html><body><div>We and our partners use cookies. <button>Accept all cookies</button></div></body></html>"
    )
    assert judge_status(wall, PageFacts(), "", removed_chars=0) == "gated"


def test_fragment_is_partial() -> None:
    assert judge_status(TREE, PageFacts(), "Polls have closed.", removed_chars=0) == "partial"


def test_mostly_boilerplate_is_partial() -> None:
    assert judge_status(TREE, PageFacts(), STORY, removed_chars=len(STORY) + 1) == "partial"


def test_body_much_shorter_than_declared_word_count_is_partial() -> None:
    facts = PageFacts(jsonld=[{"@type": "NewsArticle", "wordCount": 2000}])
    assert judge_status(TREE, facts, STORY, removed_chars=0) == "partial"


def test_body_shorter_than_its_own_description_is_partial() -> None:
    facts = PageFacts(meta={"description": [" ".join(["word"] * 70)]})
    text = " ".join(["Counting is under way in all the constituencies tonight."] * 6)
    assert judge_status(TREE, facts, text, removed_chars=0) == "partial"


def test_paywall_prompt_removed_as_boilerplate_still_gates() -> None:
    teaser = STORY[:400]
    status = judge_status(TREE, PageFacts(), teaser, removed_text="Subscribe to continue reading")
    assert status == "gated"


def test_paywall_message_elsewhere_on_the_page_gates_a_teaser() -> None:
    page = lxml.html.document_fromstring(
        f"<html><body><article><p>{STORY[:400]}</p></article>"
        "<div class='wall'>This article is only available to subscribers.</div></body></html>"
    )
    assert judge_status(page, PageFacts(), STORY[:400]) == "gated"


def test_login_link_in_the_header_does_not_gate_a_full_article() -> None:
    page = lxml.html.document_fromstring(
        f"<html><body><header>Already a subscriber? Log in</header><p>{STORY}</p></body></html>"
    )
    assert judge_status(page, PageFacts(), STORY) == "ok"


def test_cookie_banner_beside_a_short_article_is_not_a_wall() -> None:
    page = lxml.html.document_fromstring(
        "<html><body><div>We use cookies. Accept all cookies</div><p>Polls closed.</p></body></html>"
    )
    brief = (
        "Polls have closed across the country tonight and counting is under way in all 650 seats."
    )
    assert judge_status(page, PageFacts(), brief) == "partial"


def test_thai_text_without_spaces_between_words_is_prose() -> None:
    from broadsheet.extraction.status import has_prose

    thai = "คณะกรรมการการเลือกตั้งประกาศผลการนับคะแนนอย่างเป็นทางการเมื่อวันจันทร์"
    assert has_prose(thai)
    assert not has_prose("หน้าแรก")  # a one-word menu label is no sentence
