"""The context around a candidate name that the entity rules read: place cues ("in X",
"X, Ohio"), organisation cues ("the X", "airline X", "X company"), an acronym in brackets
after it, and the Mention built with what they say."""

from __future__ import annotations

from broadsheet.enrichment.lexicon import TIER_CONTEXT, TIER_SURE, Place
from broadsheet.enrichment.mentions import ORG, PERSON, Document, Mention
from broadsheet.enrichment.name_forms import PLACE_NOUNS, post_nominal
from broadsheet.enrichment.tokens import first_word, is_acronym


def org_cue_before(doc: Document, i: int) -> bool:
    """A cue noun right before the name: "airline Mahan Air", not a role ("coach X")."""
    before = doc.lower_before(i)
    return bool(before) and before in doc.lexicon.org_cues and before not in doc.lexicon.role_nouns


def make_mention(
    doc: Document,
    kind: str,
    words: tuple[str, ...],
    i: int,
    j: int,
    *,
    place: Place | None = None,
    located: bool | None = None,
) -> Mention:
    """A mention of tokens[i:j] as `kind`, with the context the rules recorded around it."""
    lex = doc.lexicon
    before = doc.lower_before(i)
    if kind == PERSON and len(words) > 2 and post_nominal(lex, words[-1]):
        words = words[:-1]  # "Durham Hall QC" is Durham Hall
    mention = Mention(kind=kind, words=words, position=i, place=place)
    mention.country = place.country if place else None
    mention.role = before in lex.role_nouns
    mention.located = located_at(doc, i, j) if located is None else located
    mention.org_cue = before == "the" or org_cue_before(doc, i) or org_cue_after(doc, j)
    mention.initial = doc.tokens[i].initial
    mention.acronym = acronym_after(doc, j)
    if kind == ORG and mention.country is None:
        head = lex.place(words[0]) or lex.place(" ".join(words[:2]))
        mention.country = head.country if head and head.kind == "country" else None
    return mention


def acronym_after(doc: Document, j: int) -> str | None:
    """'Long Name (LN)': the acronym in brackets right after the name."""
    toks = doc.tokens
    if j < len(toks) and doc.gap(j).strip() == "(" and is_acronym(toks[j].text):
        after = doc.text[toks[j].end : toks[j].end + 1]
        if after == ")":
            return toks[j].text
    return None


def located_at(doc: Document, i: int, j: int) -> bool:
    """Place context: 'in X', 'X, <known place>', '<known place>, X' in a list of places."""
    lex, toks = doc.lexicon, doc.tokens
    before = doc.lower_before(i)
    if before in lex.place_prepositions:
        return True
    if before in ("of", "de") and doc.lower_before(i, back=2) in PLACE_NOUNS:
        return True  # "the island of Grand Bahama"
    if j < len(toks) and doc.gap(j) == ", ":
        for width in (1, 2):
            after = toks[j : j + width]
            nxt = lex.place(" ".join(t.text for t in after)) if len(after) == width else None
            # "Hagan, North Carolina's first senator" is an apposition, not an address.
            if nxt and nxt.tier <= TIER_SURE + 1 and nxt.kind != "city":
                return not after[-1].possessive
    return False


def org_cue_after(doc: Document, j: int) -> bool:
    toks = doc.tokens
    return j < len(toks) and doc.gap(j) == " " and first_word(toks[j]) in doc.lexicon.org_cues


def inner_place(doc: Document, i: int, j: int) -> Place | None:
    """The country of 'London Waterloo station' (London) or 'Randolph, New Hampshire'."""
    lex, toks = doc.lexicon, doc.tokens
    for width in (2, 1):
        # Only a leading place counts: "General Santos City" is not in Brazil.
        place = lex.place(" ".join(t.text for t in toks[i : i + width])) if j - i > width else None
        if place and place.tier == TIER_SURE:
            return Place(" ".join(t.text for t in toks[i:j]), place.country, "site", TIER_CONTEXT)
    if j < len(toks) and doc.gap(j) == ", ":
        for width in (2, 1):
            nxt = lex.place(" ".join(t.text for t in toks[j : j + width]))
            if nxt:
                # A site is a guess from context: it never outranks a person's surname.
                return Place(" ".join(t.text for t in toks[i:j]), nxt.country, "site", TIER_CONTEXT)
    return None
