"""The clustering package is a pure pipeline step: it imports nothing from Django."""

from __future__ import annotations

import subprocess
import sys


def test_clustering_imports_no_django() -> None:
    code = "import sys, broadsheet.clustering; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
