"""Golden pages: every fixture in golden/ extracts to exactly what its .expected.json says.

A fixture is <name>.html beside <name>.expected.json with the keys:
  title, body (the text, or a list of paragraphs), authors, published (ISO or null),
  language, status; optionally url, feed_title, declared_charset (the .html file is
  then raw bytes decoded with lib/charset.decode_body, as the fetcher does), body_contains / body_excludes (substrings),
  image_url, canonical_url, updated, word_count_min, and none: true for pages without an
  article.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from broadsheet.extraction import extract_article
from broadsheet.lib.charset import decode_body

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(path.name.removesuffix(".expected.json") for path in GOLDEN.glob("*.expected.json"))


def test_there_are_enough_golden_pages() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("name", CASES)
def test_golden_page(name: str) -> None:
    expected = json.loads((GOLDEN / f"{name}.expected.json").read_text(encoding="utf-8"))
    raw = (GOLDEN / f"{name}.html").read_bytes()
    if "declared_charset" in expected:
        html = decode_body(raw, http_charset=expected["declared_charset"])
    else:
        html = raw.decode("utf-8")
    article = extract_article(html, expected.get("url"), feed_title=expected.get("feed_title"))
    if expected.get("none"):
        assert article is None
        return
    assert article is not None
    assert article.title == expected["title"]
    body = expected.get("body")
    if isinstance(body, list):
        assert article.paragraphs == body
    elif isinstance(body, str):
        assert article.text == body
    for fragment in expected.get("body_contains", []):
        assert fragment in article.text
    for fragment in expected.get("body_excludes", []):
        assert fragment not in article.text
        assert fragment not in article.title
    assert list(article.authors) == expected["authors"]
    published = article.published_at.isoformat() if article.published_at else None
    assert published == expected["published"]
    if "updated" in expected:
        updated = article.updated_at.isoformat() if article.updated_at else None
        assert updated == expected["updated"]
    assert article.language == expected["language"]
    assert article.status == expected["status"]
    if "image_url" in expected:
        assert article.image_url == expected["image_url"]
    if "canonical_url" in expected:
        assert article.canonical_url == expected["canonical_url"]
    if "word_count_min" in expected:
        assert article.word_count >= expected["word_count_min"]
    assert "\n\n\n" not in article.text
    assert article.text == article.text.strip()
