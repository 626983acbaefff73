"""parse_query turns any text into terms of letters, digits and marks only."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from broadsheet.search.query import MAX_TERMS, Term, parse_query


def test_words_are_included_terms():
    assert parse_query("Ferry harbour").terms == (
        Term(tokens=("Ferry",), text="Ferry"),
        Term(tokens=("harbour",), text="harbour"),
    )


def test_quotes_make_a_phrase():
    (term,) = parse_query('"harbour bridge"').terms
    assert term.tokens == ("harbour", "bridge") and term.is_phrase


def test_trailing_star_makes_a_prefix():
    (term,) = parse_query("ferr*").terms
    assert term.tokens == ("ferr",) and term.is_prefix


def test_leading_minus_excludes_a_word_or_phrase():
    parsed = parse_query('ferry -strike -"crews out"')
    assert [t.tokens for t in parsed.excluded] == [("strike",), ("crews", "out")]


def test_punctuation_inside_a_word_joins_its_parts_into_a_phrase():
    (term,) = parse_query("U.S.").terms
    assert term.tokens == ("U", "S") and term.text == "U.S."


def test_duplicate_terms_are_dropped():
    assert len(parse_query("ferry Ferry FERRY").terms) == 1


def test_only_excluded_terms_is_empty():
    assert parse_query("-ferry").is_empty


def test_symbols_alone_are_empty():
    assert parse_query('"" * - ( ) ^ : 😀').is_empty


@given(st.text())
def test_any_text_parses_into_safe_tokens(text):
    parsed = parse_query(text)
    assert len(parsed.terms) <= MAX_TERMS
    for term in parsed.terms:
        assert term.tokens and "\x00" not in term.text
        for token in term.tokens:
            assert all(unicodedata.category(c)[0] in "LNM" for c in token)
            assert any(unicodedata.category(c)[0] in "LN" for c in token)
