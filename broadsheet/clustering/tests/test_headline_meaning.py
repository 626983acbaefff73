"""Bare headlines' meaning (meaning.py): the sentence vector scales joins and allows merges of
headline stories; articles with text are never encoded; without the model nothing changes."""

from __future__ import annotations

import numpy as np
import pytest

from broadsheet.clustering import ClusterConfig, Doc, StoryClusterer, cluster_articles, meaning
from broadsheet.clustering.meaning import HeadlineMeaning


class FakeModel:
    """Unit vectors by the first word of the text: same first word, same meaning."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.seen.extend(texts)
        out = np.zeros((len(texts), 8), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row, sum(map(ord, text.split()[0])) % 8] = 1.0
        return out


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeModel:
    model = FakeModel()
    monkeypatch.setattr(meaning, "_encoder", lambda: model)
    return model


def test_only_bare_headlines_are_encoded(fake: FakeModel) -> None:
    sense = HeadlineMeaning(join=0.5, merge=0.5)
    assert sense.of("Ferry resumes", "") is not None
    assert sense.of("Ferry resumes", "The ferry resumed on Monday.") is None
    assert sense.of("   ", "") is None
    assert sense.of("Le ferry reprend", "", "fr") is None  # the model reads English only
    assert sense.of("Ferry resumes again", "", "en-GB") is not None
    assert fake.seen == ["Ferry resumes", "Ferry resumes again"]


def test_join_factor_rewards_the_same_meaning_and_punishes_another(fake: FakeModel) -> None:
    sense = HeadlineMeaning(join=0.5, merge=0.5)
    same = sense.of("Ferry resumes after storm", "")
    other = sense.of("Stocks fall", "")
    sense.add(1, same)
    sense.add(1, same)
    assert sense.join_factor(same, 1) == 1.0  # (1 / 0.5) ** 2, at most 1
    assert sense.join_factor(other, 1) == 0.0
    assert sense.join_factor(None, 1) == 1.0  # an article with text
    assert sense.join_factor(same, 2) == 1.0  # a story with no headline


def test_stories_that_mean_the_same_are_alike_until_closed(fake: FakeModel) -> None:
    sense = HeadlineMeaning(join=0.5, merge=0.5)
    sense.add(1, sense.of("Ferry resumes", ""))
    sense.add(2, sense.of("Ferry service back", ""))
    sense.add(3, sense.of("Stocks fall", ""))
    sense.add(3, sense.of("Stocks slip", ""))
    assert sense.alike(1, 2)
    assert not sense.alike(1, 3)
    sense.absorb(1, 3)
    assert not sense.alike(1, 2)  # story 1 now means mostly something else
    sense.drop([2])
    assert not sense.alike(1, 2)


def test_no_model_leaves_the_clusterer_lexical(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(meaning, "_encoder", lambda: None)
    docs = [
        Doc(title="Ferry service resumes after storm", source="a"),
        Doc(title="Ferry service resumes after the storm", source="b"),
        Doc(title="Stocks fall in Tokyo", source="c"),
    ]
    off = ClusterConfig(meaning_join=0.0)
    assert cluster_articles(docs) == cluster_articles(docs, off)


def test_a_headline_sharing_words_but_not_meaning_opens_its_own_story(fake: FakeModel) -> None:
    clusterer = StoryClusterer()
    first = clusterer.add(Doc(title="Ferry service resumes after storm"), key="a")
    # Shares "storm" (a join by words alone); the fake model reads another meaning.
    other = clusterer.add(Doc(title="Markets shrug off the storm"), key="b")
    lexical = StoryClusterer(ClusterConfig(meaning_join=0.0))
    lexical.add(Doc(title="Ferry service resumes after storm"), key="a")
    assert lexical.add(Doc(title="Markets shrug off the storm"), key="b").story == 0
    assert other.story != first.story
