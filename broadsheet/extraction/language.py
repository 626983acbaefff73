"""Language of an article: declared by the page, else detected from script and stopwords."""

from __future__ import annotations

import re
from collections import Counter

from broadsheet.lib.languages import normalize_language

_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")

# Scripts that decide the language on their own (share of letters needed: see detect_language).
_SCRIPT_RANGES: dict[str, tuple[tuple[int, int], ...]] = {
    "ru": ((0x0400, 0x04FF),),
    "ar": ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    "he": ((0x0590, 0x05FF),),
    "el": ((0x0370, 0x03FF),),
    "hi": ((0x0900, 0x097F),),
    "th": ((0x0E00, 0x0E7F),),
    "ko": ((0xAC00, 0xD7AF), (0x1100, 0x11FF)),
    "kana": ((0x3040, 0x30FF),),
    "han": ((0x4E00, 0x9FFF), (0x3400, 0x4DBF)),
}

_SCRIPT_RES = {
    name: re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in ranges) + "]")
    for name, ranges in _SCRIPT_RANGES.items()
}
# Letters of any script but Latin (general punctuation such as curly quotes is left out).
_NON_LATIN_RE = re.compile(
    "[\u0370-\u1dff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufb1d-\ufdff\ufe70-\ufefe]"
)
_LETTER_RE = re.compile(r"[^\W\d_]")

_STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the and of to in is that for it was on with as by at from this be have are has "
        "not but or an they which were been their said would will his her its who after",
        "fr": "le la les des et est une un du que qui dans pour pas sur au aux avec ce il elle "
        "sont par plus ont été cette mais ses leur nous vous était fait",
        "es": "el la los las de y que en un una es por con para del se no al su sus como más "
        "pero fue ha este esta son entre también cuando muy sobre",
        "de": "der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch "
        "es an als nach wie bei noch wird sind aus hat wurde werden einer",
        "it": "il di che la e è un una per non in sono del della le dei gli con si da al alla "
        "anche come più nel ma ha questo delle degli sul",
        "pt": "o a os as de que e do da em um uma para com não por se mais dos das no na ao "
        "foi são como mas também seu sua pelo pela está",
        "nl": "de het een en van is dat op te zijn niet met voor in die aan er ook als bij om "
        "maar dan wordt werd door naar",
        "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke karena ada "
        "oleh sudah bisa atau mereka kami saat telah",
        "sv": "och att det som en på är av för med till den har inte om ett han var men de sig "
        "så kan vi från",
        "pl": "i w nie na się z że do to jest jak po co ale od za tak przez o są był już",
        "tr": "ve bir bu da de için ile çok daha olarak olan gibi ama en sonra kadar var ne",
    }.items()
}
# Each stopword with the languages it belongs to ("de" is Spanish, French, Portuguese...).
_STOPWORD_LANGS: dict[str, tuple[str, ...]] = {}
for _lang, _words in _STOPWORDS.items():
    for _word in _words:
        _STOPWORD_LANGS[_word] = (*_STOPWORD_LANGS.get(_word, ()), _lang)


def _script_counts(text: str) -> tuple[Counter[str], int]:
    """Letters per deciding script, and letters in all (for Latin-only text, 1 if any: no
    share is taken of it, and counting every letter was a fifth of the detection's cost)."""
    counts: Counter[str] = Counter()
    if not _NON_LATIN_RE.search(text):
        return counts, 1 if _LETTER_RE.search(text) else 0
    for name, pattern in _SCRIPT_RES.items():
        found = len(pattern.findall(text))
        if found:
            counts[name] = found
    return counts, len(_LETTER_RE.findall(text))


def detect_language(text: str) -> str | None:
    """Guess the language of a text: the script decides ru/ar/zh/ja/...; stopwords the rest."""
    return _detect(text)[0]


def _detect(text: str) -> tuple[str | None, dict[str, int], int]:
    """(language, stopword hits per language, words sampled)."""
    sample = text[:3000]
    counts, letters = _script_counts(sample)
    if not letters:
        return None, {}, 0
    if counts:
        name, top = counts.most_common(1)[0]
        if top >= 0.3 * letters:
            if name in ("kana", "han"):
                # Japanese mixes kana into kanji; Chinese has none.
                kana = counts["kana"] >= 0.05 * (counts["kana"] + counts["han"])
                return ("ja" if kana else "zh"), {}, 0
            return name, {}, 0
    words = [w.lower() for w in _WORD_RE.findall(sample)]
    if len(words) < 3:
        return None, {}, len(words)
    scores = dict.fromkeys(_STOPWORDS, 0)
    # Each distinct word is looked up once (eleven passes over the words cost 2 % of an
    # extraction).
    for word, count in Counter(words).items():
        for lang in _STOPWORD_LANGS.get(word, ()):
            scores[lang] += count
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] < max(2, 0.05 * len(words)):
        return None, scores, len(words)
    return best, scores, len(words)


def _is_sure(scores: dict[str, int], words: int, detected: str, declared: str) -> bool:
    """Stopwords leave no doubt: plenty of text, and far more hits than the declared language."""
    return (
        words >= 50
        and scores[detected] >= 0.15 * words
        and scores[detected] >= 3 * scores[declared]
    )


_CYRILLIC_LANGS = frozenset({"ru", "uk", "bg", "sr", "be", "kk", "mk", "ky", "tg", "mn"})
_ARABIC_SCRIPT_LANGS = frozenset({"ar", "fa", "ur", "ps", "ku", "sd", "ug"})


def choose_language(declared: list[str | None], text: str) -> str | None:
    """The declared language unless the text's script plainly contradicts it."""
    code = next((c for c in map(normalize_language, declared) if c), None)
    detected, scores, words = _detect(text) if text else (None, {}, 0)
    if code is None:
        return detected
    if detected and detected != code and code in scores and _is_sure(scores, words, detected, code):
        # Many templates declare the site's language on pages written in another one.
        return detected
    script_langs = {"ru", "ar", "he", "el", "hi", "th", "ko", "ja", "zh"}
    # CMS templates often ship lang="en" on every page; a Cyrillic body is not English.
    contradicts = detected is not None and detected != code
    if contradicts and (detected in script_langs or code in script_langs):
        # Our script test calls every Cyrillic text "ru" and every Arabic-script one "ar".
        same_script = (code in _CYRILLIC_LANGS and detected == "ru") or (
            code in _ARABIC_SCRIPT_LANGS and detected == "ar"
        )
        if not same_script:
            return detected
    return code
