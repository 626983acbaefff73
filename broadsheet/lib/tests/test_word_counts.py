"""One word count and one reading time for extraction, ingestion and the pages."""

from __future__ import annotations

from broadsheet.articles.models import Article
from broadsheet.extraction.article import ExtractedArticle
from broadsheet.lib.text import count_words, reading_minutes


def test_cjk_counts_half_a_word_a_character() -> None:
    assert count_words("北京市政府周一宣布") == 5
    assert count_words("Tokyo 東京 rain") == 3


def test_hyphenated_and_elided_words_are_one_word() -> None:
    assert count_words("Al-Qaeda didn’t stop") == 3


def test_reading_time_rounds_up_and_is_at_least_a_minute() -> None:
    assert [reading_minutes(n) for n in (0, 1, 230, 231, 461)] == [1, 1, 1, 2, 3]


def test_the_page_and_the_extractor_agree() -> None:
    for words in (0, 120, 345, 461, 5000):
        extracted = ExtractedArticle(title="t", text="", word_count=words)
        assert Article(word_count=words).reading_minutes == extracted.reading_minutes
