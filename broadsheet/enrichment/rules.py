"""Rules that turn one capitalised candidate into typed mentions (person, organisation, place).

Single words are left undecided ("single") for the merging pass in entities.py,
which knows every longer name in the article by then.
"""

from __future__ import annotations

import re

from broadsheet.enrichment.context import (
    inner_place,
    located_at,
    make_mention,
    org_cue_after,
    org_cue_before,
)
from broadsheet.enrichment.lexicon import TIER_CONTEXT, TIER_SURE, Lexicon, Place
from broadsheet.enrichment.mentions import ORG, PERSON, PLACE, SINGLE, Document, Mention
from broadsheet.enrichment.name_forms import (
    FUNCTION_WORDS,
    TEMPORAL,
    institutional,
    name_suffix,
    nationality,
    post_nominal,
)
from broadsheet.enrichment.things import maker_of_product, named_thing, work
from broadsheet.enrichment.tokens import first_word, is_acronym


def classify(doc: Document, i: int, j: int) -> list[Mention]:
    """Type the candidate tokens[i:j], splitting it where a title or 'and' joins two names."""
    lex = doc.lexicon
    i, j = _trim(doc, i, j)
    if i >= j:
        return []
    if work(doc, i, j):
        return []  # "the film Black Panther", "his role in Get On Up"
    headed = _head_and_adjective(doc, i, j)
    if headed is not None:
        return headed
    if named_thing(doc, i, j):
        return []  # "the Dow Jones", "the Aura sedan"
    if doc.tokens[i].possessive and maker_of_product(doc, i, j):
        return classify(doc, i, i + 1)  # "Apple's Airport Express" names Apple
    if j - i == 1:
        return _single(doc, i)
    # A possessive inside a joined name keeps its "'s": "Army's Research and Referral Hospital".
    words = tuple(
        t.text + "'s" if t.possessive and k < j else t.text
        for k, t in enumerate(doc.tokens[i:j], i + 1)
    )
    surface = " ".join(words)
    known = lex.organisation(surface)
    if known:
        return [make_mention(doc, ORG, (known,), i, j)]
    if surface in lex.demonyms or all(w in lex.demonyms or w in lex.non_entities for w in words):
        return []  # "African American", "North American"
    place = lex.place(surface)
    if place and (place.tier < TIER_CONTEXT or located_at(doc, i, j)):
        return [make_mention(doc, PLACE, words, i, j, place=place)]
    if "and" in words:
        cut = i + words.index("and")
        if not _org_signal(doc, i, j) or _two_names(doc, i, cut, j):
            return _split_and(doc, i, cut, j)
    if "of" in words:
        cut = i + words.index("of")
        after = lex.place(" ".join(words[cut - i + 1 :]))
        person = words[0] in lex.given_names or (after is not None and after.tier == TIER_SURE)
        person = person and words[0].rstrip(".") not in lex.titles  # "Senator X of Minnesota"
        if person and cut - i >= 2 and _name_like(lex, words[: cut - i]):
            # "Ted Scambos of CU Boulder", "Eliud Kipchoge of Kenya": a person, then a name.
            return [make_mention(doc, PERSON, words[: cut - i], i, cut), *classify(doc, cut + 1, j)]
    titled = _split_title(doc, i, j)
    if titled is not None:
        return titled
    post = _post_of(doc, i, j, words)
    if post is not None:
        return post
    if _org_signal(doc, i, j):
        return [make_mention(doc, ORG, words, i, j)]
    if words[-1] in lex.event_words or words[0] in lex.event_heads:
        doc.events.add(words[-1])  # "Hurricane Dorian": a later "Dorian" is no organisation
        return []
    if words[0] in lex.place_heads and len(words) > 2 and words[1] in lex.connectors:
        inner = lex.place(" ".join(words[2:]))  # "Ciudad de México", "Région de Bruxelles"
        if inner is not None:
            place = Place(surface, inner.country, "region", TIER_SURE)
            return [make_mention(doc, PLACE, words, i, j, place=place)]
    if words[-1] in lex.place_suffixes or words[0] in ("Mount", "Fort", "Lake", "Cape", "Isle"):
        return [make_mention(doc, PLACE, words, i, j, place=inner_place(doc, i, j))]
    split = _split_place_prefix(doc, i, j)
    if split is not None:
        return split
    if surface in lex.non_entities or all(w in lex.non_entities for w in words):
        return []
    at = _place_and_adjective(lex, words)
    if at:
        k = i if at > 0 else j - 1
        word = doc.tokens[k].text
        return [make_mention(doc, PLACE, (word,), k, k + 1, place=lex.place(word))]
    after_the = i > 0 and doc.tokens[i - 1].text == "The" and doc.gap(i) == " "
    if (doc.lower_before(i) == "the" and words[0] not in lex.given_names) or org_cue_after(doc, j):
        mention = make_mention(doc, ORG, words, i, j)
        mention.certainty = 1
        return [mention]
    if words[0] == "The" or after_the or org_cue_before(doc, i):
        return [make_mention(doc, ORG, words, i, j)]  # "The Lancet", "airline Mahan Air"
    if (
        located_at(doc, i, j)
        and words[0] not in lex.given_names
        and not all(map(lex.is_word, words))
        and not any(map(is_acronym, words))  # "published in PLOS One"
    ):
        return [make_mention(doc, PLACE, words, i, j, place=inner_place(doc, i, j))]
    ends_in_country = (lex.place(words[-1]) or _NOWHERE).kind == "country"
    if doc.lower_before(i) in lex.role_nouns and not ends_in_country:
        return [make_mention(doc, PERSON, words, i, j)]  # "visual artists Moth Monarch"
    # "Luiz Inácio Lula da Silva": particles do not count towards a name's length;
    # "Cruz Roja Mexicana": a name ending in a nationality adjective is an institution.
    given = [w for w in words if w.casefold() not in lex.name_particles]
    person_like = _name_like(lex, words) and len(given) <= 4 and not ends_in_country
    person_like = person_like and not nationality(lex, words[-1])
    if person_like and "-" in words[-1]:
        person_like = not any(part in lex.org_suffixes for part in words[-1].split("-"))
    if person_like and len(words) == 2 and words[0] in lex.demonyms:
        return classify(doc, i + 1, j)  # "Canadian Saturn dealers": no one is called that
    guess = PERSON if person_like else ORG
    mention = make_mention(doc, guess, words, i, j)
    mention.certainty = (
        2 if guess == PERSON and (words[0] in lex.given_names or mention.role) else 0
    )
    return [mention]


