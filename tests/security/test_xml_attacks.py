"""XML attacks in feeds and OPML: no local file is read, nothing is fetched, memory stays bounded.

Each attack is written into every XML format we read (RSS 2.0, RDF, Atom, OPML), in UTF-8 and
UTF-16 (so a byte-level check for "<!ENTITY" cannot be the only defence). A secret file holds a
random token that must never come back; external references point at the trap listeners,
which must see no connection. Our own XML output (feeds out, sitemaps) is checked in
test_xss_pages.py, where hostile stored text is rendered.
"""

from __future__ import annotations

import resource
import secrets

import pytest

from broadsheet.articles.models import Article
from broadsheet.feeds.parse import FeedParseError, parse_feed
from broadsheet.ingest.jobs import poll_feed
from broadsheet.sources.models import Feed, Source
from broadsheet.sources.opml import OpmlError, parse_opml
from tests.security.servers import Reply

LAUGHS = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i else "lol"}">' for i in range(10))


def attacks(secret_path: str, trap_url: str) -> dict[str, tuple[str, str]]:
    """name -> (DOCTYPE or prolog, text placed in a field): each a known XML attack."""
    file_url = f"file://{secret_path}"
    return {
        "xxe-file": (f'<!DOCTYPE r [<!ENTITY xxe SYSTEM "{file_url}">]>', "&xxe;"),
        "xxe-public-id": (f'<!DOCTYPE r [<!ENTITY xxe PUBLIC "-//x" "{file_url}">]>', "&xxe;"),
        "xxe-parameter-entity": (
            f'<!DOCTYPE r [<!ENTITY % p SYSTEM "{trap_url}/evil.dtd"> %p;]>',
            "&exfil;",
        ),
        "external-dtd": (f'<!DOCTYPE r SYSTEM "{trap_url}/external.dtd">', "&ext;"),
        "external-dtd-public": (f'<!DOCTYPE r PUBLIC "-//x//EN" "{trap_url}/p.dtd">', "&ext;"),
        "billion-laughs": (f"<!DOCTYPE r [{LAUGHS}]>", "&lol9;"),
        "quadratic-blowup": (
            '<!DOCTYPE r [<!ENTITY a "' + "A" * 50_000 + '">]>',
            "&a;" * 2_000,
        ),
        "xinclude": (
            "",
            f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{file_url}" '
            'parse="text"/>',
        ),
        "stylesheet-pi": (f'<?xml-stylesheet type="text/xsl" href="{trap_url}/x.xsl"?>', "t"),
        "undefined-entity": ("", "&xxe; &lol9;"),
        "junk-before-doctype": (
            f'Warning: x in y.php\n<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM '
            f'"{file_url}">]>',
            "&xxe;",
        ),
    }


def rss(prolog: str, text: str) -> str:
    return (
        f'{prolog}<rss version="2.0"><channel><title>T {text}</title><link>http://n.example/</link>'
        f"<item><title>A {text}</title><link>http://n.example/a</link><guid>g1</guid>"
        f"<author>{text}</author><description>{text}</description></item></channel></rss>"
    )


def atom(prolog: str, text: str) -> str:
    return (
        f'{prolog}<feed xmlns="http://www.w3.org/2005/Atom"><title>T {text}</title>'
        f"<id>urn:f</id><entry><id>urn:e1</id><title>A {text}</title>"
        f'<link href="http://n.example/a"/><author><name>{text}</name></author>'
        f'<content type="html">{text}</content></entry></feed>'
    )


def rdf(prolog: str, text: str) -> str:
    return (
        f'{prolog}<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        f'xmlns="http://purl.org/rss/1.0/"><channel><title>T {text}</title></channel>'
        f"<item><title>A {text}</title><link>http://n.example/a</link>"
        f"<description>{text}</description></item></rdf:RDF>"
    )


def opml(prolog: str, text: str) -> str:
    return (
        f'{prolog}<opml version="2.0"><head><title>{text}</title></head><body>'
        f'<outline type="rss" text="A {text}" xmlUrl="http://n.example/feed"/></body></opml>'
    )


