"""People, organisations and places in an article, offline: gazetteer and rules, merged per article.

The method, measured by bench/entities.py on a hand-labelled Wikinews set:

1. tokens.py finds capitalised runs ("Northrop Grumman", "University of East
   Anglia"), marking sentence starts so that "However" or "The" are dropped.
2. rules.py types each run: titles and honorifics ("President", "Dr") mark
   people, suffixes and heads ("Ltd", "Ministry", "University of") mark
   organisations, the gazetteer (data/gazetteer.json) and place words mark
   places, and context ("in X", "X, Ohio", "the X company") decides the rest.
3. Here single words are resolved against the longer names of the same
   article: a surname joins its person ("Merkel"), an acronym joins its long
   form ("JNIM" after "... (JNIM)", or "GM" by initials), spellings of one
   country join one place ("US", "U.S.", "America").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from broadsheet.enrichment.entity_records import Entity, MentionGroup, entity_of
from broadsheet.enrichment.lexicon import (
    LANGUAGES,
    TIER_CONTEXT,
    TIER_SURE,
    Lexicon,
    fold,
    load_lexicon_for,
)
from broadsheet.enrichment.mentions import ORG, PERSON, PLACE, SINGLE, Document, Mention
from broadsheet.enrichment.rules import classify
from broadsheet.enrichment.things import drop_things
from broadsheet.enrichment.tokens import find_spans, first_word, is_acronym, tokenize

MAX_CHARS = 200_000  # a longer "article" is cut: the hot path must stay bounded
_SPEECH = frozenset({"said", "says", "told", "added", "wrote", "tweeted", "stated", "explained"})
_ARTICLE = re.compile(r"^(?:La|Le|Les|L'|L’|El|Los|Las)\s*(?=\w)")


def extract_entities(title: str, text: str, *, language: str | None = "en") -> list[Entity]:
    """People, organisations and places in title + text, most salient first (English, French
    and Spanish; [] for other languages)."""
    code = (language or "en").casefold()[:2]
    if code not in LANGUAGES:
        return []
    lex = load_lexicon_for(code)
    title, text = (title or "")[:1000], (text or "")[:MAX_CHARS]
    body = Document(text, tokenize(text, lex), lex)
    mentions = _candidates(body, offset=0)
    head = Document(title, tokenize(title, lex), lex)
    if _is_title_case(title):
        # Headline capitals carry no signal: keep only names the body or gazetteer confirms.
        head_mentions = _confirmed(head, mentions)
    else:
        head_mentions = _candidates(head, offset=-1_000_000)
        body.capitalised.update(head.capitalised)
    body.things |= head.things
    head_mentions, mentions = drop_things(body, head_mentions), drop_things(body, mentions)
    for m in head_mentions:
        m.initial = True
    return _group(head_mentions + mentions, body, lex, in_title=len(head_mentions))


def _candidates(doc: Document, *, offset: int) -> list[Mention]:
    out: list[Mention] = []
    for i, j in find_spans(doc.tokens, doc.text, doc.lexicon):
        for mention in classify(doc, i, j):
            mention.position += offset
            out.append(mention)
    return out


def _confirmed(head: Document, mentions: list[Mention]) -> list[Mention]:
    """Names in a Title Case Headline that the body also names, or sure gazetteer places."""
    known = {m.surface.casefold(): m for m in mentions}
    toks, lex, out, i = head.tokens, head.lexicon, [], 0
    while i < len(toks):
        for width in (4, 3, 2, 1):
            surface = " ".join(t.text for t in toks[i : i + width])
            body = known.get(surface.casefold()) if i + width <= len(toks) else None
            place = lex.place(surface) if body is None and toks[i].cap else None
            if body is not None or (place is not None and place.tier == TIER_SURE):
                mention = Mention(kind=PLACE, words=tuple(surface.split()), position=i - 1_000_000)
                mention.place = place
                if body is not None:
                    mention.kind, mention.words, mention.place = body.kind, body.words, body.place
                mention.country = mention.place.country if mention.place else None
                out.append(mention)
                i += width
                break
        else:
            i += 1
    return out


def _is_title_case(title: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_]{4,}", title)]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) >= 0.7


def _initials(words: tuple[str, ...], lex: Lexicon, *, with_connectors: bool) -> str:
    keep = [w for w in words if with_connectors or w not in lex.connectors]
    return "".join(w[0] for w in keep if w[:1].isalpha()).casefold()


@dataclass
class _Names:
    """The article's longer names, indexed by the single words that may stand for them."""

    acronyms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "(JNIM)" -> long form
    initials: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "gm" -> General Motors
    surnames: dict[str, tuple[str, ...]] = field(default_factory=dict)
    forenames: dict[str, tuple[str, ...]] = field(default_factory=dict)
    org_words: dict[str, dict[tuple[str, ...], tuple[tuple[str, ...], int]]] = field(
        default_factory=dict
    )
    site_words: dict[str, Mention] = field(default_factory=dict)  # "Abaco" -> Abaco Islands
    located: set[str] = field(default_factory=set)  # words seen as places in place context

    @classmethod
    def index(cls, mentions: list[Mention], lex: Lexicon) -> _Names:
        """Index persons and organisations of two words or more."""
        names = cls()
        for m in mentions:
            if m.kind == ORG:
                if m.acronym:
                    names.acronyms.setdefault(m.acronym, m.words)
                if len(m.words) > 1:
                    for connectors in (False, True):
                        key = _initials(m.words, lex, with_connectors=connectors)
                        names.initials.setdefault(key, m.words)
                    # "Democratic Party" and "Democratic party" are one name.
                    folded = tuple(w.casefold() for w in m.words)
                    for word in {m.words[0], m.words[-1]}:
                        seen = names.org_words.setdefault(word, {})
                        at = min(seen[folded][1], m.position) if folded in seen else m.position
                        seen[folded] = (m.words, at)
            elif m.kind == PERSON and len(m.words) > 1:
                # A bare surname means the person introduced first ("Kimura": Hana, not Kyoko).
                parts = [w for w in m.words if w not in lex.name_suffixes]
                names.surnames.setdefault(parts[-1], m.words)
                names.forenames.setdefault(parts[0], m.words)
                for inner in parts[1:-1]:  # "Lula" of "Luiz Inácio Lula da Silva"
                    if len(inner) > 2 and inner[:1].isupper():
                        names.surnames.setdefault(inner, m.words)
            elif (
                m.kind == PLACE and len(m.words) > 1 and (m.place is None or m.place.kind == "site")
            ):
                names.site_words.setdefault(m.words[0], m)
            elif m.kind == SINGLE and m.place and m.located:
                names.located.add(m.words[0])
        return names


