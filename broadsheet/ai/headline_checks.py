"""Headline checks: garbled grammar, names and numbers the body lacks, and flipped negation.

The rules are deliberately narrow, because a false alarm on a publisher's own
headline costs more than a miss: a preposition straight before a finite verb
("group in takes responsibility"), an article or preposition before another
preposition ("near of"), a function word left dangling at the end of a phrase,
a word typed twice; a number or a name that appears nowhere in the body; a
"not"/"no"/"never" the body does not share, or a plain statement the body
negates.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass

from broadsheet.ai.sentences import article_sentences
from broadsheet.ai.terms import STOPWORDS, content_stems, number_value, stem, words
from broadsheet.enrichment import extract_entities

PREPOSITIONS = frozenset(
    """
    in on at of for with by from into onto after before against amid during without over
    under near between through towards toward across despite via among
    """.split()  # noqa: SIM905
)
_CORE_PREPOSITIONS = frozenset(["of", "in", "at", "on", "for", "with", "by", "from", "into", "to"])
_PREPOSITION_PAIRS_OK = frozenset({("in", "on"), ("on", "to"), ("in", "to"), ("from", "on")})
_ARTICLES = frozenset({"the", "a", "an"})
_DANGLING_AT_END = frozenset(
    """
    the a an of and or but nor to for with from by at into than as
    """.split()  # noqa: SIM905
)
# Finite verbs that are almost never plural nouns, so "in takes" cannot be "in talks".
_FINITE_VERBS = frozenset(
    """
    takes says makes gives goes comes becomes seems knows thinks tells finds wants keeps
    brings begins hears lets puts means gets sees urges vows denies admits warns kills dies
    is are was were has have had will would can could should must does did announces reveals
    unveils launches accepts rejects wants resigns insists
    """.split()  # noqa: SIM905
)
_NEGATIONS = frozenset({"not", "no", "never", "nobody", "none", "nor", "neither", "cannot"})
_COUNTRY_SHORT = {"us": "US", "u.s": "US", "usa": "US", "uk": "GB", "u.k": "GB", "britain": "GB"}
_NUMERIC = re.compile(r"^(\d+(?:[.,]\d+)*)(bn|m|k|s|th|st|nd|rd)?$", re.I)
_SCALES = {"bn": 1e9, "billion": 1e9, "m": 1e6, "million": 1e6, "k": 1e3, "thousand": 1e3}
_TOKEN = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?[A-Za-z]*|[A-Za-zÀ-ž0-9]+(?:['’.\-][A-Za-zÀ-ž0-9]+)*"
)
_AT_LEAST = re.compile(r"(?:more than|over|at least|upwards of)$")
_AT_MOST = re.compile(r"(?:fewer than|less than|under|nearly|almost|up to|at most)$")
_ABOUT = re.compile(r"\b(?:about|around|some|roughly|approximately|an estimated)$")
_BOUNDS = (("at least", _AT_LEAST), ("at most", _AT_MOST), ("about", _ABOUT))
_EVENT_NOUNS = frozenset(
    """
    election elections season games cup olympics championship championships tournament
    festival conference budget census primary primaries final finals awards
    """.split()  # noqa: SIM905
)
_ORG_SUFFIXES = frozenset(
    """
    group spa inc corp co ltd plc ag sa nv llc company corporation holdings
    """.split()  # noqa: SIM905
)
_UNDECOMPOSED = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "ß": "ss"})
_NOT_PREDICATES = frozenset(
    ["since", "until", "yet", "only", "even", "just", "ever", "more", "less", "least", "first"]
)
_ACRONYM_GLUE = frozenset({"of", "the", "and", "for", "&"})
# Adjectives of nationality whose country shares no long root with them ("Welsh", "Wales").
_DEMONYMS = {
    "welsh": "wales", "british": "britain", "french": "france", "dutch": "netherlands",
    "swiss": "switzerland", "scottish": "scotland", "scots": "scotland", "irish": "ireland",
    "english": "england", "spanish": "spain", "danish": "denmark", "swedish": "sweden",
    "finnish": "finland", "polish": "poland", "turkish": "turkey", "greek": "greece",
    "thai": "thailand", "filipino": "philippines", "norwegian": "norway",
    "portuguese": "portugal", "chinese": "china", "japanese": "japan", "lebanese": "lebanon",
    "vietnamese": "vietnam", "sudanese": "sudan", "maltese": "malta", "cypriot": "cyprus",
}  # fmt: skip
# "Northern California": a compass word names a part of a place the body names.
_COMPASS = frozenset(
    """
    north south east west northern southern eastern western central northeast northwest
    southeast southwest north-east north-west south-east south-west upper lower greater
    """.split()  # noqa: SIM905
)
_SEGMENT = re.compile(r"\s*(?:[:;,|]|\s[-–—]\s)\s*")


@dataclass(frozen=True)
class HeadlineCheck:
    """Whether the headline reads right and matches its body; why not, in plain words."""

    ok: bool
    reasons: tuple[str, ...]


def check_headline(headline: str, text: str) -> HeadlineCheck:
    """Compare a headline with its article body; every problem found comes with a reason."""
    reasons = [*garbled_grammar(headline)]
    if text.strip():
        reasons += unsupported_numbers(headline, text)
        reasons += unsupported_names(headline, text)
        reasons += negation_mismatch(headline, text)
        reasons += opposite_words(headline, text)
    return HeadlineCheck(ok=not reasons, reasons=tuple(reasons))


def differing_terms(reasons: list[str] | tuple[str, ...]) -> list[str]:
    """The headline's own words each reason quotes ("'11bn'", "'in takes'"), for display in
    any language: the reasons themselves are English."""
    terms: list[str] = []
    for reason in reasons:
        for term in re.findall(r"'([^']+)'", str(reason)):
            if term not in terms:
                terms.append(term)
    return terms


def garbled_grammar(headline: str) -> list[str]:
    """Reasons the headline's grammar is broken: prepositions before verbs, dangling words."""
    reasons = []
    for segment in _SEGMENT.split(headline):
        raw = words(segment)
        tokens = [t.casefold() for t in raw]
        for k, (left, right) in enumerate(zip(tokens, tokens[1:], strict=False)):
            if left == right and left.isalpha() and left not in {"had", "that"}:
                if raw[k][0].isupper() and raw[k + 1][0].isupper():
                    continue  # "Sirhan Sirhan", "Duran Duran": a name, not a typo
                reasons.append(f"garbled: the word '{left}' is repeated")
            elif left in PREPOSITIONS and right in _FINITE_VERBS:
                reasons.append(
                    f"garbled: a preposition followed directly by a verb ('{left} {right}')"
                )
            elif left in _ARTICLES and (right in _CORE_PREPOSITIONS or right in _ARTICLES):
                reasons.append(f"garbled: an article followed by '{right}' ('{left} {right}')")
            elif (
                left in PREPOSITIONS
                and right in _CORE_PREPOSITIONS
                and (left, right) not in _PREPOSITION_PAIRS_OK
            ):
                reasons.append(f"garbled: two prepositions in a row ('{left} {right}')")
        if tokens and tokens[-1] in _DANGLING_AT_END:
            reasons.append(f"garbled: the phrase ends with a dangling '{tokens[-1]}'")
    return reasons


