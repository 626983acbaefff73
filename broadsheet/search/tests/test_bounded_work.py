"""FTS5 at scale: the shortcuts that bound a query's work find the same articles as before."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from broadsheet.search import SearchQuery, fts5_windows
from broadsheet.search.fts5_windows import MAX_ROWID, WINDOW_SQL
from broadsheet.search.tests.conftest import found_ids


@pytest.fixture
def fts5(db, monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("FTS5 only")
    from broadsheet.search import fts5

    return fts5


def test_a_phrase_window_read_upwards_is_the_newest_hits_first(publish, fts5):
    now = timezone.now()
    hits = [
        publish("Update", "The harbour bridge shut.", published_at=now - timedelta(days=d))
        for d in (1, 4, 6)
    ]
    for days in (2, 3, 5):  # both words, not as the phrase
        publish("Update", "The bridge by the harbour.", published_at=now - timedelta(days=days))
    # Every word common: the query is scoped, and the newest four articles hold two hits.
    backend = fts5.Fts5Backend(common_docs=1, newest_scopes=(4, 100))
    results = backend.search(SearchQuery('"harbour bridge"', limit=2))
    assert found_ids(results) == [hits[0].pk, hits[1].pk]
    assert found_ids(backend.search(SearchQuery('"harbour bridge"'))) == [h.pk for h in hits]
    with connection.cursor() as cursor:
        match = fts5.compile_match(fts5.parse_query('"harbour bridge"'))
        window, is_capped = backend._window(cursor, match, low=0, high=MAX_ROWID)
        cursor.execute(WINDOW_SQL, [match, 0, MAX_ROWID, backend.rank_window])
        assert window == [rowid for (rowid,) in cursor.fetchall()] and not is_capped


def test_past_the_newest_matches_an_older_title_match_still_ranks_first(publish, fts5, monkeypatch):
    now = timezone.now()
    titled = publish("Lighthouse keeper", "Retires.", published_at=now - timedelta(days=9))
    newer = [
        publish("Update", f"A lighthouse story {n}.", published_at=now - timedelta(days=n))
        for n in range(4)
    ]
    monkeypatch.setattr(fts5, "RANK_NEWEST", 2)
    backend = fts5.Fts5Backend()
    assert found_ids(backend.search(SearchQuery("lighthouse", limit=1))) == [titled.pk]
    # A page beyond the likely winners ranks the whole window, as before.
    deep = backend.search(SearchQuery("lighthouse", limit=2, offset=3))
    assert len(deep.hits) == 2 and set(found_ids(deep)) <= {a.pk for a in newer}


def test_a_wider_scope_that_costs_too_much_is_narrowed_or_skipped(publish, fts5):
    now = timezone.now()
    for days in range(8):
        publish("Update", f"Ferry news {days}.", published_at=now - timedelta(days=days))
    wanted = fts5.Fts5Backend(common_docs=1, newest_scopes=(2, 8))
    assert wanted.search(SearchQuery("ferry", limit=5)).total == 8
    # The term table says "ferry" is in 8 articles: a budget of 4 affords 4 of them.
    narrow = fts5.Fts5Backend(common_docs=1, newest_scopes=(2, 8))
    narrow.scopes.budget = 4
    assert narrow.search(SearchQuery("ferry", limit=5)).total == 4
    narrow.scopes.budget = 1  # no wider scope at all: the first scope's hits
    assert narrow.search(SearchQuery("ferry", limit=5)).total == 2


def test_a_small_phrase_window_puts_title_matches_first(publish, fts5):
    now = timezone.now()
    body = publish("Update", "The harbour bridge shut.", published_at=now - timedelta(days=1))
    titled = publish("Harbour bridge shut", "Traffic.", published_at=now - timedelta(days=2))
    publish("Bridge near the harbour", "Not the phrase.", published_at=now - timedelta(days=3))
    backend = fts5.Fts5Backend(common_docs=0)  # every word common: title first, then newest
    results = backend.search(SearchQuery('"harbour bridge"'))
    assert found_ids(results) == [titled.pk, body.pk]
    assert [hit.score for hit in results.hits] == [1.0, 0.0]


@pytest.mark.parametrize("rank_window", [2, 3, 10])
def test_an_exclusion_window_is_the_newest_matches_without_the_word_as_not_has_them(
    publish, fts5, rank_window
):
    """Read a rank window at a time and the rows holding the excluded word dropped: the
    same rows, in the same order, as FTS5's NOT, however the windows fall."""
    now = timezone.now()
    bodies = ["strike", "news", "strike talks", "news again", "strike over", "timetable", "x"]
    for days, body in enumerate(bodies):
        publish("Update", f"Ferry {body}.", published_at=now - timedelta(days=days))
    backend = fts5.Fts5Backend(rank_window=rank_window)
    parsed = fts5.parse_query("ferry -strike -x")
    match = fts5.Match(
        fts5.compile_match(fts5.ParsedQuery(parsed.included)), fts5.excluded_match(parsed)
    )
    with connection.cursor() as cursor:
        cursor.execute(WINDOW_SQL, ["ferry", 0, MAX_ROWID, 10])
        rowids = [rowid for (rowid,) in cursor.fetchall()]
        for low, high in [(0, MAX_ROWID), (rowids[5], rowids[1]), (rowids[2], rowids[2])]:
            window, is_capped = backend._window(cursor, match, low=low, high=high)
            cursor.execute(WINDOW_SQL, [fts5.compile_match(parsed), low, high, rank_window])
            expected = [rowid for (rowid,) in cursor.fetchall()]
            assert window == expected and is_capped == (len(expected) >= rank_window)
    assert backend.search(SearchQuery("ferry -strike -x")).total == min(3, rank_window)


