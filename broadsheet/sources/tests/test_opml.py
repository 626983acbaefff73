"""OPML import (safe, tolerant, per-outline errors) and export (OPML 2.0)."""

from __future__ import annotations

import pytest
from lxml import etree

from broadsheet.sources.opml import OpmlError, OpmlOutline, parse_opml, render_opml


def opml(body: str, *, head: str = "<head><title>Subs</title></head>") -> bytes:
    return f'<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0">{head}<body>\n{body}\n</body></opml>'.encode()


def test_parse_opml_reads_feed_outlines_with_titles_and_home_pages():
    result = parse_opml(
        opml(
            '<outline type="rss" text="Gazette" title="The Gazette"'
            ' xmlUrl="https://gazette.example/feed" htmlUrl="https://gazette.example/"/>'
        )
    )
    assert result.outlines == (
        OpmlOutline(
            feed_url="https://gazette.example/feed",
            title="The Gazette",
            home_url="https://gazette.example/",
            category=None,
        ),
    )
    assert result.errors == ()


def test_parse_opml_uses_text_when_title_is_missing():
    result = parse_opml(opml('<outline text="Only text" xmlUrl="https://a.example/feed"/>'))
    assert result.outlines[0].title == "Only text"


def test_parse_opml_uses_the_feed_url_when_an_outline_has_no_name():
    result = parse_opml(opml('<outline xmlUrl="https://a.example/feed"/>'))
    assert result.outlines[0].title == "https://a.example/feed"


def test_parse_opml_turns_folders_into_categories():
    result = parse_opml(
        opml(
            '<outline text="Tech"><outline text="A" xmlUrl="https://a.example/feed"/></outline>'
            '<outline text="B" xmlUrl="https://b.example/feed"/>'
        )
    )
    assert [(o.title, o.category) for o in result.outlines] == [("A", "Tech"), ("B", None)]


def test_parse_opml_joins_nested_folders_into_one_category_path():
    result = parse_opml(
        opml(
            '<outline text="Tech"><outline title="Python">'
            '<outline text="PyPI" xmlUrl="https://pypi.example/rss"/>'
            "</outline></outline>"
        )
    )
    assert result.outlines[0].category == "Tech / Python"


def test_parse_opml_reads_the_opml_2_category_attribute():
    result = parse_opml(
        opml('<outline text="A" xmlUrl="https://a.example/f" category="/World/Europe,/Other"/>')
    )
    assert result.outlines[0].category == "World / Europe"


def test_parse_opml_reports_an_outline_without_xml_url_by_line_and_keeps_the_rest():
    data = opml(
        '<outline text="Good" xmlUrl="https://good.example/feed"/>\n'
        '<outline text="Just a bookmark" htmlUrl="https://bookmark.example/"/>\n'
        '<outline text="Also good" xmlUrl="https://also.example/feed"/>'
    )
    result = parse_opml(data)
    assert [o.title for o in result.outlines] == ["Good", "Also good"]
    assert result.errors == ("line 4: outline 'Just a bookmark' has no xmlUrl, skipped",)


def test_parse_opml_reports_feed_urls_that_are_not_http():
    result = parse_opml(
        opml(
            '<outline text="Local" xmlUrl="file:///etc/passwd"/>\n'
            '<outline text="Relative" xmlUrl="/feed.xml"/>\n'
            '<outline text="Fine" xmlUrl="https://fine.example/feed"/>'
        )
    )
    assert [o.title for o in result.outlines] == ["Fine"]
    assert result.errors == (
        "line 3: outline 'Local' has an invalid xmlUrl (file:///etc/passwd), skipped",
        "line 4: outline 'Relative' has an invalid xmlUrl (/feed.xml), skipped",
    )


def test_parse_opml_reports_and_skips_duplicate_feeds():
    result = parse_opml(
        opml(
            '<outline text="A" xmlUrl="https://a.example/feed"/>\n'
            '<outline text="A again" xmlUrl="https://a.example/feed"/>'
        )
    )
    assert [o.title for o in result.outlines] == ["A"]
    assert result.errors == (
        "line 4: outline 'A again' (https://a.example/feed) is a duplicate of line 3, skipped",
    )


