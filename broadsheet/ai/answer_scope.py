"""What a typed fact is a fact of: checks that pass over a fact of the right type said of
something else than the question asks.

- A count written as a difference ("300 delegates fewer than Biden") is no total: it answers
  "how many more / fewer" only.
- An age written before a relative ("the Trumps' 14-year-old son") is that relative's age.
- "How many more X" is answered by an increment ("eight more people"), not a total.
- A place that a role belongs to ("the president of Namibia") says whose role, not where
  anything happened; nor is a place whose name goes on into a body's ("the United States
  Commission on …") one.
- "Who else …" is not answered by the headline's own names.
- A sentence that denies the question's act ("did not offer a full endorsement", "No cause of
  death was announced") says the act did not happen: it answers nothing about it.
"""

from __future__ import annotations

import re

from broadsheet.ai.answer_terms import term
from broadsheet.ai.answer_types import Span
from broadsheet.ai.paraphrase import related
from broadsheet.ai.question_words import ORG_NOUNS, PAST_FORMS
from broadsheet.ai.terms import STOPWORDS, words

_COMPARED = re.compile(r"^\s+(?:[a-z-]+\s+){0,2}?(?:more|fewer|less)\s+than\b", re.I)
_ASKS_DIFFERENCE = re.compile(r"\b(?:more|fewer|less|than|difference|extra|additional)\b", re.I)


_ASKS_INCREMENT = re.compile(r"^how many (?:more|additional|extra|fewer)\b", re.I)
_INCREMENT = re.compile(r"\b(?:more|additional|extra|fewer|another|further|less)\b", re.I)


def not_an_increment(question: str, sentence: str, span: Span) -> bool:
    """ "How many more people were arrested?" asks a count written as an increment ("eight more
    people", "an additional 50", "300 fewer than …"), not a total ("50 people were arrested")."""
    if not _ASKS_INCREMENT.match(" ".join(question.split())):
        return False
    around = sentence[max(0, span.start - 15) : span.end + 12]
    return not _INCREMENT.search(around)


def is_difference(question: str, sentence: str, span: Span) -> bool:
    """ "How many delegates did Sanders win?": "he had secured around 300 delegates fewer than
    Biden" gives the gap between two counts, not his. A question asking a difference ("how many
    more …") takes it."""
    if _ASKS_DIFFERENCE.search(question):
        return False
    return bool(_COMPARED.match(sentence[span.end :]))


RELATIVES = frozenset(
    """son sons daughter daughters child children wife husband spouse partner mother father
    brother brothers sister sisters grandson granddaughter grandchild nephew niece cousin
    girlfriend boyfriend widow widower stepson stepdaughter""".split()  # noqa: SIM905
)


def relative_age(question: str, sentence: str, span: Span) -> bool:
    """ "How old is Trump?": "the Trumps' 14-year-old son Barron" is his son's age. An age
    written just before a relative the question does not ask of is that relative's."""
    after = words(sentence[span.end :])[:1]
    if not after or after[0].casefold() not in RELATIVES:
        return False
    return after[0].casefold() not in {w.casefold() for w in words(question)}


# Titles held over a place ("the president of Namibia", "the mayor of London"); not "a resident
# of Kerman", who may be where it happened.
_TITLES = """president minister leader governor senator mayor secretary ambassador chairman ceo
chief king queen premier chancellor commander official spokesman spokeswoman spokesperson"""
_ROLE_OF = re.compile(rf"\b(?:{'|'.join(_TITLES.split())})s?\s+of\s+(?:the\s+)?$", re.I)


def role_domain(sentence: str, span: Span) -> bool:
    """ "Where did Iyambo die?": "the current president of Namibia" names the country of a
    role, not a place where someone was."""
    return bool(_ROLE_OF.search(sentence[: span.start]))