@dataclass(frozen=True)
class _Number:
    """A number as written, its readings (2.2 and 2.2e9 for "2.2bn") and how to match it."""

    token: str
    readings: frozenset[float]
    bound: str  # "at least" | "at most" | "about" | "": how "more than 20" may be supported
    label: bool  # "Expo 2019", "'82", "2020 election": part of a name or an abbreviation
    context: frozenset[str]  # stems of the words around it, to tie a bound to its noun


def _number_mentions(text: str) -> tuple[list[_Number], dict[str, str]]:
    """Stand-alone numbers and codes such as "A380" (folded -> as written)."""
    matches = list(_TOKEN.finditer(text))
    tokens = [m.group() for m in matches]
    mentions: list[_Number] = []
    codes: dict[str, str] = {}
    for i, token in enumerate(tokens):
        nxt = tokens[i + 1].casefold() if i + 1 < len(tokens) else ""
        before = " ".join(tokens[max(0, i - 2) : i]).casefold()
        bound = next(
            (name for name, rx in _BOUNDS if rx.search(before)),
            "",
        )
        match = _NUMERIC.match(token)
        if match:
            value = number_value(match.group(1))
            if value is None:
                continue
            readings = {value}
            suffix = (match.group(2) or "").casefold()
            scale = _SCALES.get(suffix) or _SCALES.get(nxt)
            if scale:
                readings.add(value * scale)
            prev = tokens[i - 1] if i else ""
            raw_next = tokens[i + 1] if i + 1 < len(tokens) else ""
            is_year = value.is_integer() and 1900 <= value <= 2099 and not scale
            label = text[max(0, matches[i].start() - 1) : matches[i].start()] in "'’" and i > 0
            label = (
                label
                or is_year
                and (prev[:1].isupper() or nxt in _EVENT_NOUNS or raw_next[:1].isupper())
            )
            mentions.append(_Number(token, frozenset(readings), bound, label, _around(tokens, i)))
        elif token[0].isalpha() and any(c.isdigit() for c in token):
            for code in (token, *token.split("-")):
                if any(c.isdigit() for c in code):
                    codes.setdefault(code.casefold(), code)
        elif token.casefold() not in {"one", "a"}:
            value = number_value(token)
            if value is not None:
                mentions.append(
                    _Number(token, frozenset({value}), bound, False, _around(tokens, i))
                )
    return mentions, codes


