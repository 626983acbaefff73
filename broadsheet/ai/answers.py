"""Questions answered from the text: the short fact and the sentence that states it.

A sentence supports an answer when it covers the question's content words
(lemmatised, weighted by how rare each word is in the article: a word the
article never uses counts against every sentence) and holds a fact of the type
the question asks for (``answer_types``: a person or organisation for "who", a
date for "when", a count of the same thing for "how many", a place for
"where"), which the question itself does not already name. The fact nearest
the question's words in that sentence is the short answer. Below the
calibrated threshold, or without such a fact, the answer is ``found=False``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from broadsheet.ai.answer_checks import (
    act_on_named,
    appositive,
    bare,
    by_name,
    gazetteer_places,
    is_new,
    name_runs,
    names_asker,
    other_place,
    role_owner_missing,
)
from broadsheet.ai.answer_fit import (
    Fit,
    event_counts,
    event_of,
    fits,
    holder_mentions,
    opens_with_asked,
    other_name,
    without_deputies,
)
from broadsheet.ai.answer_scope import denies_act, named_before_else, question_act
from broadsheet.ai.answer_terms import bigrams as _bigrams
from broadsheet.ai.answer_terms import plain as _ceo
from broadsheet.ai.answer_terms import raw as _raw
from broadsheet.ai.answer_terms import stems as _stems
from broadsheet.ai.answer_terms import term as _term
from broadsheet.ai.answer_types import (
    Intent,
    Span,
    answer_spans,
    lemma_stem,
    question_intent,
    type_head,
)
from broadsheet.ai.lexicon import bridges
from broadsheet.ai.name_aliases import fold_aliases
from broadsheet.ai.paraphrase import related
from broadsheet.ai.question_words import DIRECTION_VERBS, ORG_NOUNS, PERSON_NOUNS, PLACE_NOUNS
from broadsheet.ai.results import Answer, Citation, not_found
from broadsheet.ai.semantic_support import answer_method, blend, search_floor
from broadsheet.ai.sentences import article_sentences, is_dangling, names_in
from broadsheet.ai.terms import STOPWORDS, words
from broadsheet.enrichment import Entity, extract_entities

# Calibrated on the dev part of tests/data/qa.jsonl (bench/ai.py --calibrate).
THRESHOLD = 0.42

_QUESTION_WORDS = frozenset(
    ["many", "much", "kind", "type", "name", "happen", "long", "far", "did", "does", "do", "else"]
)
# Words that name the answer's type rather than its subject: the typed span answers them.
_TYPE_WORDS = {
    "age": {"old", "age", "year"}, "date": {"time", "date", "year", "day", "month"},
    "place": {"place", "location"}, "money": {"much"},
    "number": {"many", "much", "number", "long", "far", "fast", "tall", "high", "deep", "big",
               "large", "heavy", "wide", "often", "strong"},
    "percent": {"share", "percentage", "proportion"},
    "person": {"name", "person"}, "agent": {"name"}, "org": {"name"},
}  # fmt: skip
NEAR_CHARS, NEAR_BONUS = 25, 0.1
HEAD_BONUS = 0.15  # the type's noun beside the fact: 0.10-0.30 measured on dev, 0.15-0.30 tie
_VAGUE = re.compile(r"\b(?:hundreds|dozens|thousands|millions|several|many|some)\b", re.I)
RELATED_WEIGHT = 0.8  # "Iranian" for "Iran": the same word, another form
ABSENT_WEIGHT = 1.0  # a word the article never uses: measured 0.3-1.0 on dev, 1.0 best
LEXICON_WEIGHT = 0.8  # that word met by a word WordNet relates to it: 0.5-1.0 measured on dev
BIGRAM_WEIGHT = 0.15
TITLE_WEIGHT = 0.5  # the headline's words are what every sentence is about: they tell little
MAX_QUESTION_CHARS = 500
_WH_OPENERS = frozenset(["who", "whom", "what", "when", "where", "why", "which", "how"])
_KIND = {"agent": "who", "person": "who", "org": "who", "describe": "who", "date": "when",
         "number": "number", "money": "number", "percent": "number", "age": "number",
         "place": "where", "cause": "why"}  # fmt: skip


@dataclass(frozen=True)
class Support:
    """How well one sentence supports an answer to the question."""

    index: int
    score: float
    typed: bool  # holds the kind of answer the question asks for
    short: str | None = None
    # The score's parts for ``learned_support``: words covered, bigrams shared, fact near the
    # question's words, type noun beside it, "Cummings, the chairman, was 68" (each 0 or 1).
    parts: tuple[float, ...] = ()


def question_type(question: str) -> str:
    """ "who" | "when" | "number" | "where" | "why" | "other", from the question's answer type."""
    return _KIND.get(question_intent(question).kind, "other")


