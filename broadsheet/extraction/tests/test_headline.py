"""The headline is the one most of the page's sources agree on, exactly as published."""

from __future__ import annotations

from broadsheet.extraction.headline import choose_headline
from broadsheet.extraction.page import PageFacts

MALI = "Mali: Al-Qaeda-linked group claims responsibility for attack on military"
GARBLED = "Mali Attack on military: Al-Qaeda linked group in takes responsibility"


def _facts(
    *,
    og: str | None = None,
    h1s: list[str] | None = None,
    title: str | None = None,
    jsonld: str | None = None,
) -> PageFacts:
    facts = PageFacts(h1s=h1s or [], title_tag=title)
    if og:
        facts.meta["og:title"] = [og]
    if jsonld:
        facts.jsonld.append({"@type": "NewsArticle", "headline": jsonld})
    return facts


def test_headline_consensus_rejects_a_garbled_feed_title() -> None:
    facts = _facts(og=MALI, h1s=[MALI], title=f"{MALI} | The Daily Ledger")
    assert choose_headline(facts, feed_title=GARBLED) == MALI


def test_headline_consensus_never_returns_a_string_no_source_holds() -> None:
    facts = _facts(og="Council approves budget", h1s=["Budget approved after long night"])
    assert choose_headline(facts) in {"Council approves budget", "Budget approved after long night"}


def test_headline_consensus_majority_beats_priority() -> None:
    facts = _facts(
        og="Old headline kept in og:title",
        h1s=["Storm hits coast"],
        title="Storm hits coast - Ledger",
        jsonld="Storm hits coast",
    )
    assert choose_headline(facts) == "Storm hits coast"


def test_headline_consensus_strips_site_name_from_title_tag() -> None:
    assert (
        choose_headline(_facts(title="Cycle path approved | The Daily Ledger"))
        == "Cycle path approved"
    )
    assert choose_headline(_facts(title="BBC News - Cycle path approved for the city")) == (
        "Cycle path approved for the city"
    )


def test_headline_consensus_uses_site_name_to_cut_the_title() -> None:
    facts = _facts(title="Cycle path approved - a long-awaited decision - Ledger Online")
    assert (
        choose_headline(facts, site_name="Ledger Online")
        == "Cycle path approved - a long-awaited decision"
    )


def test_headline_consensus_keeps_a_dash_that_belongs_to_the_headline() -> None:
    headline = "Brexit - what happens next"
    facts = _facts(og=headline, h1s=[headline], title=f"{headline} | Ledger")
    assert choose_headline(facts) == headline


def test_headline_consensus_never_cuts_mid_word() -> None:
    full = "New cancer centre means shorter journeys for patients in the western valleys"
    facts = _facts(
        og="New cancer centre means shorter journeys for patients in the wes…", h1s=[full]
    )
    assert choose_headline(facts) == full


def test_headline_consensus_ignores_case_and_punctuation_but_keeps_the_publishers_text() -> None:
    facts = _facts(
        og="Folk festival’s future in doubt",
        h1s=["FOLK FESTIVAL'S FUTURE IN DOUBT"],
        title="Folk festival's future in doubt",
    )
    assert choose_headline(facts) == "Folk festival’s future in doubt"


def test_headline_consensus_logo_h1_does_not_win() -> None:
    facts = _facts(
        h1s=["The Daily Ledger", "Storm hits coast"],
        og="Storm hits coast",
        title="Storm hits coast | The Daily Ledger",
    )
    assert choose_headline(facts, site_name="The Daily Ledger") == "Storm hits coast"


def test_headline_consensus_falls_back_to_the_feed_title_alone() -> None:
    assert choose_headline(PageFacts(), feed_title="Feed headline") == "Feed headline"
    assert choose_headline(PageFacts()) == ""


def test_headline_consensus_recognises_a_site_acronym() -> None:
    facts = _facts(title="Markets rally as rates hold - WSJ")
    assert (
        choose_headline(facts, site_name="The Wall Street Journal") == "Markets rally as rates hold"
    )


def test_headline_consensus_keeps_a_section_prefix_that_every_source_carries() -> None:
    headline = "Milan Design Week 2018 | A light installation for the old cloister"
    facts = _facts(og=headline, title=headline, h1s=["A different visible heading"])
    facts.meta["twitter:title"] = [headline]
    assert choose_headline(facts, site_name="Inexhibit") == headline
