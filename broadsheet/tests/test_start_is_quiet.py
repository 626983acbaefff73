"""A fresh install starts without warnings (WhiteNoise used to warn of a missing static dir)."""

from __future__ import annotations

import os
import subprocess
import sys


def test_loading_the_site_on_a_fresh_data_dir_warns_of_nothing(tmp_path):
    env = dict(os.environ, BROADSHEET_DATA_DIR=str(tmp_path / "fresh"))
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c",
         "import broadsheet.wsgi as w; w.application"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Warning" not in result.stderr
