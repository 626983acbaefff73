"""A split never parts reports that write the same dates: the first reports of an event and
its follow-ups a day later share fewer words than their dates (split.dates_agree)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from broadsheet.clustering import ClusterConfig, Doc, StoryClusterer
from broadsheet.clustering.eventtime import written_date
from broadsheet.clustering.split import dates_agree

from .test_story_assignment import EAGER_SPLIT  # splits whenever a group forms

SHOOTING = (
    "A gunman opened fire at an accounting office in Troy, Michigan, killing a receptionist "
    "and wounding two partners of the firm before fleeing in a car. Police chased the car "
    "along the highway and arrested the suspect, a former employee fired last week. "
)
CHARGE = (
    "Prosecutors in Oakland County charged the fired accountant with first-degree murder and "
    "attempted murder; a judge ordered him held without bond at his arraignment in district "
    "court, and his lawyer asked for a psychiatric evaluation before trial. "
)


def _doc(n: int, body: str, day: str) -> Doc:
    filler = " ".join(f"witness{n}x{k}" for k in range(30))
    return Doc(title=f"Report {n}", text=f"{day} {body}{body}{filler}", language="en")


def _moved(config: ClusterConfig, charge_day: str) -> int:
    clusterer = StoryClusterer(config)
    moved = 0
    for n in range(4):
        clusterer.add(_doc(n, SHOOTING, "April 9, 2007"), key=f"s{n}")
    for n in range(4):
        moved += len(clusterer.add(_doc(10 + n, CHARGE, charge_day), key=f"c{n}").moved)
    return moved


def test_written_date_is_the_first_full_date_of_the_lead() -> None:
    assert written_date("Office shooting", "Updated April 10, 2007 A gunman ...") == date(
        2007, 4, 10
    )
    assert written_date("Office shooting", "A gunman opened fire on Monday.") is None


def test_dates_agree_when_half_the_groups_dates_are_near_the_rests() -> None:
    near, far = date(2007, 4, 11), date(2008, 4, 30)
    rest = [date(2007, 4, 9), None]
    assert dates_agree([near, far, None], rest, days=3)
    assert not dates_agree([far], rest, days=3)
    assert not dates_agree([None], rest, days=3)  # nothing written: no opinion
    assert not dates_agree([near], rest, days=0)  # turned off


def test_follow_ups_written_days_apart_are_not_split_off() -> None:
    assert _moved(EAGER_SPLIT, "April 10, 2007") == 0


def test_without_the_rule_they_are_split_off() -> None:
    assert _moved(replace(EAGER_SPLIT, split_written_days=0), "April 10, 2007") > 0


def test_an_event_written_months_apart_is_still_split_off() -> None:
    assert _moved(EAGER_SPLIT, "August 20, 2007") > 0