_TYPE_TERMS = {kind: {_term(w) for w in ws} for kind, ws in _TYPE_WORDS.items()}
_DIRECTION_TERMS = frozenset(_term(w) for w in DIRECTION_VERBS)


_ROLE_NOUNS = PERSON_NOUNS - {"person", "man", "woman", "head"}
_ROLES = frozenset(_raw(w) for w in _ROLE_NOUNS)
# A role is named by a noun: "killer" is asked as the role of killing, "died" names no role.
_ROLE_STEMS = frozenset(lemma_stem(w) for w in _ROLE_NOUNS)


_GENERIC_WORDS = ORG_NOUNS | PLACE_NOUNS
_GENERIC = frozenset(_term(w) for w in ORG_NOUNS | PLACE_NOUNS | {"house", "senate"})


_AUX = frozenset(
    "did does do will would can could should is was are were has have had be been being".split()  # noqa: SIM905
)
_DETERMINERS = frozenset("the a an this that these those his her its their our of".split())  # noqa: SIM905


def predicate(question: str) -> str | None:
    """The verb a who/when question asks about, as a term ("Who leaked …" -> leak; "When will
    the lockdown end?" -> end), or None when the question does not show one plainly."""
    tokens = [t for i, t in enumerate(words(question)) if i != 1 or t.casefold() != "else"]
    lowered = [t.casefold() for t in tokens]  # "Who else tested positive?": the verb is "tested"
    if len(lowered) < 2:
        return None
    if lowered[0] == "who" and lowered[1] not in _AUX | STOPWORDS:
        return _term(lowered[1])
    if lowered[0] in {"who", "whom"} and lowered[1] in {"did", "does", "do", "will"}:
        act = question_act(question)  # "Who did Sanders endorse?": whom the act is done to
        return _term(act) if act else None
    if lowered[0] != "when" or not tokens[-1].islower() or lowered[-1] in STOPWORDS:
        return None
    last, before = lowered[-1], lowered[-2]
    if lowered[1] in {"did", "will", "does", "do"} and 4 <= len(lowered) <= 6:
        # "When did the fire start?": a short subject, then the verb.
        return None if before in _DETERMINERS else _term(last)
    if lowered[1] in {"was", "were", "is", "are"} and last.endswith("ed"):
        return _term(last)  # "When was the ban lifted?"
    return None


_NAME_OF = re.compile(
    r"\bname of (?:the |a |an |this |that )?([a-z][\w-]*)|\b([a-z][\w-]*)['’]s name\b", re.I
)


def _name_owner(question: str) -> set[str]:
    """The lower-case noun whose name is asked ("the name of the ship", "the dog's name")."""
    m = _NAME_OF.search(question)
    if m is None:
        return set()
    owner = m.group(1) or m.group(2)
    return set() if owner[:1].isupper() or owner.casefold() in STOPWORDS else {_term(owner)}


def _asks_of_role(question: str, intent: Intent) -> bool:
    """ "Who is the pilot?", "How old is the pilot?", "the pilot's name": the role is the
    subject (unlike "Who will replace her as governor?")."""
    lowered = [w.casefold() for w in words(question)]
    copula = len(lowered) > 1 and lowered[1] in {"is", "was", "are", "were"}
    named = any(w in {"name", "name's"} for w in lowered)
    return intent.kind == "age" or intent.kind == "person" and (copula or named)


_NOUN_MARKS = frozenset(
    ["the", "a", "an", "its", "his", "her", "their", "this", "that", "of", "no"]
)
_BE = frozenset("is was are were be been being".split())  # noqa: SIM905


def _names_doer(verb: str, sentence: str) -> bool:
    """Whether the sentence can say who did the act: not only in the passive without "by"
    ("Navalny was poisoned with Novichok", "an inmate had been stabbed": no doer named)."""
    written = words(_ceo(sentence))  # "took over" is read as "succeeded"
    tokens = [t.casefold() for t in written]
    for i, token in enumerate(tokens):
        if _term(token) != verb:
            continue
        before = [t for t in tokens[max(0, i - 2) : i] if not t.endswith("ly")]
        # A noun: "an order of the … Service" names its doer, "the leak of a recording" not.
        if before and before[-1] in _NOUN_MARKS and not _of_name(written[i + 1 : i + 4]):
            continue
        if not (before and before[-1] in _BE) or "by" in tokens[i + 1 : i + 6]:
            return True
    return False


