"""Dates, authors, lead image, canonical URL, language, word count and reading time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from broadsheet.extraction import ExtractedArticle, extract_article
from broadsheet.extraction.authors import clean_author
from broadsheet.extraction.dates import parse_datetime
from broadsheet.extraction.language import choose_language, detect_language
from broadsheet.extraction.metadata import absolute_http_url
from broadsheet.lib.languages import normalize_language
from broadsheet.lib.text import count_words

STORY = "".join(
    f"<p>Paragraph {n} of a story about the harbour, its fishing boats and the people who work there.</p>"
    for n in range(6)
)


def _page(head: str = "", article_top: str = "", *, lang: str = "en") -> str:
    return (
        f'<html lang="{lang}"><head><title>Harbour story</title>{head}</head><body>'
        f"<article><h1>Harbour story</h1>{article_top}{STORY}</article></body></html>"
    )


def test_dates_are_aware_utc() -> None:
    assert parse_datetime("2019-11-19T13:23:59-05:00") == datetime(
        2019, 11, 19, 18, 23, 59, tzinfo=UTC
    )
    assert parse_datetime("2019-11-19 13:23") == datetime(2019, 11, 19, 13, 23, tzinfo=UTC)
    assert parse_datetime("Tue, 19 Nov 2019 10:00:00 EST") == datetime(
        2019, 11, 19, 15, 0, tzinfo=UTC
    )
    assert parse_datetime("1574168580") == datetime(2019, 11, 19, 13, 3, tzinfo=UTC)


def test_dates_in_the_future_or_garbage_are_dropped() -> None:
    now = datetime(2024, 1, 1, tzinfo=UTC)
    assert parse_datetime("2024-06-01T00:00:00Z", now=now) is None
    assert parse_datetime("not a date") is None
    assert parse_datetime("1899-01-01") is None


def test_published_date_from_meta_and_updated_date() -> None:
    head = (
        '<meta property="article:published_time" content="2021-03-04T05:06:07+01:00">'
        '<meta property="article:modified_time" content="2021-03-05T10:00:00+01:00">'
    )
    article = extract_article(_page(head))
    assert article is not None
    assert article.published_at == datetime(2021, 3, 4, 4, 6, 7, tzinfo=UTC)
    assert article.updated_at == datetime(2021, 3, 5, 9, 0, tzinfo=UTC)


def test_published_date_prefers_the_articles_time_over_a_sidebars() -> None:
    html = (
        '<html><body><aside><time datetime="2020-01-01T00:00:00Z">old</time></aside>'
        '<article><h1>Harbour story</h1><time datetime="2021-05-06T07:08:00Z">6 May</time>'
        f"{STORY}</article></body></html>"
    )
    article = extract_article(html)
    assert article is not None
    assert article.published_at == datetime(2021, 5, 6, 7, 8, tzinfo=UTC)


def test_published_date_from_the_url() -> None:
    article = extract_article(_page(), "https://news.example/2019/01/04/harbour-story")
    assert article is not None
    assert article.published_at == datetime(2019, 1, 4, tzinfo=UTC)


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Jane Doe", ["Jane Doe"]),
        ("by Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("Jane Doe, John Roe", ["Jane Doe", "John Roe"]),
        ("By JANE DOE | Reporter", ["JANE DOE"]),
        ("https://facebook.com/janedoe", []),
        ("Von Anna Müller", ["Anna Müller"]),
        ("Sarah E. Needleman", ["Sarah E. Needleman"]),
        ("TOM KRISHER, AP Auto Writer", ["TOM KRISHER"]),
        ("Rachael Link, MS, RD", ["Rachael Link"]),
        ("Charlie Wood, Business Insider", ["Charlie Wood"]),
        ("• 2 min read", []),
        ("JERUSALEM POST STAFF\n NOVEMBER 20", []),
        ("he’s specialized in product reviews", []),
        ("Ludwig van Beethoven", ["Ludwig van Beethoven"]),
        ("Анна Смирнова и Иван Петров", ["Анна Смирнова", "Иван Петров"]),
    ],
)
def test_author_names_from_bylines(byline: str, names: list[str]) -> None:
    assert clean_author(byline) == names


def test_organisation_byline_equal_to_site_name_is_not_an_author() -> None:
    head = '<meta property="og:site_name" content="BBC"><meta name="author" content="By BBC News">'
    article = extract_article(_page(head))
    assert article is not None
    assert article.authors == ()


def test_lead_image_is_absolute_and_skips_logos_and_pixels() -> None:
    top = (
        '<img src="/logo.png"><img src="/t/pixel.gif" width="1" height="1">'
        '<img src="/media/harbour-boats.jpg" width="900">'
    )
    article = extract_article(_page(article_top=top), "https://news.example/a/harbour")
    assert article is not None
    assert article.image_url == "https://news.example/media/harbour-boats.jpg"


def test_og_image_wins_and_is_made_absolute() -> None:
    head = '<meta property="og:image" content="//cdn.example/lead.jpg">'
    article = extract_article(_page(head), "https://news.example/a/harbour")
    assert article is not None
    assert article.image_url == "https://cdn.example/lead.jpg"


def test_canonical_url_is_absolute_http() -> None:
    head = '<link rel="canonical" href="/a/harbour-story">'
    article = extract_article(_page(head), "https://news.example/a/harbour-story?utm=x")
    assert article is not None
    assert article.canonical_url == "https://news.example/a/harbour-story"
    assert absolute_http_url("javascript:alert(1)", "https://news.example/") is None


def test_description_and_site_name() -> None:
    head = '<meta name="description" content="All about the harbour."><meta property="og:site_name" content="Ledger">'
    article = extract_article(_page(head))
    assert article is not None
    assert (article.description, article.site_name) == ("All about the harbour.", "Ledger")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Жители района давно просили власти создать здесь зелёную зону.", "ru"),
        ("افتتحت وزارة الثقافة يوم الأحد معرضا جديدا للكتاب في العاصمة.", "ar"),
        ("北京市政府周一宣布，将在未来三年内新建五十座社区公园。", "zh"),
        ("東京都は月曜日、給食を無料にすると発表しました。", "ja"),
        ("The council said that it was not able to comment on the plans for the site.", "en"),
        (
            "La mairie a annoncé mardi la création d'une nouvelle ligne de tramway pour la ville.",
            "fr",
        ),
        ("El gobierno anunció que la nueva ley entrará en vigor el próximo mes de enero.", "es"),
        ("Die Stadt will bis 2030 alle Laternen umstellen, wie der Bürgermeister mitteilte.", "de"),
        ("Il governo ha detto che la nuova legge sarà approvata entro la fine del mese.", "it"),
        ("O governo disse que a nova lei não será aprovada antes do fim do mês.", "pt"),
    ],
)
def test_language_detection(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_declared_language_gives_way_only_to_clear_evidence() -> None:
    english = " ".join(
        ["The council said that it was not able to comment on the plans for the site."] * 8
    )
    assert choose_language(["de"], english) == "en"
    assert choose_language(["de"], "Short text with the word the.") == "de"
    assert (
        choose_language(["uk"], "Жители района давно просили власти создать здесь зелёную зону.")
        == "uk"
    )
    assert (
        choose_language(["en"], "Жители района давно просили власти создать здесь зелёную зону.")
        == "ru"
    )


def test_declared_language_is_normalised() -> None:
    assert normalize_language("en-GB") == "en"
    assert normalize_language("pt_BR") == "pt"
    assert normalize_language("fra") == "fr"
    assert normalize_language("") is None


def test_word_count_and_reading_time() -> None:
    assert count_words("Al-Qaeda didn’t stop — 3 words? no, five.") == 7
    assert count_words("北京市政府周一宣布") == 5
    article = ExtractedArticle(title="t", text="w " * 461, word_count=461)
    assert article.reading_minutes == 3
    assert ExtractedArticle(title="t", text="", word_count=0).reading_minutes == 1
