"""The docs say what the code has, in datasette's manner: tests that read the docs.

- every route of the JSON API's OpenAPI document is in docs/api.md, with its methods;
- every management command of ours is in the README or docs/;
- every file path the README and docs/ name exists.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "broadsheet"
DOCS = [
    ROOT / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
    *sorted(PACKAGE.glob("*/README.md")),
]
# A backticked name with a slash whose first part is a folder of ours, or a bare file name.
QUOTED = re.compile(r"`([A-Za-z0-9_.\-]+(?:/[A-Za-z0-9_.\-]+)*/?)(?::[^`]*)?`")
BARE_FILE = re.compile(r"[\w\-]+\.(?:py|md|toml)")


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _template(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


def api_routes() -> list[tuple[str, str]]:
    """(method, path under /api/v1) for every operation of the OpenAPI document."""
    from broadsheet.api.v1 import api

    schema = api.get_openapi_schema()
    return [
        (method.upper(), path.removeprefix("/api/v1"))
        for path, operations in schema["paths"].items()
        for method in operations
    ]


def test_every_api_route_is_in_docs_api_md() -> None:
    lines = _text(ROOT / "docs" / "api.md").splitlines()
    undocumented = []
    for method, path in api_routes():
        pattern = re.compile(re.escape(_template(path)) + r"(?![\w/{])")
        rows = [line for line in lines if pattern.search(_template(line))]
        if not any(method in row for row in rows):
            undocumented.append(f"{method} {path}")
    assert len(api_routes()) > 20
    assert undocumented == []


def our_commands() -> list[str]:
    """Management commands of broadsheet's apps, as a user types them (`demo-publishers`)."""
    from django.core.management import get_commands

    from broadsheet.cli import _ALIASES

    public = {module: name for name, module in _ALIASES.items()}
    return sorted(
        public.get(name, name)
        for name, app in get_commands().items()
        if app.startswith("broadsheet")
    )


def test_every_management_command_is_documented() -> None:
    text = "\n".join(_text(path) for path in DOCS)
    commands = our_commands()
    assert {"run", "ingest", "sources"} <= set(commands)
    assert [c for c in commands if f"broadsheet {c}" not in text and f"`{c}`" not in text] == []


def named_paths(doc: Path) -> list[str]:
    """File paths `doc` names: `lib/fetch.py`, `bench/`, `docs/api.md`, `pipeline.py`..."""
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir()} | {
        "broadsheet", "docs", "bench", "tests", "deploy",
    }  # fmt: skip
    found = []
    for name in QUOTED.findall(_text(doc)):
        if "/" in name and name.split("/")[0] in folders or BARE_FILE.fullmatch(name):
            found.append(name)
    return found


def _exists(name: str, doc: Path, files: set[str]) -> bool:
    if "/" not in name:
        return name in files
    for base in (ROOT, PACKAGE, doc.parent):
        # `lib/fetch.HostLimiter` names lib/fetch.py's HostLimiter.
        if (base / name).exists() or (base / (name.rsplit(".", 1)[0] + ".py")).exists():
            return True
    return False


@functools.cache
def file_names() -> frozenset[str]:
    """Names of the repository's files and folders (the virtualenv and .git aside)."""
    names: set[str] = set()
    for _folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [d for d in subfolders if d not in {".venv", ".git", "node_modules"}]
        names.update(subfolders, files)
    return frozenset(names)


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_path_the_docs_name_exists(doc: Path) -> None:
    files = file_names()
    assert [n for n in named_paths(doc) if not _exists(n, doc, files)] == []


def test_the_path_check_would_see_a_wrong_path(tmp_path: Path) -> None:
    doc = tmp_path / "x.md"
    doc.write_text("see `ingest/feeds.py` and `lib/fetch.py` and `GET /me`", encoding="utf-8")
    assert named_paths(doc) == ["ingest/feeds.py", "lib/fetch.py"]
    assert not _exists("ingest/feeds.py", doc, set())
    assert _exists("lib/fetch.py", doc, set())
