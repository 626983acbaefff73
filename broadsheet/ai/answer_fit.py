"""Whether a fact of the asked type fits what the question asks beyond its type.

``answer_types`` finds the spans of a type (a count, a date, a place); these checks pass over
the ones that answer another question: a count of the dead for "how many were injured" (the
verb written beside a count says what it counts), a past year for "When will …" or a planned
date for "When was …" (the tense of the date's clause), an organisation for "where" (a place
is not a police force or a league), a deputy's sentence for "who is the minister", and a fact
said of another name than the question's (in ", who …" / ", which …" or an apposition after it),
and for "what kind of plane", a name that is not said of the plane ("a plane in Nevada").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from broadsheet.ai.answer_checks import bare, name_runs
from broadsheet.ai.answer_scope import (
    inside_body_name,
    is_difference,
    not_an_increment,
    relative_age,
    role_domain,
)
from broadsheet.ai.answer_types import Intent, Span, lemma_stem
from broadsheet.ai.figures import is_year
from broadsheet.ai.paraphrase import canonical
from broadsheet.ai.question_words import ORG_NOUNS, PERSON_NOUNS, PLACE_NOUNS
from broadsheet.ai.terms import STOPWORDS, words
from broadsheet.enrichment import Entity
from broadsheet.enrichment.lexicon import load_lexicon
from broadsheet.lib import lemmas

# What happened to the people a count counts, each group one sense (lemma stems).
_EVENTS = {
    "death": "die dead death kill fatality toll perish",
    "injury": "injure injury hurt wound hospitalise hospitalize",
    "arrest": "arrest detain custody",
    "rescue": "rescue save",
    "missing": "missing",
    "evacuation": "evacuate relocate",
    "home": "live home resident inhabitant",
    "board": "board aboard onboard on-board passenger",
    "protest": "protest protester demonstrate demonstrator march marcher rally",
    "attendance": "attend attendance attendee spectator",
}  # fmt: skip
_EVENT_OF = {lemma_stem(w): group for group, ws in _EVENTS.items() for w in ws.split()}
WINDOW = 4  # words either side of a count that may say what it counts
_CLAUSE = re.compile(r"[;:.!?()\"“”]|,\s|\band\b|\bwhile\b|\bbut\b")
_BARE = re.compile(r"(?<![\w$£€.,-])\d[\d,]*(?![\w%-])")


def event_of(question: str, intent: Intent) -> str | None:
    """The one event a "how many" question counts ("were injured" -> injury), else None."""
    if intent.kind != "number" or intent.measure:
        return None
    tokens = words(question)[2:]  # the counted noun is the count's, not its event ...
    groups = {_EVENT_OF.get(lemma_stem(t)) for t in tokens[1:]} - {None}
    if not groups and tokens:  # ... unless it is the only event word ("how many deaths")
        groups = {_EVENT_OF.get(lemma_stem(tokens[0]))} - {None}
    return groups.pop() if len(groups) == 1 else None


def _clause(sentence: str, span: Span) -> tuple[list[str], list[str]]:
    """The words of the span's clause before it (nearest first) and after it."""
    before = _CLAUSE.split(sentence[: span.start])[-1]
    after = _CLAUSE.split(sentence[span.end :])[0]
    return list(reversed(words(before))), words(after)


def counts_event(event: str | None, sentence: str, span: Span) -> bool:
    """Whether the count may be of the asked event: it or its clause says so ("176 people on board
    were all killed"), or the sentence names the event and no other event is written within a
    few words of the count ("seventeen people died" is no count of the injured, "120 people
    were in the building" none at all)."""
    if event is None:
        return True
    left, right = _clause(sentence, span)
    groups = [_EVENT_OF.get(lemma_stem(w)) for w in left + right + words(span.text)]
    if event in groups:  # the count's own noun may say it too ("the sixteen on-board")
        return True
    near = [_EVENT_OF.get(lemma_stem(w)) for w in left[:WINDOW] + right[:WINDOW]]
    anywhere = {_EVENT_OF.get(lemma_stem(w)) for w in words(sentence)}
    return not any(near) and event in anywhere


def event_counts(event: str | None, sentence: str, question: str = "") -> list[Span]:
    """Bare figures whose clause names the asked event ("35 were rescued"), for a sentence whose
    counts of people are all of other events; for "how many more", only increments."""
    if event is None:
        return []
    out = []
    for m in _BARE.finditer(sentence):
        span = Span(m.group(), *m.span())
        left, right = _clause(sentence, span)
        if not is_year(m.group()) and event in {_EVENT_OF.get(lemma_stem(w)) for w in left + right}:
            out.append(span)
    return [s for s in out if not not_an_increment(question, sentence, s)]