def _resolve(m: Mention, names: _Names, doc: Document, first: int) -> Mention | None:
    """Decide a one-word mention from the longer names of the same article.

    ``first`` is where the word first stands alone: "Northrop" joins "Northrop
    Grumman" named before it, but "Apple" named first stays apart from "Apple Stores".
    """
    lex, word = doc.lexicon, m.words[0]
    if is_acronym(word):
        if word in names.acronyms:
            return _as(m, ORG, names.acronyms[word], acronym=word)
        if m.place and m.place.tier == TIER_SURE and m.place.kind != "city":
            return _as(m, PLACE, m.words)  # "US", "UAE"; but "GAO" is no town in Mali
        known = lex.organisation(word)
        if known:
            return _as(m, ORG, (known,), acronym=word)
        long_form = names.initials.get(word.replace(".", "").casefold())
        if long_form:
            return _as(m, ORG, long_form, acronym=word)
        if word in lex.non_entities:
            return None
        once = doc.capitalised[word] + doc.starts[word] < 2
        owns = 0 <= m.position < len(doc.tokens) and doc.tokens[m.position].possessive
        if len(word) == 2 and once and not (m.org_cue or owns or _speaks(m, doc)):
            return None  # "CD", "HR", "FM": a lone capital pair, never defined, named once
        return _as(m, ORG, m.words, acronym=m.acronym)
    if word.endswith("s") and word[:-1] in names.surnames:
        return None  # "the Sams": the family of Manju and Thomas Sam
    person = names.surnames.get(word)
    if person and not (m.place and m.located and m.place.tier == TIER_SURE):
        return _as(m, PERSON, person)
    person = names.forenames.get(word)
    if person and (m.role or (not m.located and (not m.place or _speaks(m, doc)))):
        return _as(m, PERSON, person)
    famous = lex.known_people.get(word.casefold())
    if famous and not m.located:
        return _as(m, PERSON, tuple(famous.split()))
    matches = [words for words, at in names.org_words.get(word, {}).values() if at < first]
    if len(matches) == 1 and not (m.place and m.place.tier == TIER_SURE):
        return _as(m, ORG, matches[0])
    known = lex.organisation(word)
    if known and not m.located:
        return _as(m, ORG, (known,))  # "Toyota said", not the city; "in Toyota" stays a place
    if m.place:
        if m.place.tier == TIER_SURE or m.located or word in names.located:
            return _as(m, PLACE, m.words)
        if m.place.tier < TIER_CONTEXT and not m.role:
            return _as(m, PLACE, m.words)  # "his Detroit office" is still Detroit
    site = names.site_words.get(word)
    if site is not None:
        out = _as(site, PLACE, site.words)
        out.written = word
        return out
    known = lex.organisation(word)
    if known:
        return _as(m, ORG, (known,))
    if m.role:
        return _as(m, PERSON, m.words)
    if m.located and not m.initial and not lex.is_word(word):
        return _as(m, PLACE, m.words)  # "in Mirati"; but "Rest in Power"
    if word in lex.org_suffixes or word in lex.place_suffixes:
        return None  # a bare "Region" or "Council" that joined no longer name
    # A capitalised word repeated mid-sentence names something; an ordinary word
    # ("Max", "Terminal") needs more repeats than a coined one ("Daimler").
    seen = doc.capitalised[word]
    times = seen + doc.starts[word] if seen else 0
    if m.org_cue or times >= (3 if lex.is_word(word) else 2):
        return _as(m, ORG, m.words, acronym=m.acronym)
    return None


