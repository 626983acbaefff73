"""The two means of a split are compared fairly: a mean of many does not win for its size."""

from __future__ import annotations

import math

from broadsheet.clustering.split import expected_cosine, seed_group, two_means


def _unit(vec: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in vec.values()))
    return {t: w / norm for t, w in vec.items()}


def _story(members: list[dict[str, float]], new: dict[str, float]) -> tuple[dict, float]:
    total: dict[str, float] = {}
    for vec in [*members, new]:
        for term, weight in vec.items():
            total[term] = total.get(term, 0.0) + weight
    return total, sum(w * w for w in total.values())


# Twelve reports of one event share the topic, each with a detail of its own; the new
# article and two earlier ones share the topic and two words of another event.
TOPIC = {"microsoft": 1.0, "patch": 1.0, "browser": 1.0}
OLD = [_unit({**TOPIC, f"detail{n}": 0.6}) for n in range(12)]
NEW = _unit({**TOPIC, "zero-day": 0.6, "2013": 0.6, "new": 1.4})
ALIKE = [_unit({**TOPIC, "zero-day": 0.6, "2013": 0.6, f"other{n}": 1.4}) for n in range(2)]
MEMBERS = [(f"old{n}", vec) for n, vec in enumerate(OLD)] + [
    (f"alike{n}", vec) for n, vec in enumerate(ALIKE)
]
SIZE = len(MEMBERS) + 1
CENTROID, NORM2 = _story(OLD + ALIKE, NEW)


def test_expected_cosine_grows_with_the_size_of_the_mean() -> None:
    assert expected_cosine(1, 0.5) == 1.0
    assert 1.0 < expected_cosine(4, 0.5) < expected_cosine(20, 0.5) < math.sqrt(2.0)
    assert expected_cosine(12, 0.0) == 1.0  # no correction asked


def test_the_look_alike_reports_gather_around_the_new_article_once_sizes_are_fair() -> None:
    fair = seed_group(NEW, MEMBERS, CENTROID, NORM2, size=SIZE, rho=0.5)
    assert fair == {"alike0", "alike1"}
    fair = two_means(NEW, MEMBERS, CENTROID, NORM2, fair, rounds=3, size=SIZE, rho=0.5)
    assert fair == {"alike0", "alike1"}


def test_raw_cosines_would_leave_them_with_the_bigger_side() -> None:
    assert seed_group(NEW, MEMBERS, CENTROID, NORM2, size=SIZE, rho=0.0) == set()
    group = {"alike0", "alike1"}
    assert two_means(NEW, MEMBERS, CENTROID, NORM2, group, rounds=3, size=SIZE, rho=0.0) == set()
