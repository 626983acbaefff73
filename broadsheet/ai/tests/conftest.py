"""Fixtures for the AI panel's tests: demo articles by id."""

from __future__ import annotations

from typing import Any

import pytest

from broadsheet.ai.evaluation import load_corpus


@pytest.fixture(scope="session")
def corpus() -> dict[str, dict[str, Any]]:
    return load_corpus()


@pytest.fixture
def airbus(corpus) -> dict[str, Any]:
    return corpus["Airbus_launches_world's_largest_passenger_plane"]
