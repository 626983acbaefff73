"""Names of things, not of people, organisations or places: stock indices, products, events
and works ("the Dow Jones", "the Aura sedan", "a Blessing of the Bikes ceremony").

A name found to be a thing is remembered for the whole article (`Document.things`), so its
other mentions ("airing of Black Panther" before "the film Black Panther") are dropped too.
"""

from __future__ import annotations

from broadsheet.enrichment.lexicon import TIER_CONTEXT, normalise
from broadsheet.enrichment.mentions import Document, Mention
from broadsheet.enrichment.name_forms import FUNCTION_WORDS
from broadsheet.enrichment.tokens import is_acronym

_INDEX_TAIL = frozenset({"Index", "Composite", "Industrial", "Average", "Industrials"})
_INDEX_BEFORE = ("index", "indices", "indexes")
_QUOTES = "\"'”’"
# A capitalised preposition inside a name marks a title: "A Tribute For a King", "Get On Up".
_TITLE_WORDS = frozenset({"For", "On", "With", "To", "From", "By", "In", "At", "Up"})


def named_thing(doc: Document, i: int, j: int) -> bool:
    """Whether tokens[i:j] name a thing; if so the name is remembered for the article."""
    if not _may_be_thing(doc, i, j):
        return False  # most names: a few set look-ups, no words built
    words = tuple(t.text for t in doc.tokens[i:j])
    software = len(words) > 1 and "OS" in words  # "Mac OS X", "Chrome OS"
    thing = software or _title(doc, i, j, words) or _index(doc, i, words)
    thing = thing or _brand_part(doc, i)
    if not (thing or _before_thing_noun(doc, i, j, words)):
        return False
    doc.things.add(" ".join(words))
    if len(words) == 1:
        doc.events.add(words[0])  # a later bare "Aura" is no organisation either
    if software:
        doc.events.update(words[words.index("OS") + 1 :])  # "Mac OS X Lion", then "Lion"
    return True


def _title(doc: Document, i: int, j: int, words: tuple[str, ...]) -> bool:
    """A work's title written in title case ("Get On Up", "additional On Cinema alumni"),
    unless the name is an organisation's ("Doctors With Borders") or a person's."""
    lex = doc.lexicon
    if len(words) < 2 or not any(w in _TITLE_WORDS for w in words[doc.tokens[i].initial :]):
        return False
    if "and" in words or words[0] in lex.given_names:
        return False  # "Get On Up and Thurgood Marshall" is split first; "James To" a person
    return not (words[0] in lex.org_heads or lex.organisation(" ".join(words)))


def _may_be_thing(doc: Document, i: int, j: int) -> bool:
    """A quick filter: a word after the name, its last word or the word before it could
    make it a thing."""
    toks, lex = doc.tokens, doc.lexicon
    last = toks[j - 1].text
    if last.casefold() in lex.index_ends or last in _INDEX_TAIL:
        return True
    if j - i > 1 and any(t.text == "OS" or t.text in _TITLE_WORDS for t in toks[i:j]):
        return True
    if i and not toks[i - 1].cap:
        before = toks[i - 1].text
        if before.endswith(_INDEX_BEFORE) or not before.islower():
            return True  # "stock index FTSE 100", "iTunes Music Store"
    if j >= len(toks):
        return False
    nxt = toks[j]
    if nxt.cap or nxt.text in lex.index_ends:  # "Saffir–Simpson scale", "the S&P 500"
        return True
    first, _, rest = nxt.text.partition(" ")
    return first in lex.thing_nouns or rest.partition(" ")[0] in lex.thing_nouns


def work(doc: Document, i: int, j: int) -> bool:
    """ "the film Black Panther": a work's title; remembered for the article after a noun
    that is no verb ("film", not "show" or "play": "results show Ford is")."""
    cue = doc.lower_before(i)
    if cue not in doc.lexicon.work_cues:
        return False
    if cue in _WORK_NOUNS:  # "the songs Yesterday and Help": both are things
        for name in " ".join(t.text for t in doc.tokens[i:j]).split(" and "):
            doc.things.add(name)
            if " " not in name:
                doc.events.add(name)
    return True


_WORK_NOUNS = frozenset({
    "film", "films", "movie", "movies", "album", "albums", "novel", "novels", "documentary",
    "sitcom", "biopic", "sequel", "series", "podcast", "song", "songs", "book", "books",
    "musical", "opera", "painting", "poem", "sedan", "smartphone",
})  # fmt: skip


