"""The words a question names its answer's type with: nouns of organisations, places, people
and figures, measures ("how far"), kinds of people ("how many people": occupants, passengers)
and the verbs of a direction ("where … coming from / headed"); a word between two role words
is part of a title, not a name. Plain general vocabulary, written from usage, not from any
article."""

from __future__ import annotations

import re

ORG_NOUNS = frozenset(
    """
    company companies firm firms court courts newspaper newspapers paper magazine party parties
    team club agency agencies organisation organization organisations organizations group union
    bank banks airline airlines carrier network channel broadcaster university ministry department
    manufacturer automaker maker makers brand body association federation council committee
    institute school service station publication outlet website index studio retailer
    supermarket chain insurer lender regulator watchdog operator publisher label supplier
    charity contractor consortium
    """.split()  # noqa: SIM905
)
PLACE_NOUNS = frozenset(
    """
    country countries city cities state states town towns region regions province place places
    venue island continent county capital village area district hospital airport street
    location neighbourhood neighborhood
    """.split()  # noqa: SIM905
)
PERSON_NOUNS = frozenset(
    """
    person man woman judge minister president leader player candidate official officials
    spokesman spokeswoman spokesperson ceo executive chairman chief governor senator author
    politician actor singer driver pilot doctor lawyer prosecutor investor founder owner head
    director manager victim winner editor economist analyst mayor secretary general attorney
    coach captain commander chairwoman chair vice prime deputy officer journalist reporter
    columnist scientist researcher professor teacher suspect gunman killer attacker witness
    musician artist writer producer comedian presenter astronaut ambassador diplomat activist
    """.split()  # noqa: SIM905
)
DATE_NOUNS = frozenset(
    ["year", "date", "day", "month", "time", "hour", "week", "decade", "century", "season"]
)
NUMBER_NOUNS = frozenset(
    """
    percentage share proportion price cost amount number total level score figure rate count
    fine salary sum value tally margin majority size age speed distance height weight
    """.split()  # noqa: SIM905
)
MEASURES = frozenset(
    [
        "long",
        "far",
        "fast",
        "big",
        "large",
        "high",
        "tall",
        "heavy",
        "deep",
        "wide",
        "often",
        "strong",
    ]
)
_LENGTH = "km kilometre kilometer mile metre meter m feet foot ft inch yard cm mm nautical"
# (units compared as written, singular or plural)
_TIME_UNITS = "second minute hour day week month year decade century centuries"
# "How far / tall / heavy / fast …": only a figure in a unit of that measure answers it ("42.195
# kilometers", not "two hours" for how far; "six feet", not "two colors" for how tall).
MEASURE_UNITS = {
    "far": _LENGTH, "high": f"{_LENGTH} percent", "tall": _LENGTH, "deep": _LENGTH, "wide": _LENGTH,
    "long": f"{_LENGTH} {_TIME_UNITS}",
    "heavy": "kg kilogram kilo gram g pound lb ton tonne ounce oz",
    "fast": "mph kph km/h knot per hour kilometre kilometer mile percent",
    # "How strong were the winds / was the earthquake?": a speed, a magnitude, a category.
    "strong": "mph kph km/h knot per hour kilometre kilometer mile magnitude category",
}  # fmt: skip
# "How much fuel / rain / land?": an amount in a unit of volume, weight or area answers.
MASS_UNITS = frozenset(
    """
    gallon gallons litre litres liter liters barrel barrels ton tons tonne tonnes kg kilogram
    kilograms pound pounds lb lbs ounce ounces acre acres hectare hectares cubic square inch
    inches millimetres millimeters mm cm
    """.split()  # noqa: SIM905
)
# "How many people …": a count of any kind of people answers ("three occupants died").
HUMAN_NOUNS = frozenset(
    """
    passenger occupant crew member soldier troop student child adult citizen worker employee
    fan spectator voter protester demonstrator patient inmate prisoner officer firefighter
    police tourist migrant refugee civilian pilgrim miner player athlete man woman boy girl
    survivor hostage sailor pupil teacher doctor nurse attendee participant visitor delegate guest
    """.split()  # noqa: SIM905
)


# "Where was the flight coming from?", "Where was the plane headed?": an origin or destination.
DIRECTION_VERBS = frozenset(
    """
    come coming came headed heading head bound go going went fly flying flew travel travelling
    traveling take taken took move moved send sent transfer transferred bring brought originate
    depart departed leave left
    """.split()  # noqa: SIM905
)
TO_VERBS = frozenset(
    "headed heading head bound go going went taken took moved sent transferred brought".split()  # noqa: SIM905
)


def in_title(sentence: str, start: int, end: int) -> bool:
    """Whether sentence[start:end] is a word of a title between two role words: "Operating" in
    "Chief Operating Officer", "Foreign" in "Deputy Foreign Minister" (not "Apple" in "Apple
    CEO"): no name, whatever an entity list says."""
    before = sentence[:start].split()[-1:]
    after = sentence[end:].split()[:1]
    return len(before) == len(after) == 1 and all(
        w[:1].isupper() and w.strip(",.;:").casefold() in PERSON_NOUNS for w in [*before, *after]
    )


_APPOSITION = re.compile(
    r",\s+(?:(?:the|a|an|its|his|her|their)\s+)?((?:[\w'’-]+\s+){0,3}?[\w'’-]+)"
    r"(?=[\s,.;]+(?:of|at|for|in)\b|[,.;]|$)"
)


def described_as_person(sentence: str, end: int) -> bool:
    """ "Jim Press, the Vice Chairman of Chrysler": a name described between commas by a
    person's role (the head noun of the apposition) is a person's, whatever an entity list
    calls it; not "ISNA, the prosecutor of Tehran, Ali Mehr, said": that role is the next name's."""
    m = _APPOSITION.match(sentence, end)
    if not m or m.group(1).split()[-1].casefold() not in PERSON_NOUNS:
        return False
    return not re.match(r"[^,.;]*,\s+[A-Z][\w'’-]*\s+[A-Z]", sentence[m.end() :])


def type_noun(noun: str) -> str:
    """A plural type noun names the same type as its singular ("judges", "agencies")."""
    single = noun[:-3] + "y" if noun.endswith("ies") and len(noun) > 4 else noun
    single = (
        single[:-1] if single == noun and noun.endswith("s") and not noun.endswith("ss") else single
    )
    return single if single in ORG_NOUNS | PLACE_NOUNS | PERSON_NOUNS else noun


# Past forms the lemmatizer reads as nouns or adjectives ("was shot", "broke the record").
PAST_FORMS = {"shot": "shoot", "broke": "break", "broken": "break", "gone": "go", "felt": "feel"}