def _of_name(after: list[str]) -> bool:
    """ "of / by" then a name ("of the Russian government's …", "by Interpol")."""
    rest = [w for w in after[1:] if w.casefold() not in _NOUN_MARKS]
    return bool(after) and after[0] in {"of", "by"} and bool(rest) and rest[0][:1].isupper()


def _match(term: str, terms: set[str]) -> float:
    """1 for the term itself in a sentence's terms, less for another form of it, else 0."""
    if term in terms:
        return 1.0
    return RELATED_WEIGHT if any(related(term, other) for other in terms) else 0.0


def _bridge(
    question: str, matches: list[dict[str, float]], sentence_terms: list[set[str]], absent: set[str]
) -> None:
    """A question word the article never uses, met by a word WordNet relates to it, counts
    part of a match (``lexicon``); its weight stays that of an absent word."""
    for key, near in bridges(words(question), absent, _term).items():
        for i, terms in enumerate(sentence_terms):
            if near & terms:
                matches[i][key] = LEXICON_WEIGHT


_DESCRIBED = re.compile(r"The [a-z-]+(?: [a-z-]+)?[ ,]")  # "The victim,", "The 16-year-old Swede"


def rank_support(
    question: str,
    sentences: Sequence[str],
    *,
    title: str = "",
    entities: Sequence[Entity] = (),
    require_subject: bool = False,
    floor: float = 0.0,
    headlines: Sequence[str] = (),
) -> list[Support]:
    """Every sentence's support for an answer, best first (ties keep article order).

    ``headlines``, in a story, is each sentence's article headline: "The event was attended by
    15,000 people" is about the 787 its article is headed with.

    A sentence whose words score below ``floor`` - NEAR_BONUS cannot reach it: its facts are
    not looked for (the cost of a long article's answer is in that search)."""
    intent = question_intent(question)
    type_terms = _TYPE_TERMS.get(intent.kind, set())
    if intent.kind == "place" and intent.unit:
        type_terms = type_terms | _DIRECTION_TERMS  # "coming from": the "from X" answers it
    q_terms = {s for s in _stems(question) if s not in _QUESTION_WORDS | type_terms}
    q_bigrams = _bigrams(question)
    sentence_terms = [set(_stems(s)) for s in sentences]
    asks_age = intent.kind == "age"
    for i in range(1, len(sentences)):
        if is_dangling(sentences[i]) or asks_age and _DESCRIBED.match(sentences[i]):
            # "He was 101": the pronoun stands for the names of the sentence before; for an
            # age a description does too ("The sixteen-year-old Swede" after "Greta Thunberg").
            sentence_terms[i] |= {_term(n) for n in names_in(fold_aliases(sentences[i - 1]))}
            if _IT.match(sentences[i]):  # "A bus … crashed. It was carrying …": the bus
                sentence_terms[i] |= set(_stems(_subject(sentences[i - 1])))
    mentions = holder_mentions(question, intent, sentences)
    for role, found in mentions.items():  # "Adamowicz, 53" is the mayor the question asks of
        for i in found:
            sentence_terms[i].add(_term(role))
    n = len(sentences)
    title_terms = set(_stems(title))
    matches = [{t: _match(t, terms) for t in q_terms} for terms in sentence_terms]
    df = {t: sum(m[t] > 0 for m in matches) for t in q_terms}
    _bridge(question, matches, sentence_terms, {t for t in q_terms if not df[t]})
    # "In which city …" in an article that never says "city": the place answers the noun.
    head = type_head(question)
    q_terms -= {_term(head)} if head and not df.get(_term(head)) else set()
    head_term = _term(head) if head else None
    idf = {
        t: math.log((n + 1) / (df[t] + 0.5))
        * (TITLE_WEIGHT if t in title_terms else 1.0)
        * (1.0 if df[t] else ABSENT_WEIGHT)
        for t in q_terms
    }
    total = sum(idf.values())
    q_words = {bare(w) for w in words(question)} | named_before_else(question, title)
    q_words |= {part for w in q_words for part in w.split("-")[1:]}  # "Quaety's" of "al-Quaety"
    q_runs = name_runs(question)
    # In a story, the question's own names and codes ("the 787") are its subject: a sentence
    # about another aircraft or event does not answer it, however many words it shares. (Within
    # one article the sentences say "the bank", "the aircraft" for the headline's subject;
    # measured on the dev part, requiring names there cost 2-8 answers and refused nothing more.)
    known = set().union(*sentence_terms) if sentences else set()
    subject = [run & known for run in _names(question)] if require_subject else []
    subject = [run for run in subject if run]
    heads = {h: set(_stems(h)) for h in set(headlines)}
    verb = predicate(question)
    raw_terms = [{_raw(w) for w in words(_ceo(without_deputies(s)))} for s in sentences]
    for role, found in mentions.items():
        for i in found:
            raw_terms[i].add(_raw(role))
    # "the Conservative Party": a sentence about "the Liberal Party" shares only "Party".
    named = [(run - _GENERIC, run & _GENERIC) for run in _names(question)]
    # ("the bank" in an article headed "Bank of America" is that bank.)
    named = [(own, generic) for own, generic in named if own - title_terms and generic]
    # "Who is the pilot?": the role is the subject; the co-pilot's sentence does not answer.
    # Roles are compared word for word, not through the groups: a strategist is no CEO.
    role_words = {
        _raw(w) for w in words(_ceo(without_deputies(question))) if lemma_stem(w) in _ROLE_STEMS
    }
    roles = role_words if _asks_of_role(question, intent) else set()
    roles |= _name_owner(question)  # "the elephant's name": a sentence about the elephant
    places = {e.name for e in entities if e.kind == "place" and len(e.name) > 3}
    fit = Fit(question, intent, event_of(question, intent), entities)
    q_places = {p for p in places if p in question} | gazetteer_places(question, entities)
    out = []
    for i, sentence in enumerate(sentences):
        about = sentence_terms[i] | heads.get(headlines[i] if headlines else "", set())
        if not all(run & about for run in subject):
            out.append(Support(i, 0.0, False, None))
            continue
        covered = sum(idf[t] * matches[i][t] for t in q_terms)
        if verb in idf and not matches[i][verb] and by_name(intent, sentence):
            covered += idf[verb]  # "a documentary by X" answers "who made it"
        score = covered / total if total else 0.0
        shared = 0.0
        if q_bigrams:
            reach = (1 - BIGRAM_WEIGHT) * score + BIGRAM_WEIGHT + NEAR_BONUS >= floor
            shared = len(q_bigrams & _bigrams(sentence)) / len(q_bigrams) if reach else 0.0
            score = (1 - BIGRAM_WEIGHT) * score + BIGRAM_WEIGHT * shared
        other = any(g & sentence_terms[i] and not o & sentence_terms[i] for o, g in named)
        acted = not verb or _match(verb, sentence_terms[i]) or by_name(intent, sentence)
        if acted and verb and intent.kind in {"agent", "person"} and verb in sentence_terms[i]:
            acted = _names_doer(verb, sentence) and not act_on_named(verb, q_runs, sentence, _term)
        other = other or other_place(q_places, sentence, places, entities)
        other = other or other_name(q_runs, intent, sentence)  # "Korean Air": not "Air India"
        other = other or role_owner_missing(question, title, sentence)  # "CEO of Intel"
        other = other or denies_act(question, sentence)  # "did not offer an endorsement"
        if not acted or not roles <= raw_terms[i] or other or "?" in sentence[:-1]:
            out.append(Support(i, score, False, None))  # says nothing of the asked act
            continue
        if score + NEAR_BONUS < floor:
            out.append(Support(i, score, False, None))
            continue
        span = _nearest_span(intent, sentence, q_words, q_terms, entities, q_runs, head_term, fit)
        near = span is not None and span[1] <= NEAR_CHARS
        headed = span is not None and span[2]
        aged = span is not None and intent.kind == "age"
        opens = aged and opens_with_asked(question, q_runs, sentence)
        parts = (covered / total if total else 0.0, shared, *map(float, (near, headed, opens)))
        score += NEAR_BONUS * near + HEAD_BONUS * headed  # the fact near the words, its noun
        if opens:
            score = max(score, THRESHOLD)  # "Cummings, the chairman, was 68": his age
        short = None if span is None else span[0]
        out.append(Support(i, score, span is not None, short, parts))
    out.sort(key=lambda s: (-s.score, s.index))
    return out


