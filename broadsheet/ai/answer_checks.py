"""Checks on a candidate answer that need only the words as written (no lemma groups).

Split from ``answers`` so that each stays a readable size: the question's names as
written, whether a fact says something the question does not, "a documentary by X"
naming an agent, and a sentence about other places than the question's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from broadsheet.ai.answer_types import Intent, Span
from broadsheet.ai.question_words import PERSON_NOUNS
from broadsheet.ai.terms import STOPWORDS, words
from broadsheet.enrichment import Entity
from broadsheet.enrichment.lexicon import load_lexicon


def name_runs(question: str) -> list[tuple[str, ...]]:
    """The question's runs of capitalised words after its first, bare and folded."""
    runs: list[list[str]] = []
    previous = False
    for token in words(question)[1:]:
        capital = token[:1].isupper()
        if capital and previous:
            runs[-1].append(bare(token))
        elif capital:
            runs.append([bare(token)])
        previous = capital
    return [tuple(run) for run in runs]


def names_asker(span: str, runs: Sequence[tuple[str, ...]]) -> bool:
    """Whether a name span is a name the question already gives, with more given names."""
    tokens = tuple(bare(w) for w in span.split())
    return any(len(run) < len(tokens) and tokens[-len(run) :] == run for run in runs)


def bare(word: str) -> str:
    """The word folded, its possessive and curly apostrophe dropped ("Jobs’s" -> "jobs")."""
    return word.casefold().replace("’", "'").removesuffix("'s").rstrip("'")


def is_new(span: Span, q_words: set[str]) -> bool:
    """Whether the span says something the question does not already say."""
    tokens = [bare(w) for w in words(span.text)]
    return bool(tokens) and not all(t in q_words or t in STOPWORDS for t in tokens)


_BY_NAME = re.compile(r"\b([\w'’-]+) by (?:[a-z]+ )?[A-Z]")
_PARTICIPLES = frozenset(
    "made written built taken given done held led run sold bought stolen won shot".split()  # noqa: SIM905
)


def by_name(intent: Intent, sentence: str) -> bool:
    """ "a documentary by Tomasz Sekielski" says who made it, whatever the verb ("made by X"
    says who made it, and only that)."""
    if intent.kind not in {"agent", "person"}:
        return False
    for m in _BY_NAME.finditer(sentence):
        before = m.group(1).casefold()
        if not before.isalpha():
            continue  # "dropped in 2007 by MSNBC": "by" belongs to the verb before the year
        if not (before.endswith("ed") or before in _PARTICIPLES):
            return True
    return False


def other_place(
    q_places: set[str], sentence: str, places: set[str], entities: Sequence[Entity] = ()
) -> bool:
    """Whether the sentence names places, none of them the question's ("who came second in
    Nevada?": a sentence about Iowa; "How many marched in Paris?": "in New York City"), places
    being the article's and, when the question names one, the gazetteer's."""
    if not q_places:
        return False
    here = {p for p in places if p in sentence} | gazetteer_places(sentence, entities, first=True)
    same = any(q in h or h in q for q in q_places for h in here)  # "New York City"
    return bool(q_places and here and not same)


_RUN_OF_CAPITALS = re.compile(r"\b[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)*")


def gazetteer_places(text: str, entities: Sequence[Entity], *, first: bool = False) -> set[str]:
    """The best-known places (gazetteer tier 1) the text names as a run of capitalised words,
    not a name the article's entities give another kind ("Jordan" the player); the run opening
    the text only if ``first`` (a question's first word is its wh-word). For counts and dates
    the entities are not extracted: the question's place is still its place ("Paris")."""
    lexicon = load_lexicon()
    other = {e.name for e in entities if e.kind != "place"}
    found = set()
    for m in _RUN_OF_CAPITALS.finditer(text):
        if m.start() == 0 and not first or m.group() in other or text[m.end() : m.end() + 1] == "$":
            continue  # "US$80 million" is a sum
        place = lexicon.place(m.group())
        if place is not None and place.tier == 1:
            found.add(place.name)
    return found


def appositive(sentence: str, runs: Sequence[tuple[str, ...]]) -> str:
    """What the sentence says a named person is, written after the name between commas ("Peter
    Cardillo, chief market economist at Avalon Partners, said"), or "" when it does not."""
    for run in runs:
        name = re.escape(" ".join(run)).replace(r"\ ", r"\s+")
        m = re.search(
            rf"\b{name}(?:['’]s)?,\s+((?:the\s+|an?\s+)?[a-z][^,;:.()\"“”]{{3,80}})[,;.]",
            sentence,
            re.I,
        )
        if m and m.group(1).split()[0].casefold() not in {"who", "which", "said", "says"}:
            return m.group(1)
    return ""


def act_on_named(
    verb: str, runs: Sequence[tuple[str, ...]], sentence: str, term: Callable[[str], str]
) -> bool:
    """Whether the sentence writes the asked act as a noun done to the question's named person,
    without its doer ("protesting *the shooting of Jacob Blake*" for who shot Jacob Blake):
    another act of the same verb in the sentence is someone else's."""
    tokens = words(sentence)
    named = {w for run in runs for w in run}
    for i, token in enumerate(tokens[1:-2], start=1):
        if tokens[i - 1].casefold() not in {"the", "a", "an"} or tokens[i + 1] != "of":
            continue
        after = [bare(w) for w in tokens[i + 2 : i + 8]]
        if term(token.casefold()) == verb and named & set(after[:3]) and "by" not in after:
            return True
    return False


_ROLES = "|".join(sorted(PERSON_NOUNS))
_CAPITALS = r"([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)*)"
_OWNER = re.compile(
    rf"\b(?P<role>{_ROLES}) (?:of|at|for) (?:the )?{_CAPITALS}"  # "the chief executive of Intel"
    rf"|\b(?P<owner>{_CAPITALS[1:-1]})['’]s? (?:[a-z-]+ )?(?P<role2>{_ROLES})\b"  # "GM's chairman"
)


def role_owner_missing(question: str, title: str, sentence: str) -> bool:
    """ "Who is the chief executive of Intel?": the role is Intel's, so a sentence that names
    neither Intel nor (with the headline) its article's subject names someone else's ("Apple
    Computer CEO Steve Jobs"). An owner written as initials ("GM") is named by its full name; a
    place is no owner ("Russia's emergencies minister" is named without the country)."""
    m = _OWNER.search(question)
    if not m or load_lexicon().place(_owner(m)) is not None:
        return False
    name = _owner(m)
    owner = {bare(w) for w in name.split()} - STOPWORDS
    text = f"{title} {sentence}"
    present = {bare(w) for w in words(text)}
    initials = {"".join(w[0] for w in r.group().split()) for r in _RUN_OF_CAPITALS.finditer(text)}
    if bool(owner) and not owner & present and name not in initials:
        return True
    return _owned_by_other(m, owner, sentence)


def _owner(m: re.Match[str]) -> str:
    return m.group(2) or m.group("owner")


def _owned_by_other(asked: re.Match[str], owner: set[str], sentence: str) -> bool:
    """ "Who is the director of Fishmongers' Hall?": "Amy Cook, director of the Learning Together
    event" writes the role with another owner (a sentence that also names the hall elsewhere)."""
    role = (asked.group("role") or asked.group("role2")).casefold()
    others = [
        {bare(w) for w in _owner(m).split()} - STOPWORDS
        for m in _OWNER.finditer(sentence)
        if (m.group("role") or m.group("role2")).casefold() == role
    ]
    return bool(others) and not any(o & owner for o in others)
