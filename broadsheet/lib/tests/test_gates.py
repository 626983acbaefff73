"""The one "fail in CI, skip loudly elsewhere" helper of the quality gates and tool suites."""

from __future__ import annotations

from pathlib import Path

import pytest

from broadsheet.lib.testing.gates import missing_in_ci, require


def test_a_gate_fails_in_ci_and_skips_elsewhere_when_data_is_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    absent = tmp_path / "no-such-dataset"
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no-such-dataset"):
        require("some gate", absent)
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception), pytest.warns(UserWarning, match="missing"):
        require("some gate", absent)
    require("some gate", tmp_path)  # present: nothing happens


def test_a_gates_skip_reason_is_one_ci_fails() -> None:
    assert missing_in_ci("clustering quality gate cannot run, missing: /x", {"CI": "1"})
