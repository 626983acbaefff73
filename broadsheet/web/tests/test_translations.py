"""French and Spanish catalogs cover every interface string, and the compiled .mo files match.

The strings are extracted the way translators get them (Django's makemessages, over a copy
of the package so the committed catalogs are never touched), then compared with the
committed .po files compiled by GNU msgfmt.
"""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

PACKAGE = Path(__file__).resolve().parents[2]
LOCALE = PACKAGE / "locale"
TRANSLATED = ("fr", "es")

pytestmark = pytest.mark.skipif(
    not (shutil.which("msgfmt") and shutil.which("xgettext") and shutil.which("msgen")),
    reason="GNU gettext is not installed (apt-get install gettext): catalogs NOT checked",
)


def _catalog(mo_file: Path) -> dict:
    """Every (context, msgid[, plural index]) -> translation in a compiled catalog."""
    with mo_file.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    return {key: value for key, value in catalog.items() if key != ""}


def _compile(po_file: Path, mo_file: Path) -> None:
    """msgfmt --check: also fails on a translation whose placeholders differ from its msgid."""
    done = subprocess.run(
        ["msgfmt", "--check", "-o", str(mo_file), str(po_file)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def _extracted_strings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    """The msgids makemessages finds in the package today, as a catalog keyed like a .mo."""
    copy = tmp_path / "broadsheet"
    for source in PACKAGE.rglob("*"):
        if source.suffix in (".py", ".html", ".txt") and "tests" not in source.parts:
            target = copy / source.relative_to(PACKAGE)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    (copy / "locale").mkdir(exist_ok=True)
    monkeypatch.chdir(copy)
    monkeypatch.setattr(settings, "LOCALE_PATHS", [copy / "locale"])
    call_command("makemessages", locale=["en"], ignore_patterns=["tests"], verbosity=0)
    po_file = copy / "locale" / "en" / "LC_MESSAGES" / "django.po"
    filled = po_file.with_suffix(".filled.po")
    subprocess.run(["msgen", "-o", str(filled), str(po_file)], check=True)
    _compile(filled, tmp_path / "extracted.mo")
    return _catalog(tmp_path / "extracted.mo")


@pytest.mark.parametrize("language", TRANSLATED)
def test_compiled_catalog_matches_its_po_file(language, tmp_path):
    po_file = LOCALE / language / "LC_MESSAGES" / "django.po"
    committed = po_file.with_suffix(".mo")
    assert committed.exists(), f"{committed} is missing: run `make messages`"
    _compile(po_file, tmp_path / "fresh.mo")
    assert _catalog(committed) == _catalog(tmp_path / "fresh.mo"), (
        f"{committed} is out of date with its .po: run `make messages`"
    )


def test_every_interface_string_is_translated_into_french_and_spanish(tmp_path, monkeypatch):
    extracted = _extracted_strings(tmp_path, monkeypatch)
    assert len(extracted) > 50  # the extraction really ran over the templates
    for language in TRANSLATED:
        po_file = LOCALE / language / "LC_MESSAGES" / "django.po"
        _compile(po_file, tmp_path / f"{language}.mo")
        translated = _catalog(tmp_path / f"{language}.mo")
        missing = sorted(str(key) for key in extracted if not translated.get(key))
        assert not missing, f"untranslated in {language} (run `make messages`): {missing[:10]}"


def test_translations_keep_their_placeholders(tmp_path):
    for language in TRANSLATED:
        translated = _catalog(_compiled(language, tmp_path))
        for key, text in translated.items():
            msgid = key[0] if isinstance(key, tuple) else key
            for placeholder in ("%(n)s", "%(name)s", "%(method)s", "%(email)s", "%(site_name)s"):
                if placeholder in msgid.split("\x04")[-1]:
                    assert placeholder in text, (language, msgid, text)


def _compiled(language: str, tmp_path: Path) -> Path:
    mo_file = tmp_path / f"{language}-check.mo"
    _compile(LOCALE / language / "LC_MESSAGES" / "django.po", mo_file)
    return mo_file
