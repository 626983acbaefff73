"""Under CI=true a test skipped for want of a tool, a service or data fails instead."""

from __future__ import annotations

import pytest

from broadsheet.lib.testing.gates import missing_in_ci

CI = {"CI": "true"}


@pytest.mark.parametrize(
    "reason",
    [
        "Chromium is not installed: browser tests NOT run",
        "Redis does not answer at 127.0.0.1:6379",
        "no PostgreSQL answers at 127.0.0.1:5432",
        "demo corpus not found at /x",
        "needs the openssl CLI",
        "GNU gettext is not installed (apt-get install gettext): catalogs NOT checked",
    ],
)
def test_a_missing_tool_fails_in_ci_and_skips_elsewhere(reason: str) -> None:
    assert missing_in_ci(reason, CI)
    assert not missing_in_ci(reason, {})


@pytest.mark.parametrize("reason", ["SQLite's query planner only", "FTS5 only"])
def test_a_deliberate_skip_stays_a_skip_in_ci(reason: str) -> None:
    assert not missing_in_ci(reason, CI)
