"""What publishers write never runs in a reader's browser."""

from broadsheet.lib.html import html_to_paragraphs, html_to_text, sanitize_html


def test_sanitize_html_removes_scripts_handlers_and_dangerous_urls():
    dirty = (
        '<p onclick="x()">Hi<script>alert(1)</script></p>'
        '<a href="javascript:alert(1)">a</a><a href="/ok">b</a>'
        '<svg onload="alert(1)"><circle/></svg><img src=x onerror=alert(1)>'
    )
    clean = sanitize_html(dirty, base_url="https://pub.example/story")
    assert "script" not in clean and "onclick" not in clean and "onerror" not in clean
    assert "javascript:" not in clean and "<svg" not in clean
    assert 'href="https://pub.example/ok"' in clean
    assert 'rel="nofollow noopener noreferrer ugc"' in clean


def test_html_to_text_decodes_entities_and_keeps_word_boundaries():
    assert (
        html_to_text("<b>Breaking</b>&nbsp;news &amp; more<br>today")
        == "Breaking news & more today"
    )
    assert html_to_text("<p>one.</p><p>Two</p>") == "one. Two"


def test_html_to_paragraphs_keeps_paragraphs_apart():
    assert html_to_paragraphs("<p>First.</p><p>Second <i>one</i>.</p>") == "First.\n\nSecond one."