_CLAUSE = re.compile(r"[,;:()\"“”—–]|\b(?:and|but|which|who|while|because|after|before)\b")
_NEGATION = frozenset(["not", "never", "no", "without", "nor"])
_NOT_DENIAL = frozenset(["only", "until", "just", "least", "yet"])
NEGATION_REACH = 4  # words between the negation and the act ("not immediately offer a full")
_DO = frozenset("did does do will would can could should".split())  # noqa: SIM905
_BE = frozenset("is was are were".split())  # noqa: SIM905
_PRONOUNS = frozenset("he she it they we you i".split())  # noqa: SIM905
_DETERMINERS = frozenset("the a an his her its their this that".split())  # noqa: SIM905


def question_act(question: str) -> str | None:
    """The verb of the question, lower-case as written ("Who did Sanders *endorse*?", "What did
    Kimura *die* of?", "Who *shot* him?", "How many were *injured*?"), else None ("Who is the
    Attorney General?" asks no act)."""
    tokens = [t for i, t in enumerate(words(question)) if i != 1 or t.casefold() != "else"]
    lowered = [t.casefold() for t in tokens]
    if len(lowered) > 1 and lowered[0] == "who" and lowered[1] not in _DO | _BE | STOPWORDS:
        return lowered[1]
    aux = next((i for i, w in enumerate(lowered[:5]) if w in _DO | _BE), None)
    if aux is None:
        return None
    j = aux + 1
    if j < len(tokens) and lowered[j] in _DETERMINERS:
        j += 2  # "the fire"
    elif j < len(tokens) and lowered[j] in _PRONOUNS:
        j += 1  # "she"
    while j < len(tokens) and tokens[j][:1].isupper():
        j += 1  # "Hana Kimura"
    if j >= len(tokens) or not tokens[j].islower() or lowered[j] in STOPWORDS:
        return None
    verb = lowered[j]
    if lowered[aux] in _BE and not (verb.endswith(("ed", "en")) or verb in PAST_FORMS):
        return None  # "Who was the pilot?": a copula, no act
    return verb


def denies_act(question: str, sentence: str) -> bool:
    """Whether the sentence denies the question's act: "not" / "never" up to NEGATION_REACH
    words before the verb or its noun in the same clause ("did *not* immediately offer a full
    *endorsement*" for whom Sanders endorsed), "no" up to two ("*No* cause of *death*" for what
    she died of). Not when the question denies it too ("Who did not vote?"), nor "not only" /
    "not until" / "not yet"."""
    act = question_act(question)
    if act is None or _NEGATION & {w.casefold() for w in words(question)}:
        return False
    wanted = term(act)
    for clause in _CLAUSE.split(sentence):
        tokens = [t.casefold() for t in words(clause)]
        for i, token in enumerate(tokens):
            t = term(token)
            if t != wanted and not related(t, wanted):
                continue
            before = tokens[max(0, i - NEGATION_REACH - 1) : i]
            for j, word in enumerate(before):
                reach = NEGATION_REACH if word != "no" else 2
                if word not in _NEGATION or len(before) - j - 1 > reach:
                    continue
                if before[j + 1 : j + 2] and before[j + 1] in _NOT_DENIAL:
                    continue
                return True
    return False


def named_before_else(question: str, title: str) -> set[str]:
    """ "Who else tested positive?" asks for someone other than the headline's names: their
    words, folded, count as given by the question ("Trump" is no answer; "Melania Trump" is)."""
    if "else" not in {w.casefold() for w in words(question)}:
        return set()
    return {w.casefold().removesuffix("'s") for w in words(title) if w[:1].isupper()}


_BODIES = ORG_NOUNS | set(
    """commission office administration force forces army navy police government parliament
    congress senate assembly board authority corporation airways""".split()  # noqa: SIM905
)
_NAME_GOES_ON = re.compile(r"^\s+((?:[A-Z][\w'’.&-]*\s*)+)")


def inside_body_name(sentence: str, span: Span) -> bool:
    """ "Where was the debate to be held?": "The United States Commission on Presidential
    Debates" names a body, not a place; the place's name goes on into a body's noun."""
    m = _NAME_GOES_ON.match(sentence[span.end :])
    return m is not None and any(w.casefold() in _BODIES for w in m.group(1).split())
