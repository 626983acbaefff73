"""Optional language models behind one small interface; the offline methods never need one.

``OpenAICompatibleModel`` speaks the ``/chat/completions`` dialect that llama.cpp's
server, Ollama, vLLM and hosted services share. It posts with httpx directly,
not through the product's guarded fetcher: that fetcher exists for untrusted
publisher URLs (private ranges blocked), while the model URL is set by the
operator and is very often a private or loopback address (a model on the same
host or LAN), which the guard would rightly refuse.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

# http_post(url, payload, headers, timeout) -> (status code, body text); raises TimeoutError
# when the server is too slow and OSError (ConnectionError) when it cannot be reached.
HttpPost = Callable[[str, dict[str, Any], dict[str, str], float], tuple[int, str]]


class ModelUnavailable(Exception):
    """The model could not answer: down, too slow, refusing, or answering nonsense."""


@runtime_checkable
class LanguageModel(Protocol):
    """Anything that completes a prompt; implementations raise ModelUnavailable on failure."""

    name: str

    def complete(self, prompt: str, *, max_tokens: int, temperature: float = 0.0) -> str:
        """The model's reply to one user prompt."""
        ...


def post_with_httpx(
    url: str, payload: dict[str, Any], headers: dict[str, str], timeout: float
) -> tuple[int, str]:
    """POST JSON with httpx, mapping its errors onto TimeoutError and ConnectionError."""
    import httpx

    try:
        response = httpx.post(url, json=payload, headers=headers, timeout=timeout)
    except httpx.TimeoutException as exc:
        raise TimeoutError(str(exc)) from exc
    except httpx.HTTPError as exc:
        raise ConnectionError(str(exc)) from exc
    return response.status_code, response.text


class OpenAICompatibleModel:
    """A chat-completions endpoint (OpenAI-compatible), with retries and backoff."""

    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        api_key: str | None = None,
        timeout: float = 30.0,
        retries: int = 2,
        http_post: HttpPost | None = None,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Configure the endpoint; nothing is contacted until ``complete`` is called."""
        self.name = model
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.api_key = api_key
        self.timeout = timeout
        self.retries = max(0, retries)
        self.http_post: HttpPost = http_post or post_with_httpx
        self.backoff = backoff
        self.sleep = sleep
        self.last_usage: int | None = None  # total tokens the server reported for the last call

    def complete(self, prompt: str, *, max_tokens: int, temperature: float = 0.0) -> str:
        """The first choice's message content; retries on 5xx, 429, timeouts and refusals."""
        payload = {
            "model": self.name,
            "messages": [{"role": "user", "content": prompt}],
            "max_tokens": max_tokens,
            "temperature": temperature,
            "stream": False,
        }
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        problem = "no attempt made"
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                status, body = self.http_post(self.url, payload, headers, self.timeout)
            except TimeoutError:
                problem = f"timed out after {self.timeout:g}s"
                continue
            except OSError as exc:
                problem = f"unreachable ({exc.__class__.__name__})"
                continue
            if status >= 500 or status == 429:
                problem = f"HTTP {status}"
                continue
            if status >= 400:
                raise ModelUnavailable(f"{self.url}: HTTP {status}")  # a client error won't heal
            return self._content(body)
        raise ModelUnavailable(f"{self.url}: {problem}")

    def _content(self, body: str) -> str:
        try:
            data = json.loads(body)
            content = data["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise ModelUnavailable(f"{self.url}: not a chat completion ({exc})") from exc
        if not isinstance(content, str):
            raise ModelUnavailable(f"{self.url}: empty completion")
        usage = data.get("usage") if isinstance(data, dict) else None
        total = usage.get("total_tokens") if isinstance(usage, dict) else None
        self.last_usage = total if isinstance(total, int) else None
        return content