def _speaks(m: Mention, doc: Document) -> bool:
    k = m.position + 1
    return 0 <= k < len(doc.tokens) and first_word(doc.tokens[k]) in _SPEECH


def _as(m: Mention, kind: str, words: tuple[str, ...], acronym: str | None = None) -> Mention:
    out = Mention(kind=kind, words=words, position=m.position, place=m.place)
    out.country, out.acronym = m.country, acronym or m.acronym
    out.initial = m.initial
    if kind == PLACE and m.place:
        out.country = m.place.country
    out.role, out.written = m.role, m.surface
    return out


def _group(mentions: list[Mention], doc: Document, lex: Lexicon, *, in_title: int) -> list[Entity]:
    """Resolve one-word mentions, then fold every mention into one entity per referent."""
    # A name typed by a guess takes the kind that a surer signal gave it elsewhere.
    sure: dict[str, Mention] = {}
    for m in mentions:
        if m.kind != SINGLE and m.certainty > getattr(sure.get(m.surface), "certainty", -1):
            sure[m.surface] = m
    for m in mentions:
        best = sure.get(m.surface)
        if best is not None and best.certainty > m.certainty:
            m.kind, m.place = best.kind, best.place
    names = _Names.index(mentions, lex)
    resolved: list[tuple[Mention, bool]] = []
    first: dict[str, int] = {}
    for m in mentions:
        if m.kind == SINGLE:
            first.setdefault(m.words[0], m.position)
    votes: dict[str, Counter[tuple[str, tuple[str, ...]]]] = {}
    winners: dict[tuple[str, tuple[str, ...]], Mention] = {}
    for index, m in enumerate(mentions):
        title = index < in_title
        if m.kind == SINGLE:
            r = _resolve(m, names, doc, first[m.words[0]])
            if r is not None:
                resolved.append((r, title))
                # A post before the bare name ("security minister Wiranto") outweighs
                # any number of bare repeats that looked like a company.
                weight = len(mentions) if r.kind == PERSON and m.role else 1
                votes.setdefault(m.surface, Counter())[(r.kind, r.words)] += weight
                winners.setdefault((r.kind, r.words), r)
        else:
            resolved.append((m, title))
    # One word, one referent per article: "Chrysler" named as a company five times
    # is not a place in "in Chrysler factories"; "President Obama" is not "the Obama" firm.
    for k, (r, title) in enumerate(resolved):
        tally = votes.get(r.written)
        if tally and len(tally) > 1:
            best = winners[tally.most_common(1)[0][0]]
            if (best.kind, best.words) != (r.kind, r.words):
                swapped = _as(best, best.kind, best.words)
                swapped.position, swapped.written = r.position, r.written
                resolved[k] = (swapped, title)
    groups: dict[tuple[str, ...], MentionGroup] = {}
    person_keys: dict[str, tuple[str, ...]] = {}
    for m, title in resolved:
        key, name, country = _key(m, lex, person_keys)
        group = groups.get(key)
        if group is None:
            group = groups[key] = MentionGroup(m.kind, name, country, m.position)
            group.is_country = bool(m.kind == PLACE and m.place and m.place.kind == "country")
            group.site = m.kind == PLACE and (m.place is None or m.place.kind == "site")
        group.mentions += 1
        group.in_title |= title
        group.surfaces.append(m.written or m.surface)
        group.surfaces.append(m.surface)
        if m.acronym and m.kind == ORG:
            group.acronym = group.acronym or m.acronym
            group.surfaces.append(m.acronym)
        if m.kind == PERSON and len(m.words) > len(group.name.split()) and group.mentions <= 2:
            group.name = m.surface
    kept = {id(g) for g in _merge_shorter(list(groups.values()), lex)}
    groups = {key: g for key, g in groups.items() if id(g) in kept}
    countries: Counter[str] = Counter()
    for g in groups.values():
        if g.kind == PLACE and g.country:
            countries[g.country] += g.mentions
    # A guess for places the gazetteer does not know, only when one country clearly leads.
    ranked = countries.most_common(2)
    leads = ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1])
    dominant = ranked[0][0] if leads else None
    for g in groups.values():
        other = lex.alternates.get(g.name.casefold()) if g.is_country else None
        if other is not None and g.country:
            rest = countries.copy()
            rest[g.country] -= g.mentions
            if rest.most_common(1)[0][0] == other.country:
                g.country, g.is_country = other.country, False  # Georgia among US states
    for g in groups.values():
        if g.kind == PLACE and g.country is None and g.site:
            g.country = dominant  # "Maidan Shahr" in an article about Afghanistan
    _name_bare_chamber(groups, doc, dominant)
    entities = [entity_of(g) for g in groups.values()]
    order = {
        id(e): (-(g.mentions + 2 * g.in_title), g.first)
        for e, g in zip(entities, groups.values(), strict=True)
    }
    return sorted(entities, key=lambda e: order[id(e)])