def _nearest_span(
    intent: Intent,
    sentence: str,
    q_words: set[str],
    q_terms: set[str],
    entities: Sequence[Entity],
    q_runs: Sequence[tuple[str, ...]] = (),
    head: str | None = None,
    fit: Fit | None = None,
) -> tuple[str, int, bool] | None:
    """The typed fact nearest the question's words and its distance in characters to them."""
    spans = [s for s in answer_spans(intent, sentence, entities) if is_new(s, q_words)]
    if fit is not None:
        spans = [s for s in spans if fits(*fit, sentence, s)] or (
            [s for s in event_counts(fit.event, sentence, fit.question) if is_new(s, q_words)]
            if spans
            else []
        )
    if intent.kind in {"agent", "person", "org"}:
        # "Who was McCain's running mate?": not "John McCain", whom the question names
        # ("Who confirmed Eddie Van Halen's death?" may be Wolfgang Van Halen).
        spans = [s for s in spans if not names_asker(s.text, q_runs)]
    if not spans:
        return None
    if intent.kind == "describe":
        return appositive(sentence, q_runs), 0, False  # "Peter Cardillo, chief economist at …,"
    if intent.kind == "other" or spans[0].text == sentence:
        return "", 0, False
    headed = [s for s in spans if head and _headed(sentence, s, head)]
    if headed:
        spans = headed
    anchors = [
        m.start() for m in re.finditer(r"[\w'’.-]+", sentence) if _term(m.group()) in q_terms
    ]
    if not anchors:
        return spans[0].text, len(sentence), bool(headed)

    def distance(span: Span) -> int:
        # A precise fact ("August 2", "679") over a vague one ("next month", "hundreds").
        precise = any(c.isdigit() for c in span.text)
        vague = 0 if precise or intent.kind != "date" and not _VAGUE.search(span.text) else 40
        vague += 30 if span.weak else 0  # "for Iran" after "in Saudi Arabia"
        return vague + min(min(abs(a - span.start), abs(a - span.end)) for a in anchors)

    best = min(spans, key=distance)
    return best.text, distance(best), bool(headed)


