"""Canonical URLs strip tracking and keep what identifies the article."""

import pytest

from broadsheet.lib.urls import absolute_http_url, canonicalize_url, is_http_url, same_site


def test_canonicalize_url_drops_tracking_parameters_and_fragment():
    url = "HTTPS://News.Example.org:443/a/b?id=7&utm_source=rss&fbclid=x&utm_medium=feed#top"
    assert canonicalize_url(url) == "https://news.example.org/a/b?id=7"


def test_canonicalize_url_keeps_non_default_port_and_meaningful_query():
    assert canonicalize_url("http://127.0.0.1:8101/news?p=2") == "http://127.0.0.1:8101/news?p=2"


@pytest.mark.parametrize(
    "bad", ["javascript:alert(1)", "data:text/html,x", "ftp://x/y", "/relative", ""]
)
def test_canonicalize_url_refuses_anything_but_absolute_http(bad):
    with pytest.raises(ValueError):
        canonicalize_url(bad)


def test_absolute_http_url_resolves_relative_links_and_drops_other_schemes():
    assert absolute_http_url("/x", base="https://a.example/b/") == "https://a.example/x"
    assert absolute_http_url("JaVaScRiPt:alert(1)", base="https://a.example/") is None
    assert not is_http_url(" javascript:alert(1)")


def test_same_site_accepts_subdomains_and_refuses_other_hosts():
    assert same_site("https://www.example.org/a", "https://example.org/b")
    assert same_site("https://news.example.org/a", "https://example.org/b")
    assert not same_site("https://example.org.evil.test/a", "https://example.org/b")