# "the House" of a US story is the House of Representatives (one entity with its full name).
_US_CONTEXT = re.compile(r"\b(?:Congress|Senate|Representatives|Capitol|U\.S\.|US|United States)\b")
_US_HOUSE = "United States House of Representatives"


def _name_bare_chamber(
    groups: dict[tuple[str, ...], MentionGroup], doc: Document, dominant: str | None
) -> None:
    """Fold a bare "House" into the US House of Representatives when the story is American."""
    bare = [(k, g) for k, g in groups.items() if g.kind == ORG and g.name in {"House", "The House"}]
    if not bare or not (dominant == "US" or _US_CONTEXT.search(doc.text)):
        return
    key, group = bare[0]
    full_key = ("org", fold(_US_HOUSE).casefold())
    into = groups.get(full_key)
    if into is None:
        group.name, group.country = _US_HOUSE, group.country or "US"
        return
    into.mentions += group.mentions
    into.in_title |= group.in_title
    into.first = min(into.first, group.first)
    into.surfaces += [group.name, *group.surfaces]
    del groups[key]


def _extends(longer: MentionGroup, words: list[str], lex: Lexicon) -> bool:
    """'Ford Motors Co.' extends 'Ford Motors' with organisation suffixes only."""
    if longer.kind != ORG:
        return False
    other = longer.name.removeprefix("The ").split()
    extra = other[len(words) :]
    prefix = [w.casefold() for w in other[: len(words)]]
    return bool(extra) and prefix == words and all(w in lex.org_suffixes for w in extra)


