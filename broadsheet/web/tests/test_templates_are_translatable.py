"""No page template shows English text that bypasses the translation machinery.

test_translations.py checks that every *marked* string is translated; this one finds text
that was never marked: words left between tags, and literal alt/title/placeholder/aria-label
attributes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(
    path
    for path in PACKAGE.glob("*/templates/**/*.html")
    if "tests" not in path.parts and path.parent.name != "admin"
)

_BLOCKS = re.compile(
    r"{%\s*(blocktranslate|blocktrans|comment)\b.*?%}.*?{%\s*end(blocktranslate|blocktrans|comment)\s*%}",
    re.S,
)
_TAGS = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
_HTML = re.compile(r"<[^>]*>", re.S)
_ATTRS = re.compile(r"""\b(alt|title|placeholder|aria-label|label)\s*=\s*(["'])(.*?)\2""", re.S)
_WORD = re.compile(r"[^\W\d_]{2,}")
# Names of things that are the same in every language.
_NAMES = re.compile(r"\b(RSS|Atom|JSON Feed)\b")


def untranslated_text(source: str) -> list[str]:
    """Words in a template that are neither in a translate tag nor a template expression."""
    source = _NAMES.sub(" ", _SCRIPT.sub(" ", _BLOCKS.sub(" ", source)))
    found = []
    for _, _, value in _ATTRS.findall(source):
        if _WORD.search(_TAGS.sub(" ", value)):
            found.append(value.strip())
    text = _HTML.sub(" ", _TAGS.sub(" ", source))
    found += [line.strip() for line in text.splitlines() if _WORD.search(line)]
    return found


def test_the_check_finds_unmarked_text_and_accepts_marked_text():
    marked = '{% translate "Hi" %}<img alt="{% translate \'Map\' %}"> {{ name }} · <a>#</a>'
    assert untranslated_text(marked) == []
    assert untranslated_text("<p>Hello {{ name }}</p>") == ["Hello"]
    assert untranslated_text('<input placeholder="Search">') == ["Search"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_template_marks_all_its_text_for_translation(template):
    assert untranslated_text(template.read_text(encoding="utf-8")) == []