def test_parse_opml_files_the_same_feed_in_each_of_its_folders():
    result = parse_opml(
        opml(
            '<outline text="Tech"><outline text="A" xmlUrl="https://a.example/f"/></outline>\n'
            '<outline text="Work"><outline text="A" xmlUrl="https://a.example/f"/></outline>'
        )
    )
    assert [(o.feed_url, o.category) for o in result.outlines] == [
        ("https://a.example/f", "Tech"),
        ("https://a.example/f", "Work"),
    ]
    assert result.errors == ()


def test_a_malformed_outline_is_reported_by_its_title_and_feed_url():
    data = opml(
        '<outline text="Good" xmlUrl="https://good.example/feed"/>\n'
        '<outline text="Broken Blog" xmlUrl="https://broken.example/rss" <oops/>\n'
        '<outline text="Also good" xmlUrl="https://also.example/feed"/>'
    )
    result = parse_opml(data)
    assert "https://good.example/feed" in {o.feed_url for o in result.outlines}
    [message, *_] = result.errors
    assert message.startswith("line 4: outline 'Broken Blog' (https://broken.example/rss): ")
    assert message.endswith("(skipped)") or message.endswith("(read anyway)")


def test_a_huge_opml_is_refused_whole():
    body = "".join(
        f'<outline text="F{i}" xmlUrl="https://s{i}.example/f"/>' for i in range(100_000)
    )
    with pytest.raises(OpmlError, match="too many outlines: more than 10,000"):
        parse_opml(opml(body))


def test_folders_nested_a_thousand_deep_are_refused_whole():
    body = '<outline text="f">' * 1000 + '<outline text="x" xmlUrl="https://a.example/f"/>'
    with pytest.raises(OpmlError, match="nested deeper than 32 levels"):
        parse_opml(opml(body + "</outline>" * 1000))


def test_a_file_over_the_size_limit_is_refused_before_parsing():
    with pytest.raises(OpmlError, match="larger than 10 MB"):
        parse_opml(opml("<!--" + "x" * (10 * 1024 * 1024) + "-->"))


def test_parse_opml_accepts_attribute_names_in_any_case():
    result = parse_opml(
        opml('<outline TEXT="Shout" XMLURL="https://a.example/f" htmlurl="https://a.example/"/>')
    )
    assert result.outlines[0] == OpmlOutline(
        feed_url="https://a.example/f", title="Shout", home_url="https://a.example/", category=None
    )


def test_parse_opml_turns_feed_scheme_urls_into_http():
    result = parse_opml(opml('<outline text="Old" xmlUrl="feed://old.example/rss"/>'))
    assert result.outlines[0].feed_url == "http://old.example/rss"


def test_parse_opml_drops_a_home_url_that_is_not_http():
    result = parse_opml(
        opml('<outline text="A" xmlUrl="https://a.example/f" htmlUrl="javascript:alert(1)"/>')
    )
    assert result.outlines[0].home_url is None


def test_parse_opml_repairs_bare_ampersands_and_html_entities():
    result = parse_opml(
        opml('<outline text="News & Caf&eacute;" xmlUrl="https://a.example/f?x=1&y=2"/>')
    )
    assert (result.outlines[0].title, result.outlines[0].feed_url) == (
        "News & Café",
        "https://a.example/f?x=1&y=2",
    )


def test_parse_opml_keeps_outlines_before_a_syntax_error_and_reports_it():
    data = opml('<outline text="A" xmlUrl="https://a.example/f"/>\n<outline text="B" <broken')
    result = parse_opml(data)
    assert [o.feed_url for o in result.outlines] == ["https://a.example/f"]
    assert result.errors and result.errors[0].startswith("line ")


def test_parse_opml_reads_a_byte_order_mark_and_latin_1_declaration():
    data = '<?xml version="1.0" encoding="iso-8859-1"?><opml><body><outline text="Café" xmlUrl="https://c.example/f"/></body></opml>'
    result = parse_opml(b"\xef\xbb\xbf" + data.encode("utf-8").replace(b"iso-8859-1", b"utf-8"))
    assert result.outlines[0].title == "Café"
    assert parse_opml(data.encode("latin-1")).outlines[0].title == "Café"