def drop_things(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """The mentions that name no thing the article named as one."""
    if not doc.things:
        return mentions
    return [m for m in mentions if m.surface not in doc.things]


def _index(doc: Document, i: int, words: tuple[str, ...]) -> bool:
    """A stock market index: a known one, qualified or not ("the German DAX", "Japan's
    Nikkei", "FTSE 100 Index"), or any name right after "index" ("stock index FTSE 100")."""
    lex, toks = doc.lexicon, doc.tokens
    if i and toks[i - 1].text.endswith(_INDEX_BEFORE) and doc.lower_before(i) in _INDEX_BEFORE:
        return True
    core = list(words)
    while len(core) > 1 and core[-1] in _INDEX_TAIL:
        core.pop()
    j = i + len(words)  # "the S&P 500": the agency's name, then the index's number
    after = toks[j].text if j < len(toks) and toks[j].text in lex.index_ends else ""
    if core[-1].casefold() not in lex.index_ends and not after:
        return False  # every index name ends in one of a few words: most names stop here
    after = after if doc.gap(j) == " " else ""
    for k in range(len(core)):
        if k and not _qualifier(doc, i, core[:k]):
            continue
        name = normalise(" ".join(core[k:]))
        if name in lex.indices or (after.isdigit() and f"{name} {after}" in lex.indices):
            return True
    # "Dow Jones falls": a sentence-initial "Dow" trimmed off as an ordinary word.
    prev = doc.tokens[i - 1] if i and doc.gap(i) == " " else None
    return prev is not None and normalise(f"{prev.text} {' '.join(core)}") in lex.indices


def _qualifier(doc: Document, i: int, prefix: list[str]) -> bool:
    """Words before an index's name that only qualify it: "The", "German", "Japan's",
    "United States"."""
    text, lex = " ".join(prefix), doc.lexicon
    if text in ("The", "the") or text in lex.demonyms or lex.place(text) is not None:
        return True
    return doc.tokens[i + len(prefix) - 1].possessive


def _before_thing_noun(doc: Document, i: int, j: int, words: tuple[str, ...]) -> bool:
    """A name before a noun for an event, award, model or scale: "the Aura sedan", "the
    Blessing of the Bikes ceremony", "Beyond Fest film festival", "the Saffir–Simpson scale".
    Acronyms ("the WBC champion"), known organisations, places and names starting with a
    given name ("the John Lennon award") are left alone."""
    lex, toks = doc.lexicon, doc.tokens
    if j + 1 < len(toks) and toks[j].cap and doc.gap(j) in ("–", "-"):
        j += 1  # "Saffir–Simpson scale"
    if j >= len(toks) or toks[j].cap:
        return False
    first, _, rest = toks[j].text.partition(" ")
    if first not in lex.thing_nouns and rest.partition(" ")[0] not in lex.thing_nouns:
        return False
    if first in FUNCTION_WORDS or words[-1] in lex.org_suffixes:
        return False  # "AirTran Airways in ceremonies"
    gap = doc.gap(j)
    if not gap.endswith(" ") or gap.strip(_QUOTES + " "):
        return False
    if (len(words) == 1 and is_acronym(words[0])) or (
        len(words) > 1 and words[0] in lex.given_names
    ):
        return False
    place = lex.place(" ".join(words))
    return not (lex.organisation(" ".join(words)) or (place and place.tier < TIER_CONTEXT))


def _brand_part(doc: Document, i: int) -> bool:
    """A name continuing a brand written with a lowercase initial: "iTunes Music Store"."""
    if i == 0:
        return False
    before = doc.tokens[i - 1].text
    before = before[before.rfind(" ") + 1 :]  # "iTunes", "eBay"; not "airlines-Air"
    if not (before[:1].islower() and not before.islower() and before.isalpha()):
        return False
    if doc.gap(i) != " ":
        return False
    return not doc.lexicon.place(doc.tokens[i].text)  # "six airlines-Air China"


def maker_of_product(doc: Document, i: int, j: int) -> bool:
    """ "Apple's Airport Express": a known company's possessive, then ordinary words with no
    organisation head, names the company's product; the product is remembered as a thing."""
    words = tuple(t.text for t in doc.tokens[i:j])
    lex, rest = doc.lexicon, words[1:]
    if not rest or not doc.tokens[i].possessive or not lex.organisation(words[0]):
        return False
    if any(w in lex.org_heads or not lex.is_word(w) for w in rest):
        return False  # "Toyota's Research Institute"; "Inc", "Ltd" are no words either
    doc.things.add(" ".join(rest))
    return True