_FUTURE_Q = re.compile(r"^(?:when|what date|on what date)\s+(?:will|is|are|shall)\b", re.I)
_PAST_Q = re.compile(r"^(?:when|what year|in what year|on what date)\s+(?:did|was|were)\b", re.I)
_FUTURE = re.compile(
    r"\b(?:will|would|shall|should(?!\s+have)|'ll|scheduled|due|expected|expects?|plans?"
    r"|planned|planning|set to|is to|are to|next|upcoming|later|until|intends?|going to"
    r"|may|might)\b",
    re.I,
)
_PLANNED = re.compile(
    r"\b(?:will|would|scheduled|due|expected|planned|set|slated)\b(?:\s+\w+){0,3}\s*$", re.I
)


def tense_fits(question: str, sentence: str, span: Span) -> bool:
    """ "When will / is …" is answered by a date the sentence looks forward to; "When was / did
    …" not by a date only planned ("scheduled for launch in 2021")."""
    q = " ".join(question.split())
    if _FUTURE_Q.match(q):
        if _BEHIND.search(span.text):
            return False  # "told reporters today": the day of the report, not of the trial
        return bool(_FUTURE.search(sentence)) or bool(_FUTURE.search(span.text))
    if _PAST_Q.match(q):
        return not _PLANNED.search(sentence[: span.start]) and not _AHEAD.search(span.text)
    return True


_BEHIND = re.compile(r"\b(?:yesterday|today|last|ago|earlier|previous)\b", re.I)
_AHEAD = re.compile(r"\b(?:tomorrow|next|coming|upcoming)\b", re.I)


# Where a person or a thing was: an organisation is no answer ("Where was Soleimani killed?":
# not "Interpol"); where someone worked, studied or posted, it is ("IBM", "YouTube").
_PHYSICAL = frozenset(
    lemma_stem(w)
    for w in """die kill born live bury happen occur hold crash land attack shoot strike meet
    arrest stay fall hit collapse explode flee injure take""".split()  # noqa: SIM905
)
_SITES = PLACE_NOUNS | {"centre", "center", "stadium", "prison", "base", "hotel", "arena", "park"}


def is_place(question: str, sentence: str, span: Span, entities: Sequence[Entity]) -> bool:
    """Not a person taken for a place, nor an organisation where a physical place is asked."""
    names = [e for e in entities if span.text in (e.name, *e.aliases)]
    if any(e.kind == "person" for e in names) or any(c.isdigit() for c in span.text):
        return False  # nor a code: "unrelated to COVID-19"
    if span.weak and _acts(sentence, span):
        return False  # a place name not written "in / at / from X" that owns or acts
    if not {lemma_stem(w) for w in words(question)} & _PHYSICAL:
        return True
    last = span.text.split()[-1].casefold() if span.text.split() else ""
    if last in _SITES:
        return True  # "John Radcliffe Hospital", "Moscone Center"
    org = any(e.kind == "organisation" for e in names)
    before = words(sentence[: span.start])[-1:]  # "news agency Fars"
    orgs = ORG_NOUNS | {"police", "force", "forces", "league"}
    return not org and last not in orgs and not (before and before[0].casefold() in orgs)


# After a name, a possessive or a verb: the name owns or does something.
_OWNS_OR_ACTS = re.compile(
    r"^(?:['’]s?|\s+(?:has|have|had|is|was|are|were|will|would|said|says|[a-z]+ed)\b)"
)


def _acts(sentence: str, span: Span) -> bool:
    """A name written as an owner or a doer ("the United States' killing of …", "Iran issued
    arrest warrants") says who, not where."""
    return bool(_OWNS_OR_ACTS.match(sentence[span.end :]))


_DEPUTY = re.compile(
    r"\b(?:deputy|vice|assistant|former|ex|co|under)[\s-]+(?:[A-Z][\w’'-]*\s+){0,3}?"
    rf"(?:{'|'.join(sorted(PERSON_NOUNS))})\b",
    re.I,
)


_ROLE_WORDS = "|".join(sorted(PERSON_NOUNS))
# "spokesperson for the provincial governor", "an aide to the president", "the wife of the mayor"
_RELATIONS = "aide|adviser|advisor|assistant|wife|husband|spouse|widow|son|daughter|friend"
_SERVES = re.compile(
    rf"\b((?:{_ROLE_WORDS}|{_RELATIONS})s?)\s+(?:for|of|to)\s+(?:(?:the|a|an)\s+)?(?:[\w-]+\s+){{0,2}}?"
    rf"(?:{_ROLE_WORDS})\b",
    re.I,
)