_NOWHERE = Place("", None, "", 0)
_DIPLOMATIC = re.compile(r" (?:embassy|embassies|consulate|consulates|ambassador|envoy)\b")
_CAMEL = re.compile(r"(?!Mc|Mac|De|Di|Du|La|Le|Van|Von)[A-Z]?[a-z]+[A-Z]")
_CONTRACTION = re.compile(r"['’](?:m|ve|ll|d|re|t)$|n['’]t$")


def _split_and(doc: Document, i: int, cut: int, j: int) -> list[Mention]:
    """'Germany and France' -> two places; 'Joanne and Edward Corr' -> two Corrs."""
    lex, toks = doc.lexicon, doc.tokens
    right = classify(doc, cut + 1, j)
    if (
        cut - i == 1
        and toks[i].text in lex.given_names
        and len(right) == 1
        and right[0].kind == PERSON
        and len(right[0].words) >= 2
    ):
        left = make_mention(doc, PERSON, (toks[i].text, right[0].words[-1]), i, cut)
        return [left, *right]
    return classify(doc, i, cut) + right


def _two_names(doc: Document, i: int, cut: int, j: int) -> bool:
    """'London Ambulance Service and London Fire Brigade', 'Colorado and the College of
    Wooster' are two names; 'Securities and Exchange Commission' is one."""
    lex, toks = doc.lexicon, doc.tokens
    left = " ".join(t.text for t in toks[i:cut])
    if lex.place(left) or lex.organisation(left) or toks[cut + 1].text == "the":
        return True  # "... House of Representatives and the Senate"
    right = " ".join(t.text for t in toks[cut + 1 : j])
    if lex.organisation(right) or (j - cut > 2 and is_acronym(toks[cut + 1].text)):
        return True  # "University of Bristol and UC Davis"
    if cut - i == 1 and not lex.is_word(left) and doc.capitalised[left] > 1:
        return True  # "Hummer and Saab Automobile", "Hummer" named on its own too
    if _plural_cue_after(doc, j):
        return True  # "the Hummer and Saab Automobile vehicle brands"
    suffixed = cut - i >= 2 and toks[cut - 1].text in lex.org_suffixes
    return suffixed and _org_signal(doc, cut + 1, j)


