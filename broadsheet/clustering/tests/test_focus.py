"""Focus names (focus.py): two actors around one name count apart in a split."""

from __future__ import annotations

from dataclasses import replace

from broadsheet.clustering import ClusterConfig, Doc, StoryClusterer
from broadsheet.clustering.background import load_word_stats
from broadsheet.clustering.focus import focus_names
from broadsheet.clustering.vectors import TermCounter, VectorConfig

from .test_story_assignment import EAGER_SPLIT

# Everything joins, and a split needs its groups' cross similarity under 1 % of their
# cohesion: only the focus factor (0 here) gets it there.
STRICT = replace(EAGER_SPLIT, split_threshold=0.01, split_threshold_headline=0.01)


PEOPLE = {"Angels": "Tony Reagins and Arte Moreno", "Red Sox": "Theo Epstein and John Henry"}


def _offer(club: str, other: str, n: int) -> Doc:
    filler = " ".join(f"detail{n}x{k}" for k in range(12))
    text = (
        f"The {club} made an eight-year offer to free agent Mark Teixeira this week. "
        f"The {club} bosses {PEOPLE[club]} said Teixeira would get the richest contract in "
        f"{club} history; {PEOPLE[club]} flew to meet his agent. The {other} also made a bid. "
        f"{filler}"
    )
    return Doc(title=f"{club} offer Teixeira an eight-year deal", text=text, language="en")


def _moved(config: ClusterConfig, second: tuple[str, str]) -> int:
    clusterer = StoryClusterer(config)
    for n in range(4):
        clusterer.add(_offer("Angels", "Red Sox", n), key=f"a{n}")
    moved = 0
    for n in range(3):
        moved += len(clusterer.add(_offer(*second, 10 + n), key=f"b{n}").moved)
    return moved


def test_focus_names_are_lead_names_the_body_repeats() -> None:
    counter = TermCounter(VectorConfig(), load_word_stats())
    doc = _offer("Angels", "Red Sox", 0)
    assert focus_names(counter, doc.title, doc.text) == {"angel", "teixeira"}
    assert focus_names(counter, doc.title, "") == frozenset()  # a bare headline


def test_two_clubs_offers_to_one_player_split_apart() -> None:
    assert _moved(replace(STRICT, focus_split=0.0), ("Red Sox", "Angels")) > 0


def test_without_the_factor_they_stay_together() -> None:
    assert _moved(replace(STRICT, focus_split=1.0), ("Red Sox", "Angels")) == 0


def test_one_clubs_offer_reported_again_is_not_parted() -> None:
    assert _moved(replace(STRICT, focus_split=0.0), ("Angels", "Red Sox")) == 0