def without_deputies(text: str) -> str:
    """The text with "Deputy Emergency Situations Minister", "vice president", "co-pilot" taken
    out: a deputy holds another role than the one named after the word; so does the one who
    serves a role ("spokesperson for the provincial governor" is no governor)."""
    return _DEPUTY.sub(" ", _SERVES.sub(lambda m: m.group(1), text))


# "Gdańsk mayor Paweł Adamowicz", "the driver, Volodymyr Zhukovskyy", "Adamowicz, the mayor":
# the role names the person; later sentences say "Adamowicz, 53, …" without the role.
_NAME = r"((?:[A-Z][\w'’.-]+\s+){0,3}[A-Z][\w'’-]+)"


def role_holders(roles: set[str], sentences: Sequence[str]) -> dict[str, str]:
    """Each asked role's holder's surname as the text calls them, e.g. {"mayor": "Adamowicz"}."""
    out: dict[str, str] = {}
    for role in sorted(roles):
        after = re.compile(rf"\b(?i:{role})s?,?\s+{_NAME}")
        before = re.compile(rf"{_NAME},\s+(?:(?:the|a|an)\s+)?(?:[\w-]+\s+){{0,2}}{role}\b")
        for sentence in sentences:
            m = after.search(sentence) or before.search(sentence)
            if m and m.group(1).split()[-1].casefold() not in STOPWORDS | PERSON_NOUNS:
                out[role] = m.group(1).split()[-1]
                break
    return out


_ANOTHER = re.compile(r"\b(?:other|another|second|third|new|former|previous)\b", re.I)
_HOLDERS = PERSON_NOUNS - {"person", "man", "woman", "head", "chief", "general", "vice", "prime"}


def holder_mentions(
    question: str, intent: Intent, sentences: Sequence[str]
) -> dict[str, list[int]]:
    """For a question that names a person by a role alone ("How old was the mayor?"), not who
    they are nor "the other player", the sentences that name the role's holder, by role."""
    if intent.kind in {"agent", "person", "describe"} or name_runs(question):
        return {}
    if _ANOTHER.search(question):
        return {}
    roles = {w.casefold() for w in words(question)} & _HOLDERS
    out = {}
    for role, surname in role_holders(roles, sentences).items():
        pattern = re.compile(rf"\b{re.escape(surname)}\b")
        out[role] = [i for i, sentence in enumerate(sentences) if pattern.search(sentence)]
    return out


_CODE = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[\w-]+$")


def _codes(text: str) -> set[str]:
    """Model codes written with letters and digits ("A380", "737-800"), folded."""
    return {w.casefold() for w in words(text) if _CODE.match(w) and not w[0].isdigit()}


def same_subject(question: str, sentence: str, span: Span) -> bool:
    """Whether a fact is not about another model than the question's: "How late was the 787's
    first flight?" is not answered by "… whose A380 first flew in April 2005"."""
    asked = {w.casefold() for w in words(question) if any(c.isdigit() for c in w)}
    if not asked:
        return True
    left, right = _clause(sentence, span)
    clause = {w.casefold() for w in left + right}
    others = _codes(" ".join(left + right)) - asked
    return not others or bool(clause & asked)