@pytest.mark.parametrize("text", ["ferry", '"ferry news"', "ferry -strike"])
def test_a_wider_scope_reads_only_below_the_narrower_one(publish, fts5, monkeypatch, text):
    """Widening reads the matches below the scope already read, never its rows again, and
    finds what one read of the wider scope found."""
    now = timezone.now()
    for days in range(12):
        body = f"Ferry news {days}." if days in (0, 5, 7, 9) else "Bus news."
        body += " Strike." if days == 7 else ""
        publish("Update", body, published_at=now - timedelta(days=days))
    backend = fts5.Fts5Backend(common_docs=1, newest_scopes=(3, 8))
    ranges: list[tuple[int, int]] = []
    window = backend._window

    def spy(cursor, match, *, low, high, **flags):
        if isinstance(match, fts5.Match):  # the scopes' reads, not an exclusion's own
            ranges.append((low, high))
        return window(cursor, match, low=low, high=high, **flags)

    monkeypatch.setattr(backend, "_window", spy)
    results = backend.search(SearchQuery(text, limit=2))
    # The newest 3 articles hold one hit: the 8 newest are searched, and hold 3 (2 less 7).
    assert results.total == (2 if "-" in text else 3) and results.is_total_capped
    assert len(ranges) == 2 and ranges[1][1] < ranges[0][0]


def test_rowids_come_back_in_ascending_order_as_one_array(publish, fts5):
    from broadsheet.search.fts5_windows import TITLE_ROWIDS_SQL, rowids

    now = timezone.now()
    for days in (3, 1, 2):
        publish("Ferry", "Ferry news.", published_at=now - timedelta(days=days))
    with connection.cursor() as cursor:
        cursor.execute(WINDOW_SQL, ["ferry", 0, MAX_ROWID, 10])
        expected = sorted(rowid for (rowid,) in cursor.fetchall())
        assert rowids(cursor, WINDOW_SQL, ["ferry", 0, MAX_ROWID, 10]) == expected
        assert len(expected) == 3
        assert rowids(cursor, TITLE_ROWIDS_SQL, ["nothing", 0, MAX_ROWID]) == []


def test_a_phrase_below_a_scope_with_a_hit_is_read_upwards(publish, fts5, monkeypatch):
    """Read downwards, a phrase with no hit in the wider scope's part would be read past it
    to its next hit; upwards it stops at the narrower scope's hit, already read."""
    now = timezone.now()
    for days in range(12):
        body = "The harbour bridge shut." if days in (0, 9) else "The bridge by the harbour."
        publish("Update", body, published_at=now - timedelta(days=days))
    backend = fts5.Fts5Backend(common_docs=1, newest_scopes=(3, 8))
    reads: list[str] = []
    window_rowids = fts5_windows.rowids

    def spy(cursor, sql, params):
        reads.append("up" if sql == fts5_windows.WINDOW_UP_SQL else "down")
        return window_rowids(cursor, sql, params)

    monkeypatch.setattr(fts5_windows, "rowids", spy)
    results = backend.search(SearchQuery('"harbour bridge"', limit=2))
    assert results.total == 1 and reads[:2] == ["up", "up"]