def _merge_shorter(groups: list[MentionGroup], lex: Lexicon) -> list[MentionGroup]:
    """Fold 'Judiciary Committee' into 'House Judiciary Committee', 'Waterloo station' into
    'London Waterloo station' and 'Pranab Mukherjee' into a longer form of the same name,
    when exactly one longer name of the same kind ends with the shorter one."""
    by_last: dict[tuple[str, str], list[MentionGroup]] = {}
    for g in groups:
        words = g.name.removeprefix("The ").casefold().split()
        if words:
            by_last.setdefault((g.kind, words[-1]), []).append(g)
    by_first: dict[str, list[MentionGroup]] = {}
    for g in groups:
        if g.kind == ORG and g.name.removeprefix("The ").strip():
            by_first.setdefault(g.name.removeprefix("The ").casefold().split()[0], []).append(g)
    gone: set[int] = set()
    for g in groups:
        words = g.name.removeprefix("The ").casefold().split()
        if g.kind == PERSON and len(words) < 2 or (g.kind == PLACE and not g.site) or not words:
            continue
        longer = [
            h
            for h in by_last.get((g.kind, words[-1]), [])
            if h is not g
            and id(h) not in gone
            and len(h.name.split()) > len(words)
            and h.name.removeprefix("The ").casefold().split()[-len(words) :] == words
        ]
        if not longer and g.kind == ORG:
            longer = [
                h
                for h in by_first.get(words[0], [])
                if h is not g and id(h) not in gone and _extends(h, words, lex)
            ]
        if len(longer) != 1:
            continue
        into = longer[0]
        into.mentions += g.mentions
        into.in_title |= g.in_title
        into.first = min(into.first, g.first)
        into.surfaces += [g.name, *g.surfaces]
        into.acronym = into.acronym or g.acronym
        if g.kind == PERSON and g.mentions >= into.mentions - g.mentions:
            into.name = g.name  # "Pranab Mukherjee", not "Bharat Ratna Pranab Mukherjee"
        gone.add(id(g))
    return [g for g in groups if id(g) not in gone]


def _key(
    m: Mention, lex: Lexicon, persons: dict[str, tuple[str, ...]]
) -> tuple[tuple[str, ...], str, str | None]:
    if m.kind == PLACE:
        # Keyed by display name, so "Fort Lee" from the gazetteer and from context meet.
        if m.place and m.place.kind != "site":
            return ("place", m.place.name.casefold()), m.place.name, m.place.country
        name = m.surface
        return ("place", name.casefold()), name, m.place.country if m.place else None
    if m.kind == PERSON:
        names = [
            w
            for w in m.words
            if w not in lex.name_suffixes and w.casefold() not in lex.name_particles
        ]
        known = lex.known_people.get(names[0].casefold()) if len(names) == 1 else None
        if known:
            # "Trump" in an article that never gives his first name is still Donald Trump.
            names = known.split()
        key = (names[0].casefold(), names[-1].casefold()) if names else (m.surface.casefold(),)
        full = persons.setdefault(" ".join(key), ("person", *key))
        return full, known or m.surface, None
    name = m.surface.removeprefix("The ")
    if lex.language != "en" and " " in _ARTICLE.sub("", name):
        name = _ARTICLE.sub("", name)  # "La Commission européenne"; but "Le Monde" stays
    known = lex.organisation(name) or (lex.organisation(m.acronym) if m.acronym else None)
    if known:
        # "GM", "General Motors" and "General Motors Corp." are one organisation in every
        # article: keyed, named and slugged by the lexicon's canonical name.
        return ("org", fold(known).casefold()), known, m.country
    words = name.split()
    # "US Air Force", "U.S. Air Force" and "Air Force" are one organisation.
    for width in (2, 1):
        head = lex.place(" ".join(words[:width])) if len(words) > width else None
        if head and head.kind == "country":
            words = words[width:]
            break
    known = lex.organisation(" ".join(words))
    if known:  # "United States Dow Jones Industrial Average"
        return ("org", fold(known).casefold()), known, m.country
    return ("org", fold(" ".join(words)).casefold()), name, m.country
