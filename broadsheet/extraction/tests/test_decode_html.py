"""decode_html: declared charsets are checked against the bytes; cp1252 mislabelled as UTF-8 is fixed."""

from __future__ import annotations

from broadsheet.extraction import decode_html

TEXT = "Café “quoted” — naïve €5, José’s crème brûlée"


def test_windows_1252_declared_as_utf8() -> None:
    assert decode_html(TEXT.encode("cp1252"), declared="utf-8") == TEXT


def test_utf8_with_a_few_pasted_windows_1252_bytes() -> None:
    data = TEXT.encode("utf-8") + b" and " + "“more”".encode("cp1252")
    assert decode_html(data, declared="utf-8") == TEXT + " and “more”"


def test_utf8_declared_as_latin1_is_utf8() -> None:
    assert decode_html(TEXT.encode("utf-8"), declared="iso-8859-1") == TEXT


def test_latin1_label_means_windows_1252() -> None:
    assert decode_html("“quoted”".encode("cp1252"), declared="ISO-8859-1") == "“quoted”"


def test_meta_charset_is_used_when_nothing_is_declared() -> None:
    html = '<meta charset="windows-1251"><p>Привет, мир</p>'
    assert decode_html(html.encode("cp1251"), declared=None) == html


def test_boms_win() -> None:
    assert decode_html("\ufeffhello".encode("utf-8"), declared="cp1252") == "hello"
    assert decode_html("hello".encode("utf-16"), declared=None) == "hello"


def test_undeclared_legacy_cyrillic_and_japanese_are_sniffed() -> None:
    ru = "<p>Привет, как дела? Сегодня хорошая погода и мы идём гулять в парк.</p>" * 5
    ja = "<p>今日は良い天気ですね。公園に行きましょう。</p>" * 5
    assert decode_html(ru.encode("cp1251"), declared=None) == ru
    assert decode_html(ja.encode("shift_jis"), declared=None) == ja


def test_undeclared_short_western_text_is_windows_1252() -> None:
    assert decode_html(TEXT.encode("cp1252"), declared=None) == TEXT