def _plural_cue_after(doc: Document, j: int) -> bool:
    """A plural organisation cue after 'X and Y' ("brands", "companies", "airlines")."""
    toks = doc.tokens
    if j >= len(toks) or toks[j].cap or doc.gap(j) != " ":
        return False
    for word in toks[j].text.split(" ")[:2]:
        singular = word[:-3] + "y" if word.endswith("ies") else word[:-1]
        if word.endswith("s") and singular in doc.lexicon.org_cues:
            return True
    return False


def _place_and_adjective(lex: Lexicon, words: tuple[str, ...]) -> int:
    """Where the country is in 'US Presidential (election)' (0) or 'Republican US (senator)'
    (-1): a country with ordinary words around it is just the country; None otherwise."""

    def plain(rest: tuple[str, ...]) -> bool:
        return all(
            (lex.is_word(w) or w in lex.non_entities) and w not in lex.given_names for w in rest
        )

    if len(words) > 3:
        return 0
    head, tail = lex.place(words[0]), lex.place(words[-1])
    if head and head.kind == "country" and plain(words[1:]):
        return 1
    # Only party or regional adjectives: "Maidan Wardak" is one place name.
    if (
        tail
        and tail.kind in ("country", "region")
        and all(w in lex.non_entities for w in words[:-1])
    ):
        return -1
    return 0


def _trim(doc: Document, i: int, j: int) -> tuple[int, int]:
    """Drop sentence-initial common words, stray connectors, days and months at the edges."""
    lex, toks = doc.lexicon, doc.tokens
    if j - i > 1:
        surface = " ".join(t.text for t in toks[i:j])
        if lex.place(surface) or lex.organisation(surface):
            return i, j
    while i < j:
        tok = toks[i]
        word = tok.text
        if word in lex.connectors or word in TEMPORAL or _drop_initial(doc, i, j):
            i += 1
        elif (
            tok.initial
            and i + 2 < j
            and toks[i + 1].text in ("of", "for")
            and word not in lex.org_heads
            and word not in lex.org_suffixes
            and _plain_word(doc, word)
        ):
            i += 2  # "Shares of Apple Inc.", "Members of Congress"
        elif lex.demonyms.get(word, "-") != "-" and i + 1 < j and toks[i + 1].text in lex.titles:
            i += 1  # "German Chancellor Angela Merkel": the demonym only qualifies the title
        else:
            break
    while j > i and (toks[j - 1].text in lex.connectors or toks[j - 1].text in TEMPORAL):
        j -= 1
    # "Airbus A330", "iPhone 4": a trailing model number is not part of the maker's name.
    while j - i > 1 and any(c.isdigit() for c in toks[j - 1].text):
        j -= 1
    return i, j


def _drop_initial(doc: Document, i: int, j: int) -> bool:
    """Whether the first word of tokens[i:j] is a sentence start and nothing more."""
    lex, tok = doc.lexicon, doc.tokens[i]
    word = tok.text
    if not tok.initial or (word.isupper() and len(word) > 1):
        return False  # "US" is not the pronoun "us"
    if word in lex.title_heads and i + 1 < j:
        return False  # "President Vexler replied"
    folded = word.casefold()
    if folded in FUNCTION_WORDS:
        return True
    return (folded in lex.common_words or _plain_word(doc, word)) and not _org_signal(doc, i, j)


def _plain_word(doc: Document, word: str) -> bool:
    """A capitalised sentence start that is just an ordinary word ('Dozens', 'Neither')."""
    lex = doc.lexicon
    if doc.capitalised[word] or word in lex.given_names or lex.organisation(word):
        return False
    if lex.place(word) is not None:
        return False
    return lex.is_word(word) or doc.seen_lowercase(word)


