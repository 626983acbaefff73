"""URL helpers: canonical forms for de-duplication and safe links for pages."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# Query parameters that only track the click; they never change the article.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_", "oly_", "__hs", "_hs")
_TRACKING_NAMES = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid",
    "mkt_tok", "_ga", "ref_src", "ref_url", "cmpid", "ncid", "ito", "ocid", "smid",
    "s_cid", "cid_source", "rss", "utm", "__twitter_impression",
}  # fmt: skip
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_http_url(url: str | None) -> bool:
    """Whether `url` is an absolute http(s) URL with a host."""
    if not url:
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in _DEFAULT_PORTS and bool(parts.hostname)


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_NAMES or lowered.startswith(_TRACKING_PREFIXES)


def canonicalize_url(url: str) -> str:
    """The canonical form of an article URL: tracking parameters, fragment and default port gone.

    Raises ValueError for anything that is not an absolute http(s) URL.
    """
    raw = url.strip()
    if not is_http_url(raw):
        raise ValueError(f"not an http(s) URL: {url!r}")
    parts = urlsplit(raw)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    netloc = host
    if parts.port and parts.port != _DEFAULT_PORTS[scheme]:
        netloc = f"{host}:{parts.port}"
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
    ]
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


def absolute_http_url(url: str | None, *, base: str | None = None) -> str | None:
    """`url` made absolute against `base`, or None unless the result is http(s)."""
    if not url:
        return None
    candidate = urljoin(base, url.strip()) if base else url.strip()
    return candidate if is_http_url(candidate) else None


def same_site(a: str, b: str) -> bool:
    """Whether two URLs share a host, ignoring a leading www. and subdomains of one another."""
    host_a = (urlsplit(a).hostname or "").lower().removeprefix("www.")
    host_b = (urlsplit(b).hostname or "").lower().removeprefix("www.")
    if not host_a or not host_b:
        return False
    return host_a == host_b or host_a.endswith("." + host_b) or host_b.endswith("." + host_a)


def host_of(url: str) -> str:
    """The lower-cased host of a URL without a leading www."""
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def equivalent_urls(url: str) -> list[str]:
    """`url` first, then the spellings publishers use for the same page: the other of http and
    https, and the path with or without its trailing slash (the root path keeps its slash)."""
    parts = urlsplit(url)
    schemes = [parts.scheme] + [s for s in ("http", "https") if s != parts.scheme]
    paths = [parts.path]
    if parts.path not in ("", "/"):
        paths.append(parts.path[:-1] if parts.path.endswith("/") else parts.path + "/")
    variants = [
        urlunsplit((scheme, parts.netloc, path, parts.query, parts.fragment))
        for scheme in schemes
        for path in paths
    ]
    return list(dict.fromkeys(variants))
