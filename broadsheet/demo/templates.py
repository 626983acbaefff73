"""HTML pages of the demo publishers, each in its own template and full of boilerplate."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from html import escape
from urllib.parse import quote

from broadsheet.demo.catalog import ATTRIBUTION, LICENCE_URL, summarize
from broadsheet.demo.feeds import ALTERNATE_TYPES, Entry, Site

SECTIONS = ("World", "Business", "Interviews")
_NAV = (
    ("Home", "/"),
    *((name, f"/section/{name.lower()}") for name in SECTIONS),
    ("About", "/about"),
)
_COPYRIGHT_YEAR = 2025


def _e(text: str) -> str:
    return escape(text, quote=True)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _long_date(moment: datetime) -> str:
    moment = moment.astimezone(UTC)
    return f"{moment:%B} {moment.day}, {moment.year}"


def relative_time(moment: datetime, *, now: datetime) -> str:
    """A "16 hours ago" rendering of `moment`."""
    seconds = max(0, int((now - moment).total_seconds()))
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            if unit == "day" and count > 30:
                return _long_date(moment)
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return "just now"


def _json_ld(data: dict) -> str:
    # Escape what could close the <script> element or start an entity; JSON reads them back.
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _head(site: Site, *, title: str, canonical: str, description: str, extra: str = "") -> str:
    alternate = ALTERNATE_TYPES[site.spec.feed_format]
    return (
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n"
        f'<meta name="description" content="{_e(description)}">\n'
        f'<link rel="canonical" href="{_e(canonical)}">\n'
        f'<link rel="alternate" type="{alternate}" title="{_e(site.spec.name)}" '
        f'href="{_e(site.feed_url)}">\n'
        f'<meta property="og:site_name" content="{_e(site.spec.name)}">\n'
        f'<meta property="og:url" content="{_e(canonical)}">\n' + extra
    )


def _article_head(site: Site, entry: Entry) -> str:
    article = entry.article
    canonical = site.url(article)
    description = summarize(article.paragraphs, limit=200)
    json_ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": description,
        "datePublished": _iso(entry.published),
        "dateModified": _iso(entry.published),
        "author": {"@type": "Organization", "name": article.author},
        "publisher": {"@type": "Organization", "name": site.spec.name, "url": site.home_url},
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "url": canonical,
        "inLanguage": "en",
        "articleSection": article.section,
        "isBasedOn": article.source_url,
        "license": LICENCE_URL,
    }
    extra = (
        f'<meta property="og:title" content="{_e(article.title)}">\n'
        '<meta property="og:type" content="article">\n'
        f'<meta property="og:description" content="{_e(description)}">\n'
        f'<meta property="article:published_time" content="{_iso(entry.published)}">\n'
        f'<meta property="article:section" content="{_e(article.section)}">\n'
        f'<meta name="author" content="{_e(article.author)}">\n'
        f'<script type="application/ld+json">\n{_json_ld(json_ld)}\n</script>\n'
    )
    return _head(
        site,
        title=f"{article.title} - {site.spec.name}",
        canonical=canonical,
        description=description,
        extra=extra,
    )


def _paragraphs(entry: Entry, *, every: int = 0, insert: str = "") -> str:
    """The body as <p> elements, with `insert` dropped in after every `every` paragraphs."""
    out = []
    for index, paragraph in enumerate(entry.article.paragraphs, start=1):
        out.append(f"<p>{_e(paragraph)}</p>")
        if every and index % every == 0 and index < len(entry.article.paragraphs):
            out.append(insert)
    return "\n".join(out)


def _share(site: Site, entry: Entry, *, tag: str = "div", cls: str = "share") -> str:
    url = quote(site.url(entry.article), safe="")
    return (
        f'<{tag} class="{cls}">'
        f'<a href="https://www.facebook.com/sharer/sharer.php?u={url}">Share on Facebook</a> '
        f'<a href="https://twitter.com/intent/tweet?url={url}">Share on Twitter</a> '
        f'<a href="mailto:?subject={quote(entry.article.title)}&amp;body={url}">Email</a> '
        f'<a href="https://twitter.com/{site.spec.slug.replace("-", "")}">Follow us on Twitter</a>'
        f"</{tag}>"
    )


def _related_items(site: Site, related: Sequence[Entry]) -> str:
    return "".join(
        f'<li><a href="{_e(item.article.path)}">{_e(item.article.title)}</a></li>'
        for item in related
    )


def _newsletter(site: Site, *, title: str) -> str:
    return (
        f'<form class="newsletter-signup" action="/newsletter" method="post">'
        f"<h3>{_e(title)}</h3><p>The day's top stories from {_e(site.spec.name)}, "
        "in your inbox every morning. Sign up for our newsletter.</p>"
        '<input type="email" name="email" placeholder="Your email address">'
        '<button type="submit">Subscribe</button>'
        "<small>You can unsubscribe at any time. See our privacy policy.</small></form>"
    )


def _cookie_banner(*, element: str = "div", ident: str = "cookie-banner") -> str:
    return (
        f'<{element} id="{ident}" class="cookie-consent" role="dialog">'
        "<p>We use cookies to improve your experience, measure traffic and show you "
        "personalised content. By continuing to browse you agree to our use of cookies.</p>"
        '<button type="button">Accept all cookies</button> '
        '<button type="button">Manage preferences</button>'
        f"</{element}>"
    )


def _footer_links(separator: str = " ") -> str:
    names = ("About us", "Contact", "Privacy policy", "Terms of use", "Advertise", "Careers")
    return separator.join(
        f'<a href="/{"about" if name == "About us" else "about#" + name.split()[0].lower()}">'
        f"{name}</a>"
        for name in names
    )


def _attribution(entry: Entry) -> str:
    return (
        f'{_e(ATTRIBUTION)}. Original article: <a href="{_e(entry.article.source_url)}" '
        f'rel="nofollow">{_e(entry.article.source_url)}</a>'
    )


def _nav_links(separator: str = "") -> str:
    return separator.join(f'<a href="{href}">{name}</a>' for name, href in _NAV)


# --- The Morning Ledger: tidy semantic HTML5 ---------------------------------------------------


def _ledger_chrome(site: Site, head: str, main: str) -> str:
    items = "".join(f'<li><a href="{href}">{name}</a></li>' for name, href in _NAV)
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n{head}'
        "<style>body{font-family:Georgia,serif;max-width:60rem;margin:auto}"
        ".cookie-consent{background:#eee;padding:1em}nav ul{display:flex;gap:1em;"
        "list-style:none}</style>\n</head>\n<body>\n"
        f"{_cookie_banner()}\n"
        f'<header class="masthead"><a class="logo" href="/">{_e(site.spec.name)}</a>'
        f'<p class="tagline">{_e(site.spec.tagline)}</p>'
        f'<nav aria-label="Main menu"><ul>{items}</ul></nav></header>\n'
        f"<main>\n{main}\n</main>\n"
        f'<footer class="site-footer"><nav aria-label="Footer">{_footer_links()}</nav>'
        f"<p>&copy; {_COPYRIGHT_YEAR} {_e(site.spec.name)}. All rights reserved.</p>"
        f'<p><a href="https://twitter.com/morningledger">Follow us on Twitter</a></p>'
        "</footer>\n</body>\n</html>\n"
    )


def _ledger_article(site: Site, entry: Entry, related: Sequence[Entry]) -> str:
    article = entry.article
    return (
        '<article class="story">\n<header>'
        f'<p class="kicker">{_e(article.section)}</p><h1>{_e(article.title)}</h1>'
        f'<p class="byline">By <span class="author">{_e(article.author)}</span> &middot; '
        f'<time datetime="{_iso(entry.published)}">{_long_date(entry.published)}</time></p>'
        f"</header>\n{_share(site, entry, tag='nav', cls='share-tools')}\n"
        f'<div class="story-body">\n{_paragraphs(entry)}\n</div>\n</article>\n'
        f'<p class="attribution"><small>{_attribution(entry)}</small></p>\n'
        f'<aside class="related"><h2>Related articles</h2><ul>'
        f"{_related_items(site, related)}</ul></aside>\n"
        f'<section class="newsletter">{_newsletter(site, title="Get the Morning Briefing")}'
        "</section>"
    )


# --- Harbour Wire: div soup with ads in the body -----------------------------------------------


def _harbour_chrome(site: Site, head: str, main: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en-AU">\n<head>\n{head}</head>\n<body>\n'
        '<div id="wrapper"><div class="hdr"><div class="hdr-inner">'
        f'<div class="logo"><a href="/">{_e(site.spec.name)}</a></div>'
        f'<div class="menu">{_nav_links(" | ")}</div>'
        '<div class="hdr-social"><a href="https://twitter.com/harbourwire">Follow us on Twitter'
        '</a> <a href="https://www.facebook.com/harbourwire">Like us on Facebook</a></div>'
        f'</div></div>\n<div class="content">{main}</div>\n'
        f'<div class="ftr"><div class="ftr-links">{_footer_links(" | ")}</div>'
        f'<div class="copy">Copyright &copy; {_COPYRIGHT_YEAR} {_e(site.spec.name)} Pty Ltd. '
        "All rights reserved.</div></div>\n"
        f"{_cookie_banner(ident='cn')}\n</div>\n</body>\n</html>\n"
    )


def _harbour_article(site: Site, entry: Entry, related: Sequence[Entry]) -> str:
    article = entry.article
    advert = '<div class="ad-slot"><span>Advertisement</span></div>'
    return (
        '<div class="col-left"><div class="post"><article>'
        f'<div class="headline"><h1>{_e(article.title)}</h1></div>'
        f'<div class="meta"><span class="by">{_e(article.author)}</span> '
        f'<span class="sep">|</span> <time datetime="{_iso(entry.published)}">'
        f"{entry.published.astimezone(UTC):%d/%m/%Y %H:%M} UTC</time></div>\n"
        f'<div class="txt">\n{_paragraphs(entry, every=3, insert=advert)}\n</div>'
        f'<div class="tools">{_share(site, entry)}</div>'
        f'</article><div class="src">{_attribution(entry)}</div></div></div>\n'
        '<div class="col-right"><div class="box related"><div class="box-title">'
        f"Related articles</div><ul>{_related_items(site, related)}</ul></div>"
        f'<div class="box nl">{_newsletter(site, title="Wire Daily newsletter")}</div></div>'
    )


# --- Northern Gazette: an old table layout -----------------------------------------------------


def _gazette_chrome(site: Site, head: str, main: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n'
        f"{head}</head>\n<body>\n{_cookie_banner(ident='cookie-law')}\n"
        '<table class="layout" width="100%" cellpadding="0" cellspacing="0">\n'
        f'<tr><td colspan="2" class="banner"><h2 class="sitename"><a href="/">'
        f'{_e(site.spec.name)}</a></h2><div class="motto">{_e(site.spec.tagline)}</div>'
        f'<div class="topnav">{_nav_links(" &bull; ")}</div></td></tr>\n'
        f"{main}\n"
        f'<tr><td colspan="2" class="footer">{_footer_links(" &bull; ")}<br>'
        f"&copy; {_COPYRIGHT_YEAR} {_e(site.spec.name)} Ltd. Registered in England."
        "</td></tr>\n</table>\n</body>\n</html>\n"
    )


def _gazette_article(site: Site, entry: Entry, related: Sequence[Entry]) -> str:
    article = entry.article
    published = entry.published.astimezone(UTC)
    return (
        '<tr><td class="main" valign="top"><article>'
        f'<h1 class="headline">{_e(article.title)}</h1>'
        f'<div class="byline">By {_e(article.author)}, '
        f'<time datetime="{_iso(entry.published)}">{published.day} {published:%B %Y}, '
        f"{published:%H:%M} GMT</time></div>\n"
        f"{_paragraphs(entry)}\n"
        f'<div class="sharebar">{_share(site, entry)}</div></article>'
        f'<p class="credit">{_attribution(entry)}</p></td>\n'
        '<td class="sidebar" valign="top" width="30%"><h3>Related articles</h3>'
        f'<ul class="rel">{_related_items(site, related)}</ul>'
        f"{_newsletter(site, title='The Gazette Daily')}</td></tr>"
    )


# --- Daily Meridian: modern markup, sidebar first, inline "read more" --------------------------


def _meridian_chrome(site: Site, head: str, main: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en-CA">\n<head>\n{head}</head>\n'
        '<body class="dm-theme">\n'
        f'<div class="dm-topbar" data-component="top-bar"><a class="dm-brand" href="/">'
        f'{_e(site.spec.name)}</a><button class="dm-menu-toggle">Menu</button>'
        f'<div class="dm-nav" role="navigation">{_nav_links()}</div>'
        '<a class="dm-subscribe" href="/about#subscribe">Subscribe</a></div>\n'
        f'<div class="dm-layout" data-component="layout">{main}</div>\n'
        f'<div class="dm-footer" role="contentinfo"><div>{_footer_links()}</div>'
        f"<div>&copy; {_COPYRIGHT_YEAR} {_e(site.spec.name)} Media Inc.</div>"
        '<div><a href="https://twitter.com/dailymeridian">Follow us on Twitter</a></div></div>\n'
        f"{_cookie_banner(element='section', ident='dm-consent')}\n</body>\n</html>\n"
    )


def _meridian_article(site: Site, entry: Entry, related: Sequence[Entry]) -> str:
    article = entry.article
    inline = ""
    if related:
        first = related[0].article
        inline = (
            f'<aside class="dm-inline-related"><strong>Read more:</strong> '
            f'<a href="{_e(first.path)}">{_e(first.title)}</a></aside>'
        )
    return (
        '<div class="dm-rail" data-component="rail"><div class="dm-trending">'
        "<h4>Trending now</h4><ol>"
        f"{_related_items(site, related[1:])}</ol></div>"
        f'<div class="dm-newsletter">{_newsletter(site, title="Meridian Morning")}</div></div>\n'
        '<div class="dm-main" data-component="story"><article data-article-id='
        f'"{article.number}"><span class="dm-section">{_e(article.section)}</span>'
        f"<h1>{_e(article.title)}</h1>"
        f'<div class="dm-meta"><span class="dm-author">{_e(article.author)}</span>'
        f'<time datetime="{_iso(entry.published)}">'
        f"{entry.published.astimezone(UTC):%Y-%m-%d %H:%M} UTC</time></div>"
        f"{_share(site, entry, cls='dm-share')}\n"
        f'<div class="dm-body">\n{_paragraphs(entry, every=4, insert=inline)}\n</div>'
        f'<div class="dm-source">{_attribution(entry)}</div></article>\n'
        '<div class="dm-related"><h2>Related articles</h2><ul>'
        f"{_related_items(site, related)}</ul></div></div>"
    )


# --- Open Press Review: a WordPress-style blog with comments ------------------------------------


def _review_chrome(site: Site, head: str, main: str) -> str:
    items = "".join(
        f'<li class="menu-item"><a href="{href}">{name}</a></li>' for name, href in _NAV
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en-NZ">\n<head>\n{head}</head>\n'
        '<body class="home blog wp-theme">\n<div id="page" class="site">'
        '<a class="skip-link screen-reader-text" href="#content">Skip to content</a>'
        f'<header id="masthead" class="site-header"><p class="site-title"><a href="/">'
        f'{_e(site.spec.name)}</a></p><p class="site-description">{_e(site.spec.tagline)}</p>'
        f'<nav id="site-navigation" class="main-navigation"><ul id="primary-menu">{items}</ul>'
        "</nav></header>\n"
        f'<div id="content" class="site-content">{main}</div>\n'
        f'<footer id="colophon" class="site-footer"><div class="site-info">{_footer_links()} '
        f"&copy; {_COPYRIGHT_YEAR} {_e(site.spec.name)}. Proudly powered by a CMS.</div>"
        f"</footer></div>\n{_cookie_banner(ident='cookie-notice')}\n</body>\n</html>\n"
    )


def _review_article(site: Site, entry: Entry, related: Sequence[Entry]) -> str:
    article = entry.article
    return (
        '<div id="primary" class="content-area"><main id="main" class="site-main">'
        f'<article id="post-{article.number}" class="post type-post status-publish hentry">'
        f'<header class="entry-header"><h1 class="entry-title">{_e(article.title)}</h1>'
        '<div class="entry-meta"><span class="posted-on">Posted on '
        f'<time class="entry-date published" datetime="{_iso(entry.published)}">'
        f"{_long_date(entry.published)}</time></span> "
        f'<span class="byline">by <span class="author vcard">{_e(article.author)}</span>'
        "</span></div></header>\n"
        f'<div class="entry-content">\n{_paragraphs(entry)}\n'
        f'<div class="sharedaddy"><h3>Share this:</h3>{_share(site, entry)}</div></div>\n'
        f'<footer class="entry-footer"><span class="cat-links">Posted in <a href="/section/'
        f'{article.section.lower()}">{_e(article.section)}</a></span> '
        f'<span class="source">{_attribution(entry)}</span></footer></article>\n'
        '<div id="comments" class="comments-area"><h3 class="comment-reply-title">Leave a Reply'
        '</h3><form class="comment-form"><p>Your email address will not be published.</p>'
        '<textarea name="comment"></textarea><button type="submit">Post Comment</button>'
        "</form></div></main></div>\n"
        '<aside id="secondary" class="widget-area"><section class="widget">'
        f'<h2 class="widget-title">Related articles</h2><ul>{_related_items(site, related)}'
        '</ul></section><section class="widget widget_newsletter">'
        f"{_newsletter(site, title='Get the Review by email')}</section></aside>"
    )


Chrome = Callable[[Site, str, str], str]
ArticleMarkup = Callable[[Site, Entry, Sequence[Entry]], str]
_TEMPLATES: dict[str, tuple[Chrome, ArticleMarkup]] = {
    "morning-ledger": (_ledger_chrome, _ledger_article),
    "harbour-wire": (_harbour_chrome, _harbour_article),
    "northern-gazette": (_gazette_chrome, _gazette_article),
    "daily-meridian": (_meridian_chrome, _meridian_article),
    "open-press-review": (_review_chrome, _review_article),
}


def _template(site: Site) -> tuple[Chrome, ArticleMarkup]:
    return _TEMPLATES.get(site.spec.slug, _TEMPLATES["morning-ledger"])


def render_article_page(site: Site, entry: Entry, *, related: Sequence[Entry]) -> str:
    """The HTML page of one article in the publisher's template."""
    chrome, markup = _template(site)
    return chrome(site, _article_head(site, entry), markup(site, entry, related))


