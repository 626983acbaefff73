"""Sources that disagree on a number about the same thing are reported with their claims."""

from __future__ import annotations

from broadsheet.ai import StoryArticle, find_disagreements


def _article(key: str, source: str, text: str) -> StoryArticle:
    return StoryArticle(key=key, source=source, title="Attack on base", text=text)


def test_disagreement_found_for_more_than_30_vs_dozens_vs_25_soldiers():
    articles = [
        _article(
            "a1",
            "Wire One",
            "More than 30 soldiers were killed when militants attacked a base on Sunday.",
        ),
        _article("a2", "Daily Two", "Dozens of soldiers died in the assault, officials said."),
        _article("a3", "Three News", "The army said 25 soldiers were killed and 12 were injured."),
    ]
    (disagreement,) = find_disagreements(articles)
    assert disagreement.topic == "soldiers killed"
    assert [(k, s) for k, s, _ in disagreement.claims] == [
        ("a1", "Wire One"),
        ("a2", "Daily Two"),
        ("a3", "Three News"),
    ]
    assert disagreement.claims[0][2] == "More than 30 soldiers were killed"
    assert disagreement.claims[2][2] == "25 soldiers were killed"


def test_sources_that_agree_report_no_disagreement():
    articles = [
        _article("a1", "Wire One", "More than 30 soldiers were killed in the attack."),
        _article("a2", "Daily Two", "Dozens of soldiers died in the assault."),
    ]
    assert find_disagreements(articles) == []


def test_tolls_of_different_places_are_not_a_disagreement():
    articles = [
        _article("a1", "Wire One", "In Sri Lanka, 28,000 people were killed by the wave."),
        _article("a2", "Daily Two", "In India, 12,500 people were killed by the wave."),
    ]
    assert find_disagreements(articles) == []


def test_different_counted_things_are_not_compared():
    articles = [
        _article("a1", "Wire One", "Thirty soldiers were killed."),
        _article("a2", "Daily Two", "Five civilians were killed."),
    ]
    assert find_disagreements(articles) == []


def test_counts_of_different_years_or_companies_are_not_compared():
    articles = [
        _article("a1", "Wire One", "Boeing received 237 orders for the jet in 2005."),
        _article("a2", "Daily Two", "Boeing received 840 orders for the jet in 2011."),
        _article("a3", "Three News", "Airbus received 800 orders for its jet in 2005."),
    ]
    assert find_disagreements(articles) == []


def test_a_count_of_orders_is_never_called_people():
    articles = [
        _article("a1", "Wire One", "The airline placed 237 orders last year, the maker said."),
        _article("a2", "Daily Two", "The airline placed 677 orders last year, the maker said."),
    ]
    assert all("people" not in d.topic for d in find_disagreements(articles))


def test_the_same_toll_of_the_same_event_still_disagrees():
    articles = [
        _article("a1", "Wire One", "Officials in Lima said 40 people were killed on Sunday."),
        _article("a2", "Daily Two", "Officials in Lima said 12 people were killed on Sunday."),
    ]
    (disagreement,) = find_disagreements(articles)
    assert disagreement.topic == "people killed"


def test_counts_listed_by_country_belong_to_their_own_country():
    articles = [
        _article(
            "a1", "Wire One",
            "The maker will cut about 4,300 jobs in France, 3,700 in Germany and 400 in Spain.",
        ),
        _article(
            "a2", "Daily Two",
            "Germany loses 3,700 jobs, while the United Kingdom and Spain will see 1,600 and "
            "400 jobs cut respectively.",
        ),
    ]  # fmt: skip
    assert find_disagreements(articles) == []
