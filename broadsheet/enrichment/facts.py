"""Key facts in an article: numbers with their units or context, and dates, by sentence.

``key_facts(text)`` finds money ("$2.5 million", "US$6 billion"), percentages
("40%", "2.3 percent"), counted things ("more than 30 soldiers", "seven
motorcyclists", "dozens of homes") and dates ("on Monday", "12 March 2019",
"June 24", "in 1975", "yesterday"), each with the index of its sentence as
``split_sentences`` numbers them, so the AI panel can cite it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from broadsheet.lib import lemmas

MAX_CHARS = 200_000
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "a dozen": 12,
}  # fmt: skip
_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9,
    "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
}  # fmt: skip
_CURRENCIES = {
    "$": "USD", "US$": "USD", "USD": "USD", "CDN$": "CAD", "C$": "CAD", "A$": "AUD",
    "NZ$": "NZD", "HK$": "HKD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR",
}  # fmt: skip
_CURRENCY_WORDS = {
    "dollars": "USD", "euros": "EUR", "pounds": "GBP", "yen": "JPY",
    "yuan": "CNY", "rupees": "INR", "rubles": "RUB", "roubles": "RUB",
}  # fmt: skip
_QUALIFIER = (
    r"(?:(?:more|fewer|less) than|over|under|about|around|nearly|almost|at least|at most|"
    r"up to|some|approximately|roughly|an estimated|as many as)\s+"
)
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s?(?:thousand|million|billion|trillion|bn|mn|tn|[kmb])\b)?"
_MONEY = re.compile(
    rf"(?:{_QUALIFIER})?(?P<cur>US\$|CDN\$|NZ\$|HK\$|[CA]\$|USD\s?|[$€£¥₹])\s?(?P<num>{_NUM})(?P<scale>{_SCALE})"
    rf"|(?:{_QUALIFIER})?(?P<num2>{_NUM})(?P<scale2>{_SCALE})\s(?P<curword>{'|'.join(_CURRENCY_WORDS)})\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(
    rf"(?:{_QUALIFIER})?(?P<num>{_NUM})\s?(?:%|percent\b|per cent\b)", re.IGNORECASE
)
_DATE = re.compile(
    rf"\b(?:(?:on|last|next|this|since|by|until)\s+)?(?:{_DAYS})(?:,?\s+\d{{1,2}}\s+(?:{_MONTHS})(?:\s+\d{{4}})?)?\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?(?:,?\s+\d{{4}})?\b"
    rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"
    rf"|\b(?:in|since|by|until|from|of|early|late|mid-)\s*(?:(?:{_MONTHS})\s+)?(?:1[89]\d\d|20\d\d)\b"
    r"|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b(?:yesterday|today|tomorrow|tonight|(?:last|next|this) (?:week|month|year|weekend))\b"
)
_RELATIVE = re.compile(
    r"\b(?:yesterday|today|tomorrow|tonight|(?:last|next|this) (?:week|month|year|weekend))\b",
    re.IGNORECASE,
)
_COUNT = re.compile(
    rf"\b(?:{_QUALIFIER})?(?P<num>{_NUM}|{'|'.join(_WORD_NUMBERS)}|dozens|hundreds|thousands|millions)"
    rf"(?P<scale>{_SCALE})(?:\s+of)?\s+(?P<unit>[a-z][a-z-]+(?:\s+[a-z][a-z-]+)?)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n\s*")
_NO_BREAK = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|Inc|Ltd|Co|Corp|Gen|Sen|Rep|Gov|No|vs)|\b[A-Z]|\b(?:[A-Z]\.)+)\.$"
)
# A clock time's "p.m." before its time zone ("at 11 p.m. AST, the storm") ends no sentence.
_CLOCK_END = re.compile(r"\b[ap]\.m\.$", re.IGNORECASE)
_TIME_ZONE = re.compile(r"(?:[A-Z]{1,3}[SD]?T|UTC)\b")
_UNIT_STOP = frozenset({
    "and", "or", "the", "a", "an", "of", "to", "in", "on", "at", "for", "by", "from", "with",
    "per", "percent", "is", "are", "was", "were", "has", "have", "had", "be", "been", "that",
    "which", "who", "as", "than", "but", "since", "after", "before", "during", "while", "when",
    "into", "over", "under", "about", "its", "their", "his", "her", "this", "these", "those",
    "it", "they", "he", "she", "we", "you", "so", "if", "not", "also", "more", "less", "ago",
    "later", "earlier", "each", "every",
    # "787 will", "1700 UTC", "7 am": a verb or a clock, not the thing counted.
    "will", "would", "can", "could", "may", "might", "should", "must", "being", "out", "them",
    "us", "am", "pm", "utc", "gmt", "est", "edt", "cest", "cet", "bst", "local",
})  # fmt: skip


@dataclass(frozen=True)
class Fact:
    """One number or date as written, with what it counts and where it stands."""

    kind: str  # "money" | "percent" | "quantity" | "date"
    text: str  # as written: "more than 30 soldiers", "$2.5 million", "on Monday"
    value: float | None  # 2500000.0 for "$2.5 million"; None for dates and "dozens"
    unit: str | None  # "USD", "%", "soldiers"; None for dates
    sentence: int  # index into split_sentences(text)
    start: int
    end: int


@dataclass(frozen=True)
class Facts:
    """The numbers and dates of one text, in reading order."""

    numbers: tuple[Fact, ...]
    dates: tuple[Fact, ...]

    @property
    def dated(self) -> tuple[Fact, ...]:
        """Dates that still mean something when read later: not "today", "this year", nor a
        weekday alone ("on Sunday")."""
        return tuple(
            d for d in self.dates if not _RELATIVE.search(d.text) and not _WEEKDAY.fullmatch(d.text)
        )

    @property
    def readable(self) -> tuple[Fact, ...]:
        """Numbers that read as a fact on their own (the panel's "Key facts"): sums, shares and
        counts of a plural noun ("800 orders"), not "787 Dreamliner", "22 new", "787 worth"."""
        return tuple(n for n in self.numbers if n.kind != "quantity" or _counts_a_noun(n))

    def __iter__(self):  # type: ignore[no-untyped-def]
        """Every fact, numbers and dates together, in reading order."""
        return iter(sorted((*self.numbers, *self.dates), key=lambda f: f.start))


_WEEKDAY = re.compile(rf"(?:on\s+)?(?:{_DAYS})", re.IGNORECASE)
# Nouns whose plural is the word itself: "15,000 people", "40 aircraft".
_SAME_PLURAL = frozenset(
    "people staff crew police personnel aircraft cattle sheep fish deer troops".split()  # noqa: SIM905
)


def _counts_a_noun(fact: Fact) -> bool:
    """A count of something named by a plural common noun (or of one thing: "one person")."""
    unit = (fact.unit or "").split()
    if not unit or not unit[-1][:1].islower():
        return False
    noun = unit[-1].casefold()
    if fact.value == 1 or noun in _SAME_PLURAL:
        return True
    return noun.isalpha() and lemmas.lemmatize(noun, "en") != noun


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets: breaks after . ! ? before a capital, and at line breaks."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        # An abbreviation only holds a sentence together within a line, never across a break.
        if "\n" not in match.group() and _holds_together(text, match.start(), match.end()):
            continue
        # Closing quotes and brackets belong to the sentence they end.
        end = match.start() + len(match.group()) - len(match.group().lstrip("\"”’')]"))
        if text[start:end].strip():
            spans.append((start, end))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def _holds_together(text: str, stop: int, following: int) -> bool:
    """Whether the full stop ending at `stop` belongs to an abbreviation, not a sentence end."""
    before = text[max(0, stop - 12) : stop]
    if _NO_BREAK.search(before):
        return True
    return bool(_CLOCK_END.search(before) and _TIME_ZONE.match(text, following))


def key_facts(text: str) -> Facts:
    """Money, percentages, counted things and dates found in the text, with sentence indices."""
    text = (text or "")[:MAX_CHARS]
    sentences = split_sentences(text)
    taken: list[tuple[int, int]] = []
    numbers: list[Fact] = []
    dates: list[Fact] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    starts = [s for s, _ in sentences]

    def sentence_of(offset: int) -> int:
        return max(0, bisect_right(starts, offset) - 1)

    for match in _DATE.finditer(text):
        taken.append(match.span())
        dates.append(
            Fact("date", match.group(), None, None, sentence_of(match.start()), *match.span())
        )
    for match in _MONEY.finditer(text):
        if not free(*match.span()):
            continue
        if match.group("num"):
            cur = _CURRENCIES.get(match.group("cur").strip().upper().replace("USD", "USD"), "USD")
            value = _number(match.group("num"), match.group("scale"))
        else:
            cur = _CURRENCY_WORDS[match.group("curword").casefold()]
            value = _number(match.group("num2"), match.group("scale2"))
        taken.append(match.span())
        numbers.append(
            Fact("money", match.group(), value, cur, sentence_of(match.start()), *match.span())
        )
    for match in _PERCENT.finditer(text):
        if free(*match.span()):
            taken.append(match.span())
            value = _number(match.group("num"), "")
            numbers.append(
                Fact(
                    "percent", match.group(), value, "%", sentence_of(match.start()), *match.span()
                )
            )
    for match in _COUNT.finditer(text):
        fact = _count(match, text)
        if fact and free(fact[0], fact[1]):
            a, b, unit, amount = fact
            taken.append((a, b))
            numbers.append(Fact("quantity", text[a:b], amount, unit, sentence_of(a), a, b))
    numbers.sort(key=lambda f: f.start)
    return Facts(tuple(numbers), tuple(dates))


def _count(match: re.Match[str], text: str) -> tuple[int, int, str, float | None] | None:
    """A counted thing: the number and one or two following words that name what it counts."""
    if match.start() > 1 and text[match.start() - 1] == "-" and text[match.start() - 2].isalnum():
        return None  # "the 787-8 holds 250": part of a code, not a count
    unit_words = match.group("unit").split()
    while unit_words and unit_words[-1].casefold() in _UNIT_STOP:
        unit_words.pop()
    if not unit_words or unit_words[0].casefold() in _UNIT_STOP:
        return None
    raw = match.group("num").casefold()
    if raw.isdigit() and len(raw) == 4 and 1800 <= int(raw) <= 2099 and not match.group("scale"):
        return None  # a year, not a count
    if raw in _WORD_NUMBERS:
        value: float | None = float(_WORD_NUMBERS[raw]) * _SCALES.get(
            (match.group("scale") or "").strip().casefold(), 1
        )
    elif raw[0].isdigit():
        value = _number(match.group("num"), match.group("scale"))
    else:
        value = None  # "dozens", "hundreds"
    # "5,000 VIP guests", "new deaths": a second word only when it is the plural noun.
    if len(unit_words) == 2 and (unit_words[0].endswith("s") or not unit_words[1].endswith("s")):
        unit_words = unit_words[:1]
    unit = " ".join(unit_words)
    end = match.start("unit") + len(unit)
    return match.start(), end, unit, value


def _number(raw: str, scale: str | None) -> float:
    value = float(raw.replace(",", ""))
    return value * _SCALES.get((scale or "").strip().casefold(), 1.0)
