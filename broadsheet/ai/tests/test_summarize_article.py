"""Article summaries: 3-5 sentences, each citing itself, in article order, no dangling pronouns."""

from __future__ import annotations

from broadsheet.ai import article_sentences, summarize_article
from broadsheet.ai.sentences import is_dangling
from broadsheet.enrichment import key_facts


def test_summary_has_three_to_five_sentences_each_citing_itself_in_article_order(corpus):
    for article in list(corpus.values())[::20]:
        sentences = article_sentences(article["text"])
        summary = summarize_article(article["title"], article["text"])
        assert 3 <= len(summary.sentences) <= 5, article["id"]
        cited = []
        for s in summary.sentences:
            (citation,) = s.citations
            assert sentences[citation.sentence] == citation.text == s.text
            cited.append(citation.sentence)
        assert cited == sorted(cited)
        assert summary.method == "offline-extractive"


def test_max_sentences_is_kept_within_three_and_five(airbus):
    assert len(summarize_article(airbus["title"], airbus["text"], max_sentences=9).sentences) == 5
    assert len(summarize_article(airbus["title"], airbus["text"], max_sentences=1).sentences) == 3


def test_no_summary_sentence_opens_with_an_unresolved_pronoun(corpus):
    for article in corpus.values():
        summary = summarize_article(article["title"], article["text"])
        previous = None
        for s in summary.sentences:
            index = s.citations[0].sentence
            if is_dangling(s.text):
                assert previous == index - 1, (article["id"], s.text)
            previous = index


def test_a_central_pronoun_sentence_comes_with_its_antecedent():
    text = (
        "The city council approved the new harbour budget on Monday after a long debate. "
        "Mayor Ana Ruiz had pushed the harbour budget for two years against strong opposition. "
        "She said the harbour budget would fund ferries, harbour repairs and the harbour museum. "
        "Local traders welcomed the vote. "
        "The weather was mild."
    )
    summary = summarize_article("Council approves harbour budget", text, max_sentences=3)
    indices = [s.citations[0].sentence for s in summary.sentences]
    if 2 in indices:
        assert 1 in indices


def test_article_sentences_share_key_facts_sentence_numbers(airbus):
    sentences = article_sentences(airbus["text"])
    for fact in key_facts(airbus["text"]).numbers:
        assert " ".join(fact.text.split()) in sentences[fact.sentence]


def test_empty_article_gives_an_empty_summary():
    assert summarize_article("Title", "").sentences == ()


def test_captions_credits_interview_turns_and_questions_are_never_summary_sentences():
    text = (
        "The roof of the old cathedral in the city centre caught fire on Monday evening.\n\n"
        "Fire in the frame of the cathedral roof, seen from the river. Image: A. Person.\n\n"
        "The collapse of the spire, around 19:45 local time Image: B. Person (photos).\n\n"
        "((WN)) What did you see from the square in front of the cathedral?\n\n"
        "Why did the fire spread so fast through the wooden frame of the roof?\n\n"
        "More than 400 firefighters fought the blaze through the night, officials said.\n\n"
        "The two bell towers of the cathedral were saved, according to the fire service.\n\n"
        "Renovation work on the roof of the cathedral had been under way for months."
    )
    summary = summarize_article("Fire at the old cathedral", text, max_sentences=5)
    shown = " ".join(s.text for s in summary.sentences)
    assert summary.sentences and "400 firefighters" in shown
    assert "Image:" not in shown and "((WN))" not in shown and "?" not in shown