FORMATS = {"rss": rss, "atom": atom, "rdf": rdf}


@pytest.fixture
def secret(tmp_path) -> tuple[str, str]:
    token = "SECRET-" + secrets.token_hex(12)
    path = tmp_path / "secret.txt"
    path.write_text(token + "\n")
    return str(path), token


def encodings(document: str) -> list[bytes]:
    declared = document if document.startswith("<?xml") else '<?xml version="1.0"?>' + document
    utf16 = declared.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-16"?>')
    return [document.encode("utf-8"), utf16.encode("utf-16")]


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.parametrize("kind", ["rss", "atom", "rdf", "opml"])
def test_xml_attacks_read_no_file_fetch_nothing_and_stay_small(kind, secret, trap):
    path, token = secret
    trap_url = f"http://127.0.0.1:{trap.port}"
    before = peak_rss_mib()
    for name, (prolog, text) in attacks(path, trap_url).items():
        for data in encodings((opml if kind == "opml" else FORMATS[kind])(prolog, text)):
            try:
                parsed = parse_opml(data) if kind == "opml" else parse_feed(data, url=trap_url)
            except (FeedParseError, OpmlError):
                continue
            # Whatever declares entities is refused outright: nothing is ever expanded, so no
            # attack costs time (bounded with no clock) or memory (measured below).
            assert "<!ENTITY" not in prolog, name
            shown = repr(parsed)
            assert token not in shown, name
            assert "lollollol" not in shown, name
            assert len(shown) < 200_000, name
    assert peak_rss_mib() - before < 100
    assert trap.accepted() == 0
    assert trap.private_connects() == []


def test_entity_declarations_are_refused_outright(secret):
    path, _ = secret
    doctype = f'<!DOCTYPE r [<!ENTITY xxe SYSTEM "file://{path}">]>'
    for render in FORMATS.values():
        with pytest.raises(FeedParseError, match="entities"):
            parse_feed(render(doctype, "&xxe;").encode(), url="http://n.example/")
    with pytest.raises(OpmlError, match="entities"):
        parse_opml(opml(doctype, "&xxe;").encode())


def test_hostile_feeds_ingested_leave_no_secret_in_the_database(
    db, secret, ingest_context, public_site, trap
):
    path, token = secret
    port = trap.port
    source = Source.objects.create(name="X", slug="x", home_url="http://news.example/")
    for name, (prolog, text) in attacks(path, f"http://127.0.0.1:{port}").items():
        for kind, render in FORMATS.items():
            public_site.routes[f"/{kind}/{name}"] = Reply(
                render(prolog, text).encode(), "application/xml"
            )
            Feed.objects.create(source=source, url=f"http://news.example:{port}/{kind}/{name}")
    for feed in Feed.objects.all():
        poll_feed(feed.pk, context=ingest_context)
    stored = list(Article.objects.values_list("title", "author", "summary", "body"))
    assert stored, "the harmless variants (PI, undefined entities) still ingest"
    assert not any(token in str(row) for row in stored)
    assert not any(token in f.title + f.last_error for f in Feed.objects.all())
    assert trap.accepted() == 0
    assert trap.private_connects() == []


def test_utf16_opml_is_repaired_and_its_entities_refused(secret):
    path, _ = secret
    declaration = '<?xml version="1.0" encoding="utf-16"?>'
    # A bare ampersand sends the file down the repair path, which once read it as UTF-8.
    readable = parse_opml((declaration + opml("", "Tom & Jerry")).encode("utf-16"))
    assert [o.title for o in readable.outlines] == ["A Tom & Jerry"]
    doctype = f'<!DOCTYPE r [<!ENTITY xxe SYSTEM "file://{path}">]>'
    with pytest.raises(OpmlError, match="entities"):
        parse_opml((declaration + opml(doctype, "&xxe; & more")).encode("utf-16"))