def _single(doc: Document, i: int) -> list[Mention]:
    """A one-word candidate: decided later, but its context is recorded now."""
    lex, tok = doc.lexicon, doc.tokens[i]
    word = tok.text
    if word in lex.non_entities or word in doc.events or len(word.rstrip(".")) == 1:
        return []  # "E. coli"; "Dorian" after "Hurricane Dorian"
    if word in lex.demonyms and not is_acronym(word):
        return []
    if not word.isalpha():
        if ("'" in word or "’" in word) and _CONTRACTION.search(word):
            return []  # "I'm"
        if any(c.isdigit() for c in word) and not lex.organisation(word) and not is_acronym(word):
            return []  # "A380", "SGD1": model numbers and codes
    closes = doc.text[tok.end : tok.end + 1] == ")"
    if i and closes and doc.gap(i).endswith("(") and doc.tokens[i - 1].cap and is_acronym(word):
        return []  # "(JNIM)" defines the name before it; that mention carries it
    if word in lex.titles and not is_acronym(word):
        return []
    after_name = i and doc.gap(i) == ", " and doc.tokens[i - 1].cap
    if after_name and post_nominal(lex, word) and not lex.place(word):
        return []  # "Tom Molomby, SC, said"; "Charleston, SC" names no organisation either
    if _DIPLOMATIC.match(doc.text, tok.end) and lex.place(word) is None:
        return []  # "the Myanma embassy": a country's adjective the demonym list lacks
    if doc.text[tok.end : tok.end + 1] == "$":
        return []  # "US$6 billion" names a currency
    place = lex.place(word)
    if place and place.tier > TIER_SURE and word in lex.given_names:
        place = None  # "Elizabeth and Susan" are daughters, not towns
    located = located_at(doc, i, i + 1)
    if place is None and located:
        place = inner_place(doc, i, i + 1)
    return [make_mention(doc, SINGLE, (word,), i, i + 1, place=place, located=located)]


def _org_signal(doc: Document, i: int, j: int) -> bool:
    """An organisation suffix ('Ltd', 'Ministry', 'Party'), or a head ('University of')."""
    lex, toks = doc.lexicon, doc.tokens
    words = [t.text for t in toks[i:j]]
    if words[-1] in lex.org_suffixes or words[-1] == "party":
        return True
    for k, word in enumerate(words[:-1]):
        if words[k + 1] in ("of", "for") and (word in lex.org_suffixes or word in lex.org_heads):
            return True
    return len(words) > 1 and words[0] in lex.org_heads and words[-1] in lex.org_suffixes


def _name_like(lex: Lexicon, words: tuple[str, ...]) -> bool:
    """Words that could be a person's name: capitalised, no org or place words, no acronyms."""
    names = [w for w in words if w.casefold() not in lex.name_particles]
    if not names or any(w in lex.name_suffixes for w in words[:1]):
        return False
    if all(len(w) == 2 and w.endswith(".") for w in names):
        return False  # "U. S." is initials only
    # "Durham Hall QC", "Mohammed VI": a post-nominal or a regnal number ends a person's name.
    suffixed = len(names) > 1 and name_suffix(lex, names[-1])
    for k, word in enumerate(names):
        if (k and name_suffix(lex, word)) or (len(word) == 2 and word.endswith(".")):
            continue
        if not word[:1].isupper() or is_acronym(word) or any(c.isdigit() for c in word):
            return False
        if not suffixed and (word in lex.org_suffixes or word in lex.place_suffixes):
            return False
        if word in lex.non_entities:
            return False
        if word.casefold() in lex.common_words or _CAMEL.match(word):
            return False  # "JPMorgan", "GoFundMe" are brands; "McDonald" is a name
    # "Old Mutual", "Boeing Commercial Airplanes": mostly dictionary words and no given
    # name is not a person; "Sharif Hotak" is.
    core = names[:-1] if suffixed else names
    if any(w in lex.given_names for w in core):
        return True
    return 2 * sum(lex.is_word(w) for w in core) <= len(core) or len(core) == 1


def _head_and_adjective(doc: Document, i: int, j: int) -> list[Mention] | None:
    """French and Spanish capitalise only the head: 'Assemblée nationale', 'Commission
    européenne'. A head followed by such an adjective is an organisation with it."""
    lex, toks = doc.lexicon, doc.tokens
    if lex.language == "en" or toks[j - 1].text not in lex.org_heads or j >= len(toks):
        return None
    if doc.gap(j) != " " or toks[j].cap or not institutional(lex, first_word(toks[j])):
        return None
    words = (*(t.text for t in toks[i:j]), first_word(toks[j]))
    return [make_mention(doc, ORG, words, i, j)]


