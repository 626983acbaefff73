"""The HTML helpers never raise, and the feed parsers built on them never fail an item.

Fuzzed with the characters that broke them (C0 controls, NUL, lone surrogates, U+FFFE,
their entities) around the elements lxml handles specially (script, style, template).
"""

from __future__ import annotations

import json
from xml.sax.saxutils import escape

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from broadsheet.feeds.parse import FeedParseError, parse_feed
from broadsheet.ingest.pipeline import build_draft
from broadsheet.lib.html import fragment_to_text, html_to_paragraphs, html_to_text, sanitize_html

HELPERS = [html_to_text, html_to_paragraphs, fragment_to_text, sanitize_html]

_NASTY_CHARS = [chr(c) for c in (*range(0x00, 0x20), 0x7F, 0x85, 0xD800, 0xDFFF, 0xFFFE, 0xFFFF)]
_PIECES = [
    *("<script>", "</script>", "<style>", "</style>", "<template>", "</template>"),
    *("<noscript>", "</noscript>", "<p>", "</p>", "<div>", "</div>", "<li>", "<br>"),
    *("<![CDATA[", "]]>", "<!--", "-->", "<?xml ?>", "<", ">", "&", "&#", ";", "&#11;"),
    *("&#0;", "&#xD800;", "&#xFFFE;", "&amp;", "<a href='javascript:x'>", "</a>", "text"),
    *_NASTY_CHARS,
]
markup = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=4)), max_size=40).map(
    "".join
)
# Control characters placed right after an invisible element: the reported poison's shape.
poison = st.builds(
    lambda tag, before, control, after: f"{before}<{tag}>a</{tag}>{control}{after}",
    st.sampled_from(["script", "style", "template", "noscript"]),
    markup,
    st.sampled_from([*_NASTY_CHARS, "&#11;", "&#0;", "&#xD800;", "&#1;"]),
    markup,
)
FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _xml_safe(text: str) -> bool:
    return all(
        c in "\t\n\r" or 0x20 <= ord(c) < 0xD800 or 0xE000 <= ord(c) < 0xFFFE or ord(c) > 0xFFFF
        for c in text
    )


@pytest.mark.parametrize("helper", HELPERS, ids=lambda h: h.__name__)
@given(text=st.one_of(markup, poison))
@FUZZ
def test_html_helpers_return_xml_safe_text_for_any_input(helper, text: str) -> None:
    out = helper(text)
    assert isinstance(out, str)
    assert _xml_safe(out)


@pytest.mark.parametrize("helper", HELPERS, ids=lambda h: h.__name__)
def test_deep_nesting_and_the_reported_poison_do_not_raise(helper) -> None:
    assert "Hello" in helper("<p>Hello</p><script>a</script>&#11;")
    assert "a" not in helper("<p>Hello</p><script>a</script>&#11;").replace("Hello", "")
    helper("<div>" * 20_000 + "deep" + "</div>" * 20_000)
    helper("<p>" + "<b>" * 5_000 + "x")


def test_script_text_never_reaches_plain_text() -> None:
    for text in ("<p>x</p><script>secret()</script>&#11;tail", "<style>secret</style>&#0;tail"):
        assert "secret" not in html_to_text(text)
        assert "secret" not in html_to_paragraphs(text)
        assert "tail" in html_to_text(text)


def _rss(content: str) -> bytes:
    item = (
        "<item><title>t</title><link>https://example.org/a</link>"
        f"<description><![CDATA[{content.replace(']]>', '')}]]></description>"
        f"<content:encoded>{escape(content)}</content:encoded></item>"
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>f</title>'
        f"{item}</channel></rss>"
    ).encode("utf-8", errors="surrogatepass")


def _json(content: str) -> bytes:
    item = {"id": "1", "url": "https://example.org/a", "title": content, "content_html": content}
    document = {"version": "https://jsonfeed.org/version/1.1", "title": "f", "items": [item]}
    return json.dumps(document).encode()


@pytest.mark.parametrize("render", [_rss, _json], ids=["rss", "json"])
@given(text=st.one_of(markup, poison))
@FUZZ
def test_feed_parsers_through_the_helpers_parse_or_refuse_cleanly(render, text: str) -> None:
    try:
        parsed = parse_feed(render(text), url="https://example.org/feed")
    except FeedParseError:
        return  # refusing a broken document is fine; raising anything else is not
    for entry in parsed.entries:
        draft = build_draft(
            entry, url="https://example.org/a", key="k", extracted=None, now=timezone.now()
        )
        assert _xml_safe(draft.body) and _xml_safe(draft.summary) and _xml_safe(draft.title)
