"""Entity and topic quality gate: F1 per kind on the hand-labelled gold sets stays above its floor.

The floors are what bench/entities.py measured on all gold articles when they
were pinned, minus 0.05. Lower them only with a reason written here. The demo
corpus is bundled; if it is missing, the gate fails under CI=true and skips elsewhere.
"""

from __future__ import annotations

import os

import pytest

from broadsheet.enrichment import classify_topics, extract_entities
from broadsheet.enrichment.evaluation import (
    CORPUS,
    GOLD_FR_ES,
    KINDS,
    Score,
    gold_articles,
    gold_fr_es_articles,
)

# Issue 17: 51 English articles (34 dev + 17 held out) measured when pinned: person 0.931,
# organisation 0.808, place 0.964, topic top-1 accuracy 0.980. Each floor is that minus 0.05.
# Main before issue 17 item 5 on the same 51: 0.916 / 0.792 / 0.958 / 0.980. (On the first
# 30 articles the floors were 0.888 / 0.769 / 0.941 / 0.917.)
F1_FLOORS = {"person": 0.881, "organisation": 0.758, "place": 0.914}
TOPIC_ACCURACY_FLOOR = 0.930
# The 12 hand-written French and Spanish texts (8 dev + 4 held out) when pinned: person 0.870,
# organisation 0.689, place 0.873, topic top-1 1.000 (before issue 17's French and Spanish
# rules and keywords: 0.800 / 0.526 / 0.829 and 0.500).
FR_ES_FLOORS = {"person": 0.820, "organisation": 0.639, "place": 0.823}
FR_ES_TOPIC_FLOOR = 0.950


def _require(path) -> None:  # type: ignore[no-untyped-def]
    if path.is_file():
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"quality gate data missing under CI: {path}")
    pytest.skip(f"quality gate data not found at {path}")


def _score(pairs) -> Score:  # type: ignore[no-untyped-def]
    score = Score()
    for gold, article in pairs:
        language = article.get("language", "en")
        entities = extract_entities(article["title"], article["text"], language=language)
        topics = classify_topics(article["title"], article["text"], entities=entities)
        score.add(gold, entities, topics)
    return score


def _assert_floors(score: Score, floors: dict[str, float], topic_floor: float) -> None:
    reached = {kind: round(score.f1(kind), 3) for kind in KINDS}
    for kind in KINDS:
        assert reached[kind] >= floors[kind], f"{kind} F1 {reached[kind]} < {floors[kind]}"
    assert score.topic_accuracy >= topic_floor, score.topic_accuracy


def test_entity_f1_and_topic_accuracy_stay_above_their_floors() -> None:
    _require(CORPUS)
    score = _score(gold_articles())
    assert score.articles == 51
    _assert_floors(score, F1_FLOORS, TOPIC_ACCURACY_FLOOR)


def test_french_and_spanish_entities_and_topics_stay_above_their_floors() -> None:
    _require(GOLD_FR_ES)
    score = _score(gold_fr_es_articles())
    assert score.articles == 12
    _assert_floors(score, FR_ES_FLOORS, FR_ES_TOPIC_FLOOR)


def test_the_demo_corpus_most_named_entities_are_not_duplicated() -> None:
    from broadsheet.enrichment.evaluation import score_top_entities, top_entities

    _require(CORPUS)
    result = score_top_entities(top_entities(200))
    # Measured by bench/entities.py: none (a bare "House" of an American story is the House
    # of Representatives); GM / General Motors and the like are one entity each. Wrong types:
    # 3 when pinned (products Music Store and Mac OS X, and "Saffir" of a scale).
    assert not result["duplicates"], result["duplicates"]
    assert len(result["wrong_type"]) <= 3, result["wrong_type"]
