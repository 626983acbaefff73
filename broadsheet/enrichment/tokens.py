"""Tokens, sentence starts and capitalised-sequence candidates for the entity rules."""

from __future__ import annotations

import re
from dataclasses import dataclass

from broadsheet.enrichment.lexicon import Lexicon

# A run of plain lowercase words is one token (most of a text, and the rules only
# ever look at its first and last words; the possessive "*+" keeps the scan linear,
# and a run that would end in "one-" falls back to single words); then dotted
# acronyms (U.S.), "&" alone, numbers, and words with inner apostrophes, hyphens
# and ampersands (O'Donnell, al-Assad, AT&T, COVID-19).
_TOKEN = re.compile(
    r"(?P<run>[a-z]+(?: [a-z]+)*+)(?![\w'’&-])"
    r"|(?:[A-Z]\.){2,}|&|\d+(?:[.,]\d+)*[^\W_]*|[^\W\d_][\w]*(?:['’\-&][\w]+)*"
)
_SENTENCE_END = re.compile(r"[.!?\n]")
_OPENERS = re.compile(r"[\"“‘(\[:;—–]")
# Abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS = frozenset({
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr", "Inc", "Ltd", "Co", "Corp", "Gen", "Sen",
    "Rep", "Gov", "Lt", "Col", "Sgt", "Capt", "Rev", "Mt", "Ft", "No", "Nos", "Vs", "vs", "Jan",
    "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Maj", "Adm",
    "Hon", "Mme",
})  # fmt: skip
MAX_SPAN = 10
_ELIDED = re.compile(r"[lLdD]['’](?=[^\W\d_])(?=[A-ZÀ-Þ])")  # French elided article before a name


@dataclass(slots=True)
class Token:
    """One word: its text (possessive 's removed), offsets and position facts."""

    text: str
    start: int
    end: int
    sentence: int
    initial: bool  # first word of a sentence, or just after a quote, bracket or colon
    cap: bool  # starts with a capital (or a particle + capital: al-Assad)
    possessive: bool = False


def tokenize(text: str, lexicon: Lexicon) -> list[Token]:
    """Split text into tokens, marking sentence starts and capitalised words.

    A run of plain lowercase words ("has secured two large orders") is one token;
    ``first_word`` and ``Document.lower_before`` read into it.
    """
    tokens: list[Token] = []
    append = tokens.append
    sentence = 0
    prev_end = 0
    pending_break = False
    for match in _TOKEN.finditer(text):
        word = match.group()
        start, end = match.span()
        gap = text[prev_end:start]
        if gap == " " and tokens and not pending_break:
            initial = False  # the common case, decided without a regex
        elif not tokens or pending_break or _SENTENCE_END.search(gap):
            initial = True
            sentence += bool(tokens)
        else:
            # "((WN)) Do you...": an interview's speaker tag opens a sentence too.
            initial = bool(_OPENERS.search(gap)) or "))" in gap
        pending_break = False
        prev_end = end
        if match.lastgroup == "run":
            if gap == " " and tokens and tokens[-1].cap and not initial:
                head, _, rest = word.partition(" ")
                if head in lexicon.place_suffixes or head == "party":
                    # "Heathrow airport", "the Democratic party": the word may join the name.
                    append(Token(head, start, start + len(head), sentence, False, False))
                    if rest:
                        append(Token(rest, start + len(head) + 1, end, sentence, False, False))
                    continue
            append(Token(word, start, end, sentence, initial, False))
            continue
        possessive = False
        if word.endswith(("'s", "’s")) and len(word) > 3:
            word, end, possessive = word[:-2], end - 2, True
            prev_end = end
        if "-" in word:
            word, start = _trim_hyphen(word, start, lexicon)
        if _ELIDED.match(word) and lexicon.language != "en":
            word, start = word[2:], start + 2  # "l'Assemblée", "d'Al Haouz", "l'OTAN"
        if end < len(text) and text[end] == "." and (word in _ABBREVIATIONS or _is_initial(word)):
            word, end = word + ".", end + 1
            prev_end = end
        if word.endswith(".") and len(word) > 2:
            # "in the U.S. The ..." is two sentences; "Michael R. Golden" is not.
            pending_break = _next_is_common(text, end)
        cap = _is_capitalised(word, lexicon)
        if cap and gap == " " and len(tokens) > 1:
            _split_connectors(tokens, lexicon)
        append(Token(word, start, end, sentence, initial, cap, possessive))
    return tokens


def _split_connectors(tokens: list[Token], lexicon: Lexicon) -> None:
    """'University of the West': the run 'of the' between capitals becomes two connectors."""
    run, before = tokens[-1], tokens[-2]
    if run.cap or not before.cap or " " not in run.text:
        return
    first, _, second = run.text.partition(" ")
    if " " in second or first not in lexicon.connectors or second not in lexicon.connectors:
        return
    middle = run.start + len(first)
    tokens[-1:] = [
        Token(first, run.start, middle, run.sentence, False, False),
        Token(second, middle + 1, run.end, run.sentence, False, False),
    ]


def first_word(token: Token) -> str:
    """The first word of a token (a lowercase run holds several)."""
    return token.text.partition(" ")[0]


def _is_initial(word: str) -> bool:
    return len(word) == 1 and word.isupper()