_IT = re.compile(r"(?:It|They)\b")
_VERBISH = re.compile(r"^(?:is|was|are|were|has|had|have|will|would|can|could|did|\w+ed)$")


def _subject(sentence: str) -> str:
    """The words before a sentence's first verb-like word ("A bus" of "A bus operated by …")."""
    out = []
    for token in words(sentence)[:8]:
        if _VERBISH.match(token.casefold()) or token.endswith(","):
            break
        out.append(token)
    return " ".join(out)


def _headed(sentence: str, span: Span, head: str) -> bool:
    """Whether the question's type noun is in the span or beside it ("Judge Gray Miller",
    "Princeton University", "the High Court" for "which judge/university/court")."""
    beside = [
        *words(sentence[: span.start])[-1:],
        *words(span.text),
        *words(sentence[span.end :])[:1],
    ]
    return any(_term(w) == head for w in beside)


def _names(question: str) -> list[set[str]]:
    """The question's names (runs of capitalised words after its first word) and codes ("787"),
    each as the set of its words' terms: "Harry Dunn" is named by "Dunn" alone."""
    runs: list[set[str]] = []
    previous = False
    tokens = words(question)[1:]
    for i, t in enumerate(tokens):
        if t == "of" and previous and tokens[i + 1 : i + 2] and tokens[i + 1][:1].isupper():
            continue  # "the Bank of England" is one name: not answered by "the Bank of Japan"
        is_name = (t[:1].isupper() or any(c.isdigit() for c in t)) and t.casefold() not in (
            STOPWORDS | PERSON_NOUNS
        )
        is_name = is_name or previous and t in _GENERIC_WORDS  # "Germany's DAX index"
        if is_name and previous:
            runs[-1].add(_term(t))
        elif is_name:
            runs.append({_term(t)})
        previous = is_name
    return runs


def needs_entities(question: str) -> bool:
    return question_intent(question).kind in {"agent", "person", "org", "place"}


def answer_question(
    question: str, title: str, text: str, *, entities: Sequence[Entity] | None = None
) -> Answer:
    """The short answer and the article sentence that states it, or found=False when none does.

    ``entities`` may pass the article's already extracted entities (the page has
    them for the panel); they are only needed for who/which/where questions.
    """
    sentences = article_sentences(text)
    question = " ".join(question.split())
    if not sentences or not question or len(question) > MAX_QUESTION_CHARS:
        return not_found(answer_method())
    if entities is None:
        entities = extract_entities(title, text) if needs_entities(question) else []
    floor = search_floor(THRESHOLD)
    ranked = rank_support(question, sentences, title=title, entities=entities, floor=floor)
    best = best_support(blend(question, sentences, ranked, threshold=THRESHOLD))
    if best is None:
        return not_found(answer_method())
    cited = sentences[best.index]
    return Answer(
        found=True,
        answer=cited,
        citations=(Citation(best.index, cited),),
        method=answer_method(),
        short=best.short or None,
    )


def best_support(ranked: Sequence[Support], *, threshold: float = THRESHOLD) -> Support | None:
    """The best sentence that holds the right kind of answer and clears the threshold."""
    for support in ranked:
        if support.score < threshold:
            return None
        if support.typed:
            return support
    return None
