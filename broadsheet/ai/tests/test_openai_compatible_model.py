"""OpenAICompatibleModel against a loopback HTTP server that answers like an OpenAI endpoint."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from broadsheet.ai import ModelUnavailable, OpenAICompatibleModel


class _Endpoint:
    """What the fake server does next: a queue of (status, delay) replies, and what it saw."""

    def __init__(self) -> None:
        self.replies: list[tuple[int, float]] = []
        self.requests: list[tuple[str, dict[str, str], dict]] = []


def _handler(endpoint: _Endpoint) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            endpoint.requests.append((self.path, dict(self.headers), body))
            status, delay = endpoint.replies.pop(0) if endpoint.replies else (200, 0.0)
            time.sleep(delay)
            if status == 200:
                payload = {
                    "id": "chatcmpl-1",
                    "object": "chat.completion",
                    "choices": [
                        {"index": 0, "message": {"role": "assistant", "content": "A reply [1]"}}
                    ],
                    "usage": {"prompt_tokens": 10, "completion_tokens": 3, "total_tokens": 13},
                }
            else:
                payload = {"error": {"message": "server error"}}
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)

        def log_message(self, *args) -> None:
            pass

    return Handler


@pytest.fixture
def endpoint() -> Iterator[tuple[_Endpoint, str]]:
    state = _Endpoint()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def test_model_parses_openai_style_content(endpoint):
    state, base_url = endpoint
    model = OpenAICompatibleModel(base_url=base_url, model="tiny-llm", timeout=5)
    assert model.complete("Say hi", max_tokens=20) == "A reply [1]"
    assert model.last_usage == 13


def test_model_posts_chat_completions_with_model_name_and_key(endpoint):
    state, base_url = endpoint
    model = OpenAICompatibleModel(base_url=base_url, model="tiny-llm", api_key="sk-test", timeout=5)
    model.complete("Say hi", max_tokens=20)
    path, headers, body = state.requests[0]
    assert path == "/v1/chat/completions"
    assert headers["Authorization"] == "Bearer sk-test"
    assert body["model"] == "tiny-llm"
    assert body["messages"] == [{"role": "user", "content": "Say hi"}]
    assert body["max_tokens"] == 20 and body["temperature"] == 0.0


def test_model_retries_after_a_500(endpoint):
    state, base_url = endpoint
    state.replies = [(500, 0.0), (503, 0.0)]
    model = OpenAICompatibleModel(
        base_url=base_url, model="tiny-llm", timeout=5, retries=2, backoff=0
    )
    assert model.complete("Say hi", max_tokens=20) == "A reply [1]"
    assert len(state.requests) == 3


def test_model_raises_model_unavailable_on_timeout(endpoint):
    state, base_url = endpoint
    state.replies = [(200, 1.0), (200, 1.0)]
    model = OpenAICompatibleModel(
        base_url=base_url, model="tiny-llm", timeout=0.2, retries=1, backoff=0
    )
    with pytest.raises(ModelUnavailable, match="timed out"):
        model.complete("Say hi", max_tokens=20)
    assert len(state.requests) == 2


def test_model_raises_model_unavailable_when_nothing_listens():
    model = OpenAICompatibleModel(base_url="http://127.0.0.1:9/v1", model="m", timeout=1, retries=0)
    with pytest.raises(ModelUnavailable):
        model.complete("Say hi", max_tokens=20)


def test_client_errors_are_not_retried(endpoint):
    state, base_url = endpoint
    state.replies = [(401, 0.0)]
    model = OpenAICompatibleModel(base_url=base_url, model="m", timeout=5, retries=2, backoff=0)
    with pytest.raises(ModelUnavailable, match="401"):
        model.complete("Say hi", max_tokens=20)
    assert len(state.requests) == 1