def _around(tokens: list[str], i: int) -> frozenset[str]:
    """Content stems within three words of position i."""
    window = tokens[max(0, i - 3) : i] + tokens[i + 1 : i + 4]
    return frozenset(stem(t) for t in window if t.casefold() not in STOPWORDS and t.isalpha())


def _rounds_to(short: float, precise: float) -> bool:
    """Whether ``short`` is ``precise`` written with fewer significant digits (2.2 for 2.24)."""
    if not precise or abs(short - precise) / abs(precise) > 0.05:
        return False

    def digits(x: float) -> int:
        return len(f"{x:.12g}".replace(".", "").replace("-", "").split("e")[0].strip("0"))

    return digits(short) < digits(precise)


def _within(bound: str, stated: float, body: float) -> bool:
    """Whether a body value fits a headline's bounded number ("more than 20" and 22)."""
    if bound == "at least":
        return stated <= body <= 1.5 * stated
    if bound == "at most":
        return 0.67 * stated <= body <= stated
    if bound == "about":
        return abs(body - stated) <= 0.2 * abs(stated)
    return False


def _sums(text: str) -> set[float]:
    """Totals a headline may state for numbers one sentence lists ("seven pardons and four
    commutations": eleven people), and "a score of" (twenty)."""
    totals: set[float] = set()
    for sentence in article_sentences(text)[:200]:
        values = sorted({min(n.readings) for n in _number_mentions(sentence)[0] if not n.label})
        if re.search(r"\ba score of\b", sentence, re.I):
            totals.add(20.0)
        if 2 <= len(values) <= 5:
            totals.update(a + b for i, a in enumerate(values) for b in values[i + 1 :])
            totals.add(sum(values))
    return totals


def unsupported_numbers(headline: str, text: str) -> list[str]:
    """Reasons for every headline number or code the body does not state."""
    head, head_codes = _number_mentions(headline)
    body, body_codes = _number_mentions(text)
    body_values = {v for number in body for v in number.readings}
    totals = _sums(text)
    reasons = []
    for number in head:
        if number.label or number.readings & body_values:
            continue
        if number.readings & totals and not any(1900 <= h <= 2099 for h in number.readings):
            continue
        if any(_rounds_to(h, b) for h in number.readings for b in body_values):
            continue
        if any(
            _within(number.bound, h, b) and number.context & other.context
            for other in body
            for h in number.readings
            for b in other.readings
        ):
            continue
        reasons.append(f"the number '{number.token}' does not appear in the article")
    for folded, code in head_codes.items():
        if folded not in body_codes and folded.rstrip("s") not in body_codes:
            reasons.append(f"'{code}' does not appear in the article")
    return reasons


def _is_title_case(tokens: list[str]) -> bool:
    content = [t for t in tokens if t.casefold() not in STOPWORDS and t[0].isalpha()]
    return len(content) >= 3 and sum(t[0].isupper() for t in content) / len(content) > 0.7


def _fold(word: str) -> str:
    """Case- and accent-folded, possessive and final dot dropped: "Kaczyński's" -> "kaczynski"."""
    word = word.rstrip(".").removesuffix("'s").removesuffix("’s")
    decomposed = unicodedata.normalize("NFKD", word.translate(_UNDECOMPOSED))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _body_vocabulary(text: str) -> set[str]:
    """Every folded word of the body, with its hyphen parts and stems."""
    vocabulary: set[str] = set()
    for token in words(text):
        for part in {token, *token.split("-")}:
            folded = _fold(part)
            vocabulary.update((folded, stem(folded)))
    return vocabulary


def _spelled_out(acronym: str, tokens: list[str]) -> bool:
    """Whether the body spells the acronym out: "CEO" by "chief executive officer"."""
    letters = acronym.casefold().replace(".", "")
    initials = [t[0].casefold() for t in tokens if t.casefold() not in _ACRONYM_GLUE]
    joined = "".join(initials)
    return len(letters) > 1 and letters in joined


def _shares_root(word: str, vocabulary: set[str]) -> bool:
    """ "Cuba" for "Cuban", "Mexican" for "Mexico": a long common start of the two words."""
    for other in vocabulary:
        if other[:4] != word[:4]:
            continue
        common = len(os.path.commonprefix([word, other]))
        if common >= 4 and common >= 0.75 * min(len(word), len(other)):
            return True
    return False


def _is_demonym_of(word: str, vocabulary: set[str]) -> bool:
    """ "Welsh" when the body says "Wales", and "Wales" when it says "Welsh"."""
    if _DEMONYMS.get(word) in vocabulary:
        return True
    return any(country == word and demonym in vocabulary for demonym, country in _DEMONYMS.items())


