"""Home, article and source pages render stored articles, and nothing executable."""

from django.test import Client

from broadsheet.articles.services import upsert_article
from broadsheet.lib.testing.safety import executable_parts


def test_home_lists_latest_articles_with_source_and_relative_time(client: Client, feed, make_draft):
    upsert_article(make_draft(), source=feed.source, feed=feed)
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ferry service resumes" in html and "Harbour Wire" in html
    assert "16\xa0hours ago" in html or "16 hours ago" in html


def test_root_redirects_to_the_english_home(client: Client, db):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/en/"


def test_article_page_shows_headline_byline_body_paragraphs_and_original_link(
    client, feed, make_draft
):
    article = upsert_article(make_draft(), source=feed.source, feed=feed)
    html = client.get(f"/en/article/{article.public_id}").content.decode()
    assert '<h1 lang="en" dir="ltr">Ferry service resumes</h1>' in html
    assert '<p><span class="s" id="s-0">First paragraph.</span></p>' in html
    assert '<p><span class="s" id="s-1">Second paragraph.</span></p>' in html
    assert "Ana Ruiz" in html and 'href="https://harbour.example/a/1"' in html
    assert 'href="/en/source/harbour-wire"' in html


def test_unknown_article_is_a_404(client, db):
    assert client.get("/en/article/nope").status_code == 404


def test_partial_article_says_so_and_links_to_the_original(client, feed, make_draft):
    article = upsert_article(
        make_draft(status="feed", body="Only the summary."), source=feed.source, feed=feed
    )
    html = client.get(f"/en/article/{article.public_id}").content.decode()
    assert "could not get the full text" in html and "Only the summary." in html


def test_source_page_lists_articles_and_feed_health(client, feed, make_draft):
    upsert_article(make_draft(), source=feed.source, feed=feed)
    feed.consecutive_errors, feed.last_error = 2, "connection refused"
    feed.save()
    html = client.get("/en/source/harbour-wire").content.decode()
    assert "Ferry service resumes" in html and "connection refused" in html and "failing" in html


def test_hostile_text_is_escaped_on_every_page(client, feed, make_draft):
    payload = '<script>alert(1)</script><img src=x onerror=alert(2)>"><svg onload=alert(3)>'
    feed.source.name = payload
    feed.source.save()
    article = upsert_article(
        make_draft(title=payload, author=payload, summary=payload, body=payload),
        source=feed.source,
        feed=feed,
    )
    for url in ("/en/", f"/en/article/{article.public_id}", f"/en/source/{feed.source.slug}"):
        html = client.get(url).content.decode()
        assert executable_parts(html) == [], url
        assert "<script>alert" not in html


def test_healthz_reports_counts_and_last_ingest(client, feed, make_draft):
    upsert_article(make_draft(), source=feed.source, feed=feed)
    data = client.get("/healthz").json()
    assert data["status"] == "ok" and data["articles"] == 1 and data["sources"] == 1
    assert data["feeds"] == {"total": 1, "ok": 1, "failing": 0}
    assert data["last_ingest_at"] is None


def test_masthead_shows_the_site_name_on_account_pages_too(client, db, settings):
    settings.SITE_NAME = "Harbour Desk"
    html = client.get("/fr/accounts/login").content.decode()
    assert '<a class="brand" href="/fr/">Harbour Desk</a>' in html
