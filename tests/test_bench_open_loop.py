"""bench/_open_loop.py: the wait per request that makes wrk's connections offer a rate."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
spec = importlib.util.spec_from_file_location("_open_loop", ROOT / "bench" / "_open_loop.py")
assert spec is not None and spec.loader is not None
open_loop = importlib.util.module_from_spec(spec)
spec.loader.exec_module(open_loop)


def test_the_mean_wait_is_connections_over_rate() -> None:
    assert open_loop.mean_delay_ms(64, 400) == 160.0
    assert open_loop.mean_delay_ms(64, 800) == 80.0
    assert open_loop.mean_delay_ms(10, 3) == pytest.approx(3333.333, abs=0.001)


@pytest.mark.parametrize(("connections", "rate"), [(0, 400), (64, 0), (64, -1)])
def test_no_wait_without_connections_or_a_positive_rate(connections: int, rate: float) -> None:
    with pytest.raises(ValueError):
        open_loop.mean_delay_ms(connections, rate)


def test_the_script_waits_the_mean_in_its_delay_hook() -> None:
    script = open_loop.lua_script(open_loop.mean_delay_ms(64, 300))
    assert re.search(r"^local mean = 213\.333", script, re.M)
    assert "function delay()" in script and "math.log(1 - math.random())" in script
    assert 'thread:set("seed"' in script  # each wrk thread draws its own waits


def test_the_script_carries_the_fraction_of_a_millisecond_wrk_cannot_wait() -> None:
    script = open_loop.lua_script(2.5)
    assert "local whole = math.floor(carry)" in script
    assert "carry = carry - whole" in script and "return whole" in script


def test_serve_refuses_a_rate_without_wrk(tmp_path: Path) -> None:
    import subprocess

    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "serve.py"), "--rate", "400",
         "--keep", str(tmp_path / "db")],
        capture_output=True, text=True, env={"PATH": str(tmp_path)}, timeout=60,
    )  # fmt: skip
    assert out.returncode != 0
    assert "--rate needs wrk" in out.stderr
    assert not (tmp_path / "db").exists()  # nothing built, no httpx figures passed off