def _post_of(doc: Document, i: int, j: int, words: tuple[str, ...]) -> list[Mention] | None:
    """'Chief Executive Officer of General Motors', 'District Attorney of San Bernardino
    County': a post is no organisation or place; the organisation or place after it is."""
    lex = doc.lexicon
    cut = words.index("of") if "of" in words else 0
    if not 0 < cut < len(words) - 1 or words[cut - 1].casefold() not in lex.role_nouns:
        return None
    if cut == 1 and words[0] in lex.org_heads:
        return None
    tail = classify(doc, i + cut + 1, j)
    return tail if tail and all(m.kind in (ORG, PLACE) for m in tail) else None


def _split_title(doc: Document, i: int, j: int) -> list[Mention] | None:
    """'US Secretary of State Mike Pompeo' -> place US + person Mike Pompeo."""
    lex, toks = doc.lexicon, doc.tokens
    words = [t.text.rstrip(".") for t in toks[i:j]]
    for end in range(len(words) - 1, -1, -1):
        if words[end] not in lex.titles:
            continue
        start = end
        while start > 0 and (words[start - 1] in lex.titles or words[start - 1] in ("of", "for")):
            start -= 1
        if not any(w in lex.title_heads for w in words[start : end + 1]):
            return None
        rest = end + 1
        extra: list[Mention] = []
        if rest < len(words) - 1 and words[rest] == "of":
            for width in (2, 1):
                place = lex.place(" ".join(words[rest + 1 : rest + 1 + width]))
                if place and rest + 1 + width <= len(words):
                    a, b = i + rest + 1, i + rest + 1 + width
                    extra.append(
                        make_mention(
                            doc, PLACE, tuple(words[rest + 1 : rest + 1 + width]), a, b, place=place
                        )
                    )
                    rest += 1 + width
                    break
        name = tuple(t.text for t in toks[i + rest : j])
        if name[:1] in (("for",), ("of",)):
            # "Commissioner for Competition Neelie Kroes": the title goes on to a given name.
            given = next(
                (
                    k
                    for k, w in enumerate(name)
                    if (w in lex.given_names or not lex.is_word(w))
                    and 2 <= len(name) - k <= 3
                    and _name_like(lex, name[k:])
                ),
                None,
            )
            if given is not None:
                rest += given
                name = name[given:]
        if name[:1] == ("of",):
            # "Dean of the House of Representatives", "Director-General of the WHO"
            return classify(doc, i + rest + 1, j) + extra
        tail: list[Mention] = []
        if "of" in name and name.index("of") > 0:
            # "Professor David Livermore of the University of East Anglia"
            cut = name.index("of")
            tail = classify(doc, i + rest + cut + 1, j)
            name, j = name[:cut], i + rest + cut
        if name and not (_name_like(lex, name) and len(name) <= 4):
            return None
        if len(name) == 1 and (lex.place(name[0]) or _NOWHERE).tier == TIER_SURE:
            return None  # "Captain America" is no person called America
        if name and words[start] == "General" and start == 0 and len(name) == 1:
            return None
        out = classify(doc, i, i + start) if start else []
        if name:
            # "Justice Stevens" is resolved like any single word, against "John Paul Stevens".
            person = make_mention(doc, PERSON if len(name) > 1 else SINGLE, name, i + rest, j)
            person.role = True
            out.append(person)
        return out + extra + tail
    return None


def _split_place_prefix(doc: Document, i: int, j: int) -> list[Mention] | None:
    """'Vermont Bernie Sanders' -> place + person; 'Mali Rose' stays one person."""
    lex, toks = doc.lexicon, doc.tokens
    for width in (2, 1):
        if j - i - width < 2:
            continue
        place = lex.place(" ".join(t.text for t in toks[i : i + width]))
        rest = tuple(t.text for t in toks[i + width : j])
        if place and place.tier == TIER_SURE and _name_like(lex, rest) and len(rest) <= 3:
            head = make_mention(
                doc, PLACE, tuple(t.text for t in toks[i : i + width]), i, i + width, place=place
            )
            return [head, make_mention(doc, PERSON, rest, i + width, j)]
    return None
