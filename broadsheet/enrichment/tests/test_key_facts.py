"""Numbers with their units and dates are found, each with its sentence."""

from broadsheet.enrichment import key_facts, split_sentences


def test_numbers_with_units_and_dates_are_found_with_their_sentences():
    text = (
        "More than 30 soldiers were killed on Monday, officials said. "
        "The company lost $2.5 million, or 40% of its revenue, on 12 March 2019. "
        "Seven motorcyclists died in 1975."
    )
    facts = key_facts(text)
    numbers = [(f.kind, f.text, f.value, f.unit, f.sentence) for f in facts.numbers]
    assert numbers == [
        ("quantity", "More than 30 soldiers", 30.0, "soldiers", 0),
        ("money", "$2.5 million", 2_500_000.0, "USD", 1),
        ("percent", "40%", 40.0, "%", 1),
        ("quantity", "Seven motorcyclists", 7.0, "motorcyclists", 2),
    ]
    dates = [(f.text, f.sentence) for f in facts.dates]
    assert dates == [("on Monday", 0), ("12 March 2019", 1), ("in 1975", 2)]


def test_sentences_split_after_stops_but_not_after_titles():
    text = "Dr. Smith arrived in the U.S. on Monday. He left. Mr. Jones stayed."
    sentences = [text[a:b] for a, b in split_sentences(text)]
    assert sentences == [
        "Dr. Smith arrived in the U.S. on Monday.",
        "He left.",
        "Mr. Jones stayed.",
    ]


def test_a_verb_or_a_clock_after_a_number_is_not_what_it_counts():
    facts = key_facts("The 787 will fly this year. The fire began at 1700 UTC, about 7 am.")
    assert not [f for f in facts.numbers if f.kind == "quantity"]


def test_dates_shown_are_those_that_still_mean_something_later():
    facts = key_facts("Boeing said this year that the 787 would fly on 12 March 2009, not today.")
    assert {d.text for d in facts.dates} >= {"this year", "12 March 2009", "today"}
    assert [d.text for d in facts.dated] == ["12 March 2009"]


def test_key_facts_shown_alone_are_counts_of_a_noun_not_parts_of_names():
    text = (
        "The airline ordered 60 Boeing 787 jets and 22 new aircraft. The 787-8 holds 250 "
        "passengers, and 15,000 people watched on Sunday. Tickets cost $400 and 12% sold out."
    )
    facts = key_facts(text)
    shown = [f.text for f in facts.readable]
    assert "250 passengers" in shown and "15,000 people" in shown and "$400" in shown
    assert "12%" in shown
    assert not any(t.startswith(("60 Boeing", "22 new", "8 holds")) for t in shown)
    assert not any("holds" in f.text for f in facts.numbers)  # "787-8" is a code, not a count
    assert [d.text for d in facts.dated] == []  # a weekday alone dates nothing once read later


def test_a_clock_time_before_its_time_zone_ends_no_sentence() -> None:
    text = (
        "The storm was 75 miles south of the island at 11 p.m. AST on Sunday. "
        "It weakened at 2 a.m. Police closed the roads."
    )
    sentences = [text[a:b] for a, b in split_sentences(text)]
    assert sentences == [
        "The storm was 75 miles south of the island at 11 p.m. AST on Sunday.",
        "It weakened at 2 a.m.",
        "Police closed the roads.",
    ]
