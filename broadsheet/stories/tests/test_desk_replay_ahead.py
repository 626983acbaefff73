"""A desk's replay encodes stored bare headlines a batch ahead, skipping the ones it knows,
and puts every article back exactly as a replay one by one would."""

from __future__ import annotations

from collections.abc import Sequence

from broadsheet.clustering import ClusterConfig, Doc, StoryClusterer
from broadsheet.stories import desk as desk_module
from broadsheet.stories.desk import Stored, StoryDesk


class Recording(StoryClusterer):
    def __init__(self) -> None:
        super().__init__(ClusterConfig(meaning_join=0.0))  # no model needed here
        self.batches: list[list[str]] = []

    def prefetch(self, docs: Sequence[Doc]) -> None:
        self.batches.append([doc.title for doc in docs])
        super().prefetch(docs)


def _stored(n: int) -> Stored:
    doc = Doc(title=f"Ferry {n} resumes after storm {n}", text="", source="s")
    return Stored(f"a{n}", doc, 1_000 + n)


def test_replay_encodes_ahead_in_batches_and_skips_known_articles(monkeypatch) -> None:
    monkeypatch.setattr(desk_module, "REPLAY_AHEAD", 4)
    desk = StoryDesk()
    desk.clusterer = Recording()
    desk.replay(_stored(n) for n in range(3))
    desk.replay(_stored(n) for n in range(10))
    assert desk.clusterer.batches[0] == [f"Ferry {n} resumes after storm {n}" for n in range(3)]
    # The second replay: a0-a2 are known and not encoded again; batches of 4 in order.
    assert [len(batch) for batch in desk.clusterer.batches[1:]] == [1, 4, 2]
    assert desk.clusterer.batches[2][0] == "Ferry 4 resumes after storm 4"
    for n in range(10):
        assert desk.story_for_label[desk.clusterer.story_of(f"a{n}")] == 1_000 + n
