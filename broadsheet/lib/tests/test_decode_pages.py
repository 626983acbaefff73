"""decode_body on pages: declared charsets are checked against the bytes; cp1252 in UTF-8 is fixed."""

from __future__ import annotations

from broadsheet.lib.charset import decode_body

TEXT = "Café “quoted” — naïve €5, José’s crème brûlée"


def test_windows_1252_declared_as_utf8() -> None:
    assert decode_body(TEXT.encode("cp1252"), http_charset="utf-8") == TEXT


def test_utf8_with_a_few_pasted_windows_1252_bytes() -> None:
    data = TEXT.encode("utf-8") + b" and " + "“more”".encode("cp1252")
    assert decode_body(data, http_charset="utf-8") == TEXT + " and “more”"


def test_utf8_declared_as_latin1_is_utf8() -> None:
    assert decode_body(TEXT.encode("utf-8"), http_charset="iso-8859-1") == TEXT


def test_latin1_label_means_windows_1252() -> None:
    assert decode_body("“quoted”".encode("cp1252"), http_charset="ISO-8859-1") == "“quoted”"


def test_meta_charset_is_used_when_nothing_is_declared() -> None:
    html = '<meta charset="windows-1251"><p>Привет, мир</p>'
    assert decode_body(html.encode("cp1251"), http_charset=None) == html


def test_boms_win() -> None:
    assert decode_body("\ufeffhello".encode("utf-8"), http_charset="cp1252") == "hello"
    assert decode_body("hello".encode("utf-16"), http_charset=None) == "hello"


def test_undeclared_legacy_cyrillic_and_japanese_are_sniffed() -> None:
    ru = "<p>Привет, как дела? Сегодня хорошая погода и мы идём гулять в парк.</p>" * 5
    ja = "<p>今日は良い天気ですね。公園に行きましょう。</p>" * 5
    assert decode_body(ru.encode("cp1251"), http_charset=None) == ru
    assert decode_body(ja.encode("shift_jis"), http_charset=None) == ja


def test_undeclared_short_western_text_is_windows_1252() -> None:
    assert decode_body(TEXT.encode("cp1252"), http_charset=None) == TEXT


def test_utf8_declared_western_without_telltale_bytes_is_utf8() -> None:
    # "naïve café" in UTF-8 decodes under windows-1252 too (as mojibake): the bytes decide.
    assert decode_body("naïve café".encode(), http_charset="iso-8859-1") == "naïve café"


def test_one_cp1252_handler_is_registered() -> None:
    import codecs

    assert codecs.lookup_error("broadsheet_cp1252")
    try:
        codecs.lookup_error("broadsheet-cp1252")
    except LookupError:
        return
    raise AssertionError("a second windows-1252 handler is registered")