# Words that, capitalised after "U.S." or "Jr.", start a new sentence ("Day" does not).
_SENTENCE_STARTERS = frozenset({
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "this", "that", "these", "those",
    "but", "and", "in", "on", "at", "however", "there", "his", "her", "their", "its", "our",
    "after", "before", "when", "while", "if", "as", "also", "meanwhile",
})  # fmt: skip


def _next_is_common(text: str, end: int) -> bool:
    nxt = _TOKEN.search(text, end)
    return bool(nxt and nxt.group()[:1].isupper() and nxt.group().casefold() in _SENTENCE_STARTERS)


def _trim_hyphen(word: str, start: int, lexicon: Lexicon) -> tuple[str, int]:
    """'pro-Beijing' -> 'Beijing'; 'US-built' -> 'US'; 'al-Assad' stays whole."""
    head, _, rest = word.partition("-")
    if head.islower() and head in lexicon.hyphen_prefixes and rest[:1].isupper():
        return rest, start + len(head) + 1
    parts = word.split("-")
    if parts[0][:1].isupper() and parts[-1] in _HYPHEN_TAILS:
        keep = [p for p in parts if not p.islower()]
        return "-".join(keep) if keep else word, start
    return word, start


# "US-built", "Taliban-led": the name is the capitalised part; "Won-soon" is a name.
_HYPHEN_TAILS = frozenset({
    "built", "led", "backed", "based", "born", "owned", "made", "run", "funded", "linked",
    "style", "era", "bound", "wide", "sponsored", "allied", "controlled", "dominated",
    "affiliated", "like", "type", "only", "related", "specific", "held", "bred", "trained",
    "educated", "listed", "registered", "flagged", "area", "region", "centric",
})  # fmt: skip


def _is_capitalised(word: str, lexicon: Lexicon) -> bool:
    if word[:1].isupper():
        return True
    if "-" not in word:
        return False
    head, _, rest = word.partition("-")
    return bool(rest) and head.casefold() in lexicon.name_particles and rest[:1].isupper()


def is_acronym(word: str) -> bool:
    """GM, UAW, TfL, U.S. — short words whose capitals carry the meaning."""
    letters = word.replace(".", "").replace("&", "")
    if not 2 <= len(letters) <= 7 or not letters.isalnum() or not letters[0].isupper():
        return False
    capitals = sum(c.isupper() for c in letters)
    return capitals >= 2 and (letters.isupper() or capitals >= len(letters) - 1)


def _ends_company(suffix: Token, after: Token, lexicon: Lexicon) -> bool:
    """A company suffix ("Inc.", "Ltd") followed by a given name starts a new name."""
    word = suffix.text.rstrip(".")
    return word in {"Inc", "Ltd", "Corp", "Co", "LLC", "plc", "PLC"} and after.text in (
        lexicon.given_names
    )


def find_spans(tokens: list[Token], text: str, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Maximal runs of capitalised tokens, joined by 'of', 'for', 'and', 'al' and the like.

    Runs stop at punctuation other than a single space, and a lowercase place
    word right after a run ('Heathrow airport') is taken into it, as is 'party'
    ('the Democratic party').
    """
    spans: list[tuple[int, int]] = []
    i, n = 0, len(tokens)
    while i < n:
        if not tokens[i].cap:
            i += 1
            continue
        j = i + 1
        while j < n and j - i < MAX_SPAN and _joined(tokens[j - 1], tokens[j], text):
            if tokens[j].cap:
                if _ends_company(tokens[j - 1], tokens[j], lexicon):
                    break  # "Apple Inc. Steve Jobs": the company ends at its suffix
                j += 1
                continue
            k = j
            while k < n and k - j < 2 and tokens[k].text in lexicon.connectors:
                if not _joined(tokens[k - 1], tokens[k], text):
                    break
                k += 1
            # "the" joins only after "of"/"for"/"and": not "told Twitter the Federal ...".
            lone_the = k == j + 1 and tokens[j].text == "the"
            if (
                k > j
                and k < n
                and not lone_the
                and tokens[k].cap
                and _joined(tokens[k - 1], tokens[k], text)
            ):
                j = k + 1
                continue
            break
        if (
            j < n
            and tokens[j].text.islower()
            and (tokens[j].text in lexicon.place_suffixes or tokens[j].text == "party")
            and _joined(tokens[j - 1], tokens[j], text)
        ):
            j += 1
        spans.append((i, j))
        i = j
    return _join_possessive_names(spans, tokens, text, lexicon)


def _join_possessive_names(
    spans: list[tuple[int, int]], tokens: list[Token], text: str, lexicon: Lexicon
) -> list[tuple[int, int]]:
    """ "Army's Research and Referral Hospital" is one name: a possessive then an org name."""
    out: list[tuple[int, int]] = []
    for span in spans:
        if out:
            a, b = out[-1]
            c, d = span
            if (
                c == b
                and tokens[b - 1].possessive
                and tokens[d - 1].text in lexicon.org_suffixes
                and d - c > 1
                and text[tokens[b - 1].end : tokens[c].start] in ("'s ", "’s ")
            ):
                out[-1] = (a, d)
                continue
        out.append(span)
    return out


def _joined(left: Token, right: Token, text: str) -> bool:
    """Two tokens belong to one name only if a single space (or nothing) separates them."""
    if left.possessive:
        return False
    gap = text[left.end : right.start]
    return gap in (" ", "") and left.sentence == right.sentence
