"""No query text breaks search: operators, quotes, NUL, huge input, SQL all come back as results."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from broadsheet.articles.models import Article
from broadsheet.search import SearchQuery
from broadsheet.search.tests.conftest import assert_well_formed, found_ids

PIECES = [
    '"', '""', "-", "*", "AND", "OR", "NOT", "NEAR", "NEAR(", "^", ":", "(", ")", "{", "}",
    "\x00", "'", ";", "--", "/*", "DROP TABLE articles_article", "ferry", "ferr*", "-ferry",
    "title:", "title : ferry", "{title body}", "😀", "\ue000", "\ue001", "\\", "%", "%s", "%%",
    "&", "|", "!", "!!", "<->", ":*", "<mark>", "<script>", "U.S.", "e-mail", "\u0301", "ß",
    "\ud7ff", "\U0010ffff", "   ", "\n", "\t",
]  # fmt: skip
QUERIES = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=14).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=14).map("".join),
)


@pytest.fixture
def corpus(publish):
    publish("Ferry <b>service</b> resumes", "The ferry & the U.S. e-mail\n\nNEAR the harbour.")
    publish("Harbour OR bridge", 'AND NOT said "the" ferry\'s crew: (angry) ^ * café.')


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=QUERIES)
def test_no_query_text_raises_or_returns_a_broken_result(corpus, backend, text):
    assert_well_formed(backend.search(SearchQuery(text)))


@pytest.mark.parametrize(
    "text",
    [
        'ferry"', '"ferry', '""', '"" ferry', "ferry AND", "OR ferry", "NOT ferry", "ferry NOT",
        "NEAR(ferry harbour)", "ferry ^harbour", "title:ferry", "{title}: ferry", "(ferry",
        "ferry)", "*ferry", "ferry**", "-", "--ferry", "- ferry", "ferry\x00harbour", "\x00",
        "'; DROP TABLE articles_article; --", "ferry' OR '1'='1", "%s %(x)s ferry",
        "ferry & !harbour", "ferry <-> harbour", "ferr:*", "😀 ferry 🚢",
    ],
)  # fmt: skip
def test_operators_and_sql_are_plain_text(corpus, backend, text):
    assert_well_formed(backend.search(SearchQuery(text)))
    assert Article.objects.count() == 2


def test_operator_words_still_find_what_they_spell(corpus, search):
    assert len(search("AND NOT ferry").hits) == 1
    assert len(search("NEAR ferry harbour").hits) == 1


def test_a_10_kb_query_returns_results(corpus, search):
    results = search("ferry " * 1700)
    assert len("ferry " * 1700) > 10_000
    assert len(results.hits) == 2


def test_a_10_kb_query_of_one_word_finds_nothing(corpus, search):
    assert search("x" * 10_240).hits == []


@pytest.mark.parametrize(
    "text", [" " * 10_240, '"' * 10_240, "-" * 10_240, "😀" * 5000, "ferry*" * 2000]
)
def test_a_10_kb_query_of_symbols_returns_well_formed_results(corpus, backend, text):
    assert_well_formed(backend.search(SearchQuery(text)))


def test_a_10_kb_query_of_distinct_words_returns_quickly(corpus, search):
    results = search(" ".join(f"word{n}" for n in range(1500)))
    assert results.hits == []


def test_absurd_paging_is_clamped(corpus, backend):
    results = backend.search(SearchQuery("ferry", limit=10**9, offset=-5))
    assert found_ids(results) and len(results.hits) <= 100
    assert backend.search(SearchQuery("ferry", limit=0)).hits