def render_home_page(
    site: Site, entries: Sequence[Entry], *, now: datetime, section: str | None = None
) -> str:
    """The publisher's front page (or a section page): newest released headlines first."""
    chrome, _ = _template(site)
    heading = section or "Latest news"
    items = "\n".join(
        f'<li class="teaser"><h3><a href="{_e(entry.article.path)}">{_e(entry.article.title)}'
        f'</a></h3><time datetime="{_iso(entry.published)}" title="{_long_date(entry.published)}">'
        f"{relative_time(entry.published, now=now)}</time>"
        f"<p>{_e(summarize(entry.article.paragraphs, limit=180))}</p></li>"
        for entry in entries
    )
    main = (
        f'<section class="front"><h1>{_e(heading)}</h1>\n<ul class="teasers">\n{items}\n</ul>'
        f'<p><a href="{_e(site.feed_url)}">Subscribe to our feed</a></p></section>'
    )
    if site.spec.slug == "northern-gazette":
        main = f'<tr><td class="main" colspan="2">{main}</td></tr>'
    title = site.spec.name if section is None else f"{section} - {site.spec.name}"
    head = _head(site, title=title, canonical=site.home_url, description=site.spec.tagline)
    return chrome(site, head, main)


def render_about_page(site: Site) -> str:
    """The About page, which carries the corpus attribution."""
    chrome, _ = _template(site)
    main = (
        f'<section class="about"><h1>About {_e(site.spec.name)}</h1>'
        f"<p>{_e(site.spec.name)} is a fictional publisher run by the Broadsheet demo. "
        "Its articles are real Wikinews reports served from a bundled corpus.</p>"
        f"<p>{_e(ATTRIBUTION)}. Each article links its original Wikinews page.</p></section>"
    )
    if site.spec.slug == "northern-gazette":
        main = f'<tr><td class="main" colspan="2">{main}</td></tr>'
    head = _head(
        site,
        title=f"About - {site.spec.name}",
        canonical=site.base_url + "/about",
        description=ATTRIBUTION,
    )
    return chrome(site, head, main)
