"""Story summaries and story questions cite the articles they come from."""

from __future__ import annotations

from broadsheet.ai import StoryArticle, answer_story_question, summarize_story

WIRE = (
    "Heavy rain flooded the river town of Eastport on Tuesday, forcing 2,000 residents from "
    "their homes. Emergency crews used boats to reach families trapped on rooftops near the "
    "river. The mayor declared a state of emergency for the whole district. Schools will stay "
    "closed until Friday."
)
LOCAL = (
    "Heavy rain flooded the river town of Eastport on Tuesday, forcing 2,000 residents from "
    "their homes. Volunteers filled sandbags at the fire station through the night. The "
    "regional weather office expects more rain over the weekend across the district. Farmers "
    "fear the harvest is lost."
)
OTHER = (
    "The flood in Eastport is the worst since 1998, when the river rose four metres. "
    "Insurers say claims could reach $40 million for homes and businesses in the district. "
    "The mayor promised a review of the river defences once the water recedes."
)


def _story() -> list[StoryArticle]:
    return [
        StoryArticle("wire-1", "Wire", "Floods force 2,000 from homes in Eastport", WIRE),
        StoryArticle("local-7", "Eastport Echo", "Eastport under water", LOCAL),
        StoryArticle("paper-3", "Daily", "Worst flood since 1998", OTHER),
    ]


def test_story_summary_cites_articles():
    summary = summarize_story(_story())
    assert 3 <= len(summary.sentences) <= 5
    keys = {"wire-1", "local-7", "paper-3"}
    for s in summary.sentences:
        assert s.citations and all(c.article in keys for c in s.citations)
        assert s.text in {c.text for c in s.citations}


def test_a_sentence_carried_by_two_articles_cites_both():
    summary = summarize_story(_story())
    lead = next(s for s in summary.sentences if s.text.startswith("Heavy rain flooded"))
    assert {c.article for c in lead.citations} == {"wire-1", "local-7"}


def test_non_english_sources_are_left_out_of_the_summary():
    dutch = StoryArticle(
        "nl-1",
        "Krant",
        "Overstroming",
        "De rivier is buiten haar oevers getreden en de stad is ondergelopen.",
    )
    summary = summarize_story([*_story(), dutch])
    assert all(c.article != "nl-1" for s in summary.sentences for c in s.citations)


def test_story_question_citation_names_its_article():
    answer = answer_story_question(
        "How much could the insurance claims from the flood reach?", _story()
    )
    assert answer.found
    assert answer.citations[0].article == "paper-3"
    assert "$40 million" in answer.answer


def test_each_article_gets_one_label_its_source_name():
    from broadsheet.ai.story_summaries import StoryArticle, source_labels

    articles = [
        StoryArticle("a1", "Daily Post", "t", "x"),
        StoryArticle("a2", "Evening Star", "t", "x"),
        StoryArticle("a3", "Daily Post", "t", "x"),
    ]
    assert source_labels(articles) == {
        "a1": "Daily Post", "a2": "Evening Star", "a3": "Daily Post (2)"
    }  # fmt: skip