def test_parse_opml_refuses_external_entities_without_reading_the_file():
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        b'<opml version="2.0"><body><outline text="&xxe;" xmlUrl="https://a.example/f"/></body></opml>'
    )
    with pytest.raises(OpmlError, match="declares XML entities") as raised:
        parse_opml(data)
    assert "root:" not in str(raised.value)


def test_parse_opml_refuses_billion_laughs_before_any_parser_sees_it(monkeypatch):
    declarations = "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    data = (
        f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY lol0 "lol">{declarations}]>'
        '<opml><body><outline text="&lol9;" xmlUrl="https://a.example/f"/></body></opml>'
    ).encode()
    # Nothing is expanded whatever the machine's speed: no XML parser ever runs on it.
    parsers: list[str] = []
    for name in ["fromstring", "XMLParser"]:
        real = getattr(etree, name)
        monkeypatch.setattr(
            etree, name, lambda *a, real=real, name=name, **k: parsers.append(name) or real(*a, **k)
        )
    with pytest.raises(OpmlError, match="declares XML entities"):
        parse_opml(data)
    assert parsers == []


def test_parse_opml_rejects_a_document_that_is_not_opml():
    with pytest.raises(OpmlError, match="root element is <rss>"):
        parse_opml(b'<rss version="2.0"><channel/></rss>')


def test_parse_opml_rejects_an_opml_without_body():
    with pytest.raises(OpmlError, match="no <body>"):
        parse_opml(b'<opml version="2.0"><head/></opml>')


def test_parse_opml_rejects_an_empty_document():
    with pytest.raises(OpmlError, match="empty document"):
        parse_opml(b"  \n")


def test_parse_opml_rejects_unreadable_bytes():
    with pytest.raises(OpmlError):
        parse_opml(b"\x00\x01 not xml at all")


def test_render_opml_writes_an_opml_2_0_document():
    root = etree.fromstring(render_opml([], title="My subscriptions"))
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title") == "My subscriptions"
    assert root.findtext("head/dateCreated")
    assert root.find("body") is not None


def test_render_opml_writes_one_outline_per_feed():
    data = render_opml(
        [OpmlOutline("https://a.example/f", "A", "https://a.example/", None)], title="Subs"
    )
    outline = etree.fromstring(data).find("body/outline")
    assert dict(outline.attrib) == {
        "type": "rss",
        "text": "A",
        "title": "A",
        "xmlUrl": "https://a.example/f",
        "htmlUrl": "https://a.example/",
    }


def test_render_opml_escapes_markup_characters():
    outline = OpmlOutline('https://a.example/f?x=1&y="2"', "Tom & Jerry <3", None, "R&D")
    data = render_opml([outline], title="<Mine> & yours")
    assert b"Tom &amp; Jerry &lt;3" in data
    assert b"x=1&amp;y=&quot;2&quot;" in data
    assert parse_opml(data).outlines == (outline,)


def test_render_opml_groups_feeds_into_nested_category_folders():
    data = render_opml(
        [
            OpmlOutline("https://a.example/f", "A", None, "Tech / Python"),
            OpmlOutline("https://b.example/f", "B", None, "Tech"),
            OpmlOutline("https://c.example/f", "C", None, "Tech / Python"),
        ],
        title="Subs",
    )
    body = etree.fromstring(data).find("body")
    tech = body.find("outline")
    assert len(body) == 1 and tech.get("text") == "Tech"
    python = tech.find("outline")
    assert python.get("text") == "Python"
    assert [o.get("text") for o in python] == ["A", "C"]


def test_render_opml_round_trips_through_parse_opml():
    outlines = (
        OpmlOutline("https://a.example/f", "A", "https://a.example/", "Tech / Python"),
        OpmlOutline("https://b.example/f", "B", None, None),
        OpmlOutline("https://c.example/f", "Caf\u00e9 \u201cC\u201d", None, "World"),
    )
    assert parse_opml(render_opml(outlines, title="Subs")).outlines == outlines


def test_render_opml_drops_characters_xml_cannot_hold():
    data = render_opml(
        [OpmlOutline("https://a.example/f", "Bad\x01title", None, None)], title="x\x0b"
    )
    assert parse_opml(data).outlines[0].title == "Badtitle"
