"""Article rows have one writer: broadsheet/articles/services.py (ingest and stories call it).

A syntax check over the code (tests and migrations aside): no other module calls a writing
method on `Article.objects...`, on a name bound to such a query, or `.save()` on an `article`.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "broadsheet"
OWNER = PACKAGE / "articles" / "services.py"
WRITES = {"update", "create", "bulk_create", "bulk_update", "update_or_create", "get_or_create",
          "delete", "save"}  # fmt: skip


def _root(node: ast.expr) -> str:
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else ""


def article_writes(source: str) -> list[int]:
    """Lines of `source` that write article rows."""
    tree = ast.parse(source)
    queries = {"Article"}
    for node in ast.walk(tree):  # names bound to Article.objects...
        if isinstance(node, ast.Assign) and _root(node.value) == "Article":
            queries.update(t.id for t in node.targets if isinstance(t, ast.Name))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in WRITES:
            continue
        root = _root(node.func.value)
        if root in queries or (node.func.attr == "save" and root == "article"):
            found.append(node.lineno)
    return found


def test_the_check_sees_each_way_of_writing() -> None:
    code = (
        "article.save(update_fields=['story'])\n"
        "Article.objects.filter(story=gone).update(story=kept)\n"
        "leaving = Article.objects.filter(pk__in=moved)\n"
        "leaving.update(story=story)\n"
        "Article.objects.filter(pk=1).exists()\n"
        "Story.objects.filter(pk=1).update(title='x')\n"
    )
    assert article_writes(code) == [1, 2, 4]


def test_only_articles_services_writes_article_rows() -> None:
    writers = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if path == OWNER or {"tests", "migrations", "testing"} & set(parts):
            continue
        if path.name == "conftest.py":
            continue
        if lines := article_writes(path.read_text(encoding="utf-8")):
            writers[str(path.relative_to(PACKAGE))] = lines
    assert writers == {}
