"""Quality gates and environment-dependent suites: fail in CI, skip loudly elsewhere.

Under CI=true a missing dataset, scorer, browser, Redis or gettext FAILS the run, so a gate
never passes by not running; on a developer's machine the test is skipped and the run's
summary says so in one loud line per missing thing (the root conftest.py prints them).
"""

from __future__ import annotations

import importlib.util
import os
import re
import warnings
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import NoReturn

import pytest

# Skip reasons that mean "a tool, service or dataset this machine should have is missing".
MISSING = re.compile(
    r"not installed|NOT run|not found|does not answer|no \w+ answers|needs the \w+ CLI|"
    r"cannot run, missing",
    re.I,
)


def in_ci(environ: Mapping[str, str] = os.environ) -> bool:
    """True when the run is CI's (CI=true, 1 or yes)."""
    return environ.get("CI", "").lower() in {"1", "true", "yes"}


def missing_in_ci(reason: str, environ: Mapping[str, str] = os.environ) -> bool:
    """True when a skip reason names something missing and we run in CI: a failure."""
    return in_ci(environ) and bool(MISSING.search(reason))


def missing(message: str) -> NoReturn:
    """Fail under CI, else warn and skip (the summary prints the message once)."""
    if in_ci():
        pytest.fail(message)
    warnings.warn(message, stacklevel=3)
    pytest.skip(message)


def require(gate: str, *paths: Path) -> None:
    """Go on when every path exists; else `missing(...)` naming the gate and what is absent."""
    absent = [str(path) for path in paths if not path.exists()]
    if absent:
        missing(f"{gate} cannot run, missing: {', '.join(absent)}")


def load_scorer(path: Path, name: str) -> ModuleType:
    """A scorer script of the shared tools (shared/tools/*.py), loaded as a module."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
