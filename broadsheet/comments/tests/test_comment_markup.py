"""Comment Markdown: a small subset, and nothing typed can run in a reader's browser."""

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from broadsheet.accounts.tests.people import make_reader
from broadsheet.comments import services
from broadsheet.comments.markup import count_links, render_comment
from broadsheet.lib.testing.safety import executable_parts

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "[click](javascript:alert(3))",
    "[click](JaVaScRiPt:alert(3))",
    '[x](https://ok.example/" onmouseover="alert(4))',
    "![img](https://evil.example/x.png)",
    '<a href="javascript:alert(5)">a</a>',
    "<svg onload=alert(6)>",
    "<iframe src=https://evil.example></iframe>",
    '<p style="x" onclick="alert(7)">p</p>',
    "`<script>alert(8)</script>`",
    "**<b onmouseover=alert(9)>b</b>**",
    "[`<img src=x onerror=alert(10)>`](https://a.example)",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "\x000\x00 <script>",
]


def test_the_subset_renders_emphasis_code_links_quotes_and_paragraphs():
    html = render_comment(
        "**Bold** and *italic* and `a*b*c`\nnext line\n\n> quoted\n> more\n\n"
        "[the report](https://harbour.example/r?a=1&b=2)"
    )
    assert "<strong>Bold</strong>" in html and "<em>italic</em>" in html
    assert "<code>a*b*c</code>" in html and "next line" in html and "<br>" in html
    assert "<blockquote><p>quoted<br>more</p></blockquote>" in html
    assert 'href="https://harbour.example/r?a=1&amp;b=2"' in html
    assert html.count("<p>") == 3


def test_links_are_marked_nofollow_ugc_noopener():
    html = render_comment("[site](https://harbour.example/)")
    rel = html.split('rel="')[1].split('"')[0].split()
    assert {"nofollow", "ugc", "noopener"} <= set(rel)


def test_emphasis_inside_a_url_does_not_break_the_link():
    html = render_comment("[x](https://a.example/*b*/_c_) and *d*")
    assert 'href="https://a.example/*b*/_c_"' in html and "<em>d</em>" in html


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_input_produces_nothing_executable(source):
    html = render_comment(source)
    assert executable_parts(f"<html><body>{html}</body></html>") == []
    tree = lxml_html.fragment_fromstring(html, create_parent="div")
    assert tree.xpath("//script|//img|//iframe|//svg|//*[@style]") == []
    assert all(a.get("href", "").startswith("https://") for a in tree.iter("a"))


@given(st.text(alphabet=st.sampled_from(list("<>\"'`*[]()!:/=&;\n abjsx-")), max_size=80))
@settings(max_examples=300, deadline=None)
def test_no_mix_of_markup_characters_produces_executable_output(source):
    html = render_comment("[a](https://x.example/" + source + ") " + source)
    assert executable_parts(f"<html><body>{html}</body></html>") == []


def test_count_links_counts_web_addresses():
    assert count_links("a https://x.example b HTTP://y.example [c](https://z.example)") == 3


@pytest.mark.django_db
def test_hostile_comments_and_names_render_safely_on_the_page(article, monkeypatch):
    monkeypatch.setattr(services, "USER_PER_MINUTE", len(HOSTILE))
    author = make_reader('Eve<script>alert(1)</script><b onclick="alert(2)">')
    for source in HOSTILE:
        services.add_comment(article, author=author, body=source + " " + str(len(source)))
    viewer = make_reader("Ben")
    client = Client()
    client.force_login(viewer)
    html = client.get(f"/en/article/{article.public_id}").content.decode()
    assert "Eve&lt;script&gt;" in html
    assert executable_parts(html) == []