_RUN = re.compile(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*")

# "John F. Kennedy, who had himself been assassinated in 1963", "Airbus whose A380 first flew",
# "Fields, a self-described Neo-Nazi,": a clause or an apposition that says something of the
# name written just before it, up to the clause's end.
_ATTACHED = re.compile(
    r"([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)"
    r"(?:,?\s+(?:who|whose|which)\b(?:[^,;:()\"“”—–]|(?<=\d),(?=\d))+"  # to its end ("31,500")
    r"|,\s+(?:a|an|the|aged|now)\b[^,;:()\"“”—–]+(?=,))"  # an apposition closes with a comma
)
_DAYS = re.compile(
    r"\b(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June"
    r"|July|August|September|October|November|December)\b"
)


def _name_words(text: str) -> set[str]:
    """A name's words, folded, without initials, titles' dots or function words."""
    return {bare(w) for w in text.split() if len(w.rstrip(".")) > 1} - STOPWORDS


def holder(sentence: str, span: Span) -> str | None:
    """The name a fact is said of when it sits in a relative clause or an apposition after that
    name ("John F. Kennedy, who had himself been assassinated in 1963": 1963 is said of John F.
    Kennedy), else None (a date named "Monday, which" is no holder)."""
    for m in _ATTACHED.finditer(sentence):
        if m.end(1) < span.start and span.end <= m.end() and not _DAYS.search(m.group(1)):
            return m.group(1)
    return None


def held_by_other(runs: Sequence[tuple[str, ...]], intent: Intent, sentence: str,
                  span: Span) -> bool:  # fmt: skip
    """Whether the fact is said of a name that is none of the question's ("When was Robert
    Kennedy killed?": not the 1963 of "John F. Kennedy, who had himself been assassinated in
    1963"). The fact is passed over; when the sentence has no other, another sentence answers or
    none does. For who-questions too: the answer is then the name inside the clause, never the
    name the clause is about, which is written before it."""
    if not runs or intent.kind == "describe":
        return False
    name = holder(sentence, span)
    if name is None:
        return False
    said = _name_words(name)
    asked = [set(run) - STOPWORDS for run in runs]
    return bool(said) and not any(run and (run <= said or said <= run) for run in asked)


_KIND_OF = re.compile(r"\b(?:kind|type|sort|make|model)s? of ([a-z-]+)", re.I)


def _key(word: str) -> str:
    """A word's paraphrase group ("aircraft", "jet" -> "=plane"), else its lemma stem."""
    folded = word.casefold()
    return canonical(lemma_stem(word), lemmas.lemmatize(folded, "en"))


def kind_of(question: str) -> str | None:
    """The noun of "What kind / type of X", as its paraphrase group, else None."""
    m = _KIND_OF.search(question)
    return _key(m.group(1)) if m else None


_NAMES_NOUN = re.compile(
    r"^(?:,\s+|\s+(?:was|is|were|are)\s+)(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,2}$"
)


def names_kind(sentence: str, span: Span, noun: str) -> bool:
    """Whether the span says what kind of ``noun`` the sentence's noun is: written just before it
    ("the Boeing 737-800 jet"), after it between commas ("the plane, a Beechcraft Sierra,") or
    after "was" ("The aircraft was a Boeing 737"); not a place or a time the sentence also
    names ("a propeller plane in Nevada"), nor a people's adjective ("a Ukrainian jet": whose,
    not which kind)."""
    if sentence[span.start : span.end].strip() in load_lexicon().demonyms:
        return False
    for m in re.finditer(r"[\w-]+", sentence):
        if _key(m.group()) != noun:
            continue
        gap = sentence[span.end : m.start()]
        if span.end <= m.start() and len(gap.split()) <= 2 and not re.search(r"[,;:()]", gap):
            return True
        if span.start >= m.end() and _NAMES_NOUN.match(sentence[m.end() : span.start]):
            return True
    return False


def other_name(runs: Sequence[tuple[str, ...]], intent: Intent, sentence: str) -> bool:
    """Whether the sentence writes another name sharing a word with one of the question's, whose
    other words it lacks ("Korean Air": "The Air India order"; "Harry Dunn": "Dunn" is him). Not
    for who-questions: there the other name may be the answer ("Wolfgang Van Halen")."""
    if intent.kind in {"agent", "person", "org", "describe"}:
        return False
    written = [{bare(w) for w in m.group().split()} - STOPWORDS for m in _RUN.finditer(sentence)]
    present = {bare(w) for w in words(sentence)}
    for run in runs:
        asked = set(run)
        if len(asked) < 2 or asked <= present:  # all its words are there, if not together
            continue
        if any(w & asked and w - asked for w in written):
            return True
    return False


_Q_SUBJECT = re.compile(
    r"^(?i:when|where|why|how\s+(?:many|much|old|long|far)(?:\s+[a-z-]+)*?|what(?:\s+[a-z-]+)?)"
    r"\s+(?:did|does|do|was|is|were|are|will|has|have|had)\s+"
    r"(?:the\s+)?(?P<name>[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*)*)"
)
_LEAD = re.compile(
    r"^(?:The\s+)?(?P<name>[A-Z][\w'’.&-]*(?:\s+(?:and\s+)?[A-Z][\w'’.&-]*)*)\s+(?P<next>\w+)"
)
_PRONOUN = re.compile(r"\b(?:he|she|it|they|his|her|its|their|him|them)\b", re.I)
_SAYS = frozenset("say said says told reported reports announced according tweeted wrote".split())  # noqa: SIM905


def other_subject(question: str, intent: Intent, sentence: str) -> bool:
    """ "When did Ford run out of funds?": "GM and Chrysler both ran out of operating funds in
    December" opens with other names as its subject and never names Ford: its facts are theirs.
    Not for who-questions (the other name is the answer), nor a sentence opening with its
    source ("Associated Press reported …")."""
    if intent.kind in {"agent", "person", "org", "describe"}:
        return False
    asked = _Q_SUBJECT.match(" ".join(question.split()))
    lead = _LEAD.match(sentence)
    if asked is None or lead is None or lead.group("next").casefold() in _SAYS:
        return False
    if _PRONOUN.search(sentence):
        return False  # "he took his stepfather's name": he may be the one asked of
    name = lead.group("name").split()
    if name[0] != name[0].upper() and lemmas.is_known(name[0].casefold(), "en"):
        name = name[1:]  # "Sentencing is scheduled", "Born Robert Burns": a word, not a name
    said = _name_words(" ".join(name)) - {"and"}
    if not said or _DAYS.search(lead.group("name")) or load_lexicon().place(lead.group("name")):
        return False
    wanted = _name_words(asked.group("name"))
    present = {bare(w) for w in words(sentence)}
    return bool(wanted) and not wanted & present


_POSSESSED = re.compile(r"\b([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*)['’]s?\s+([a-z-]+)")


def owned_by_other(question: str, intent: Intent, sentence: str) -> bool:
    """ "How much cash does Chrysler's package include?": "GM's package includes …" writes the
    same thing as another name's, and never names Chrysler."""
    if intent.kind in {"agent", "person", "org", "describe"}:
        return False
    asked = {(bare(m.group(1)), _key(m.group(2))) for m in _POSSESSED.finditer(question)}
    if not asked:
        return False
    present = {bare(w) for w in words(sentence)}
    for m in _POSSESSED.finditer(sentence):
        noun = _key(m.group(2))
        for owner, wanted in asked:
            if noun == wanted and bare(m.group(1)) != owner and not _name_words(owner) & present:
                return True
    return False


_CONTRAST = frozenset("previous prior earlier former second third another other".split())  # noqa: SIM905


def another_instance(question: str, sentence: str) -> bool:
    """ "When did the previous bus crash happen?", "How old is the second man arrested?": the
    question picks out another instance than the article's main one, so a sentence that does not
    write the same word ("Thursday's accident", "a 66-year-old man") speaks of the main one."""
    contrast = {w.casefold() for w in words(question)} & _CONTRAST
    return not contrast or bool(contrast & {w.casefold() for w in words(sentence)})


class Fit(NamedTuple):
    """What the typed facts are checked against beyond their type."""

    question: str
    intent: Intent
    event: str | None
    entities: Sequence[Entity]


def fits(question: str, intent: Intent, event: str | None, entities: Sequence[Entity],
         sentence: str, span: Span) -> bool:  # fmt: skip
    """All the checks above that apply to the question's type."""
    if not same_subject(question, sentence, span):
        return False
    if other_subject(question, intent, sentence) or owned_by_other(question, intent, sentence):
        return False
    if not another_instance(question, sentence):
        return False
    if held_by_other(name_runs(question), intent, sentence, span):
        return False
    if intent.kind == "number" and not intent.measure and is_difference(question, sentence, span):
        return False
    if intent.kind == "number" and not_an_increment(question, sentence, span):
        return False  # "How many more …": "eight more people", not "50 people"
    if intent.kind == "age" and relative_age(question, sentence, span):
        return False
    if intent.kind == "number":
        return counts_event(event, sentence, span)
    if intent.kind == "date":
        return tense_fits(question, sentence, span)
    if intent.kind == "place":
        if role_domain(sentence, span) or inside_body_name(sentence, span):
            return False  # "the president of Namibia", "the United States Commission on …"
        return is_place(question, sentence, span, entities)
    noun = kind_of(question) if intent.kind == "thing" else None
    return noun is None or names_kind(sentence, span, noun)


def opens_with_asked(question: str, runs: Sequence[tuple[str, ...]], sentence: str) -> bool:
    """ "How old was Cummings when he died?": a sentence whose subject is the person asked of
    ("Cummings, the chairman of the committee, was 68.") states the age the question wants,
    whatever else the question says of the moment; not for "Cummings's wife"."""
    asked = {w.casefold() for run in runs for w in run}
    if not asked or re.search(r"\w['’]s\b|s['’](?=\s)", question):
        return False
    lead = []
    for token in words(sentence):
        if not token[:1].isupper():
            break
        lead.append(bare(token).casefold())
    return bool(set(lead) & asked)