def unsupported_names(headline: str, text: str) -> list[str]:
    """Reasons for every capitalised name in the headline that the body never mentions."""
    vocabulary = _body_vocabulary(text)
    entities = extract_entities("", text)
    for entity in entities:
        for name in (entity.name, *entity.aliases):
            vocabulary.update(_fold(w) for w in words(name))
    countries = {e.country for e in entities if e.country}
    body_tokens = words(text)
    reasons = []
    for segment in _SEGMENT.split(headline):
        tokens = words(segment)
        title_case = _is_title_case(tokens)
        for i, token in enumerate(tokens):
            parts = [p for p in token.split("-") if p[:1].isupper()] or [token]
            for part in parts:
                core = part.rstrip(".").removesuffix("'s").removesuffix("’s")
                folded = _fold(core)
                if (
                    len(core) < 2
                    or not core[:1].isupper()
                    or folded in STOPWORDS
                    or folded in _ORG_SUFFIXES
                    or any(c.isdigit() for c in core)
                ):
                    continue
                is_acronym = sum(c.isupper() for c in core) > 1
                if (i == 0 or title_case) and not is_acronym:
                    continue  # a capital that only opens the phrase, or Title Case
                if folded in vocabulary or stem(folded) in vocabulary:
                    continue
                if _COUNTRY_SHORT.get(folded) in countries:
                    continue
                if is_acronym and _spelled_out(core, body_tokens):
                    continue
                if _shares_root(folded, vocabulary) or _is_demonym_of(folded, vocabulary):
                    continue
                if folded in _COMPASS and i + 1 < len(tokens):
                    continue  # judged by the name it qualifies
                reasons.append(f"'{core}' is not mentioned in the article")
    return reasons


# Word forms whose opposite in the body, with the word itself nowhere in it, contradicts the
# headline without any negation ("reports profits" over a text about losses). Forms, not
# stems: "lose" is everywhere ("lost his seat"), "losses" is a balance sheet.
_OPPOSITES = (
    ({"profit", "profits", "profitable"}, {"loss", "losses", "unprofitable"}),
    ({"surplus", "surpluses"}, {"deficit", "deficits"}),
    ({"acquitted", "acquittal", "acquits"}, {"convicted", "conviction", "convicts"}),
)


def opposite_words(headline: str, text: str) -> list[str]:
    """A reason when the headline says a word the body never uses but whose opposite it does."""
    head = {w.casefold() for w in words(headline)}
    body = {w.casefold() for w in words(text)}
    reasons = []
    for a, b in _OPPOSITES:
        for said, other in ((a, b), (b, a)):
            if head & said and not body & said and body & other:
                found = sorted(body & other)[0]
                reasons.append(f"the article speaks of '{found}', not '{sorted(head & said)[0]}'")
    return reasons


def _negated_at(tokens: list[str], i: int) -> bool:
    """Whether a negation stands within three words before position i."""
    return any(t in _NEGATIONS or t.endswith("n't") for t in tokens[max(0, i - 3) : i])


def negation_mismatch(headline: str, text: str) -> list[str]:
    """A reason when the headline negates what the body states, or states what it negates."""
    head_tokens = [t.casefold() for t in words(headline)]
    sentences = article_sentences(text)
    head_stems = set(content_stems(headline))
    if not sentences or not head_stems:
        return []
    overlap = [len(head_stems & set(content_stems(s))) / len(head_stems) for s in sentences]
    ranked = sorted(range(len(sentences)), key=lambda i: -overlap[i])[:3]
    body_tokens = [[t.casefold() for t in words(sentences[i])] for i in ranked]
    negated = [i for i, t in enumerate(head_tokens) if t in _NEGATIONS or t.endswith("n't")]
    if negated:
        scope = next((stem(t) for t in head_tokens[negated[0] + 1 :] if t not in STOPWORDS), None)
        carriers = [
            (tokens, j)
            for tokens in body_tokens
            for j, t in enumerate(tokens)
            if scope is not None and stem(t) == scope
        ]
        if carriers:
            if not any(_negated_at(tokens, j) for tokens, j in carriers):
                return [f"the headline says '{head_tokens[negated[0]]}' but the article does not"]
        elif not any(any(t in _NEGATIONS or t.endswith("n't") for t in s) for s in body_tokens):
            return [f"the headline says '{head_tokens[negated[0]]}' but the article does not"]
        return []
    best = body_tokens[0]
    if overlap[ranked[0]] >= 0.5:
        for j, token in enumerate(best):
            if token in STOPWORDS or token in _NOT_PREDICATES or stem(token) not in head_stems:
                continue
            before = best[max(0, j - 2) : j]
            if any(t in {"not", "never"} or t.endswith("n't") for t in before):
                phrase = " ".join(best[max(0, j - 2) : j + 1])
                return [f"the article says '{phrase}', not what the headline states"]
    return []
