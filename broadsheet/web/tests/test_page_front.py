"""The WSGI front keeps what the page cache marked shareable, and only that, for its time."""

from __future__ import annotations

import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from broadsheet.articles.services import upsert_article
from broadsheet.lib.page_versions import page_version, retire_shared_pages
from broadsheet.lib.testing.wsgi import call_wsgi
from broadsheet.web.page_front import PageCacheFront


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 30
    cache.clear()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Inner:
    """A WSGI app standing in for Django: answers with the headers a test gives it."""

    def __init__(self, headers: list[tuple[str, str]], body: bytes = b"<p>page</p>") -> None:
        self.headers, self.body, self.calls, self.closed = headers, body, 0, 0

    def __call__(self, environ, start_response):
        self.calls += 1
        start_response("200 OK", list(self.headers))
        inner = self

        class Result(list):
            def close(self) -> None:
                inner.closed += 1

        return Result([self.body])


call = call_wsgi


def marked() -> list[tuple[str, str]]:
    """The headers the page cache middleware puts on a page it stored."""
    return [("Content-Type", "text/html; charset=utf-8"), ("X-Page-Cache", "miss"),
            ("X-Page-Version", page_version())]  # fmt: skip


def test_a_marked_page_is_served_again_without_calling_django():
    inner = Inner(marked())
    front = PageCacheFront(inner)
    call(front)
    status, headers, body = call(front)
    assert inner.calls == 1 and inner.closed == 1
    assert status == "200 OK" and body == b"<p>page</p>"
    assert headers["X-Page-Cache"] == "hit" and headers["Content-Length"] == str(len(body))
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "max-age=0"


def test_a_kept_copy_carries_only_the_headers_the_page_cache_shares():
    inner = Inner([*marked(), ("X-Debug-Trace", "reader-42"), ("Cache-Control", "max-age=600")])
    front = PageCacheFront(inner)
    call(front)
    _, headers, _ = call(front)
    assert "X-Debug-Trace" not in headers and headers["Cache-Control"] == "max-age=0"


@pytest.mark.parametrize(
    "headers",
    [
        [("Content-Type", "text/html")],  # the page cache did not mark it
        [*marked(), ("Set-Cookie", "csrftoken=abc")],  # one browser's cookie
    ],
)
def test_an_unmarked_or_cookie_setting_response_is_never_kept(headers):
    inner = Inner(headers)
    front = PageCacheFront(inner)
    call(front)
    call(front)
    assert inner.calls == 2 and len(front) == 0


@pytest.mark.parametrize(
    "environ",
    [
        {"HTTP_COOKIE": "sessionid=abc"},
        {"HTTP_COOKIE": "theme=dark; messages=xyz"},
        {"HTTP_AUTHORIZATION": "Bearer t"},
        {"REQUEST_METHOD": "POST"},
        {"PATH_INFO": "/api/v1/articles"},
    ],
)
def test_personal_requests_pass_through_even_when_a_copy_is_kept(environ):
    inner = Inner(marked())
    front = PageCacheFront(inner)
    call(front)
    call(front, **environ)
    assert inner.calls == 2


def test_a_copy_lives_only_for_what_is_left_of_the_cache_time():
    clock = Clock()
    inner = Inner([*marked()[:1], ("X-Page-Cache", "hit"), marked()[2], ("Age", "25")])
    front = PageCacheFront(inner, clock=clock)
    call(front)
    clock.now += 4
    call(front)
    assert inner.calls == 1
    clock.now += 2  # 25 + 6 > 30 seconds old
    call(front)
    assert inner.calls == 2


def test_each_path_and_query_is_its_own_copy_and_memory_is_bounded():
    inner = Inner(marked())
    front = PageCacheFront(inner, max_pages=2)
    for query in ("page=1", "page=2", "page=3"):
        call(front, QUERY_STRING=query)
    assert inner.calls == 3 and len(front) == 2
    call(front, QUERY_STRING="page=1")  # the oldest copy went first
    assert inner.calls == 4


def test_turned_off_the_front_keeps_nothing(settings):
    settings.PAGE_CACHE_SECONDS = 0
    inner = Inner(marked())
    front = PageCacheFront(inner)
    call(front)
    call(front)
    assert inner.calls == 2 and len(front) == 0


def test_django_pages_come_back_from_the_front_with_no_query(
    wsgi_django, feed, make_draft, django_assert_num_queries, settings
):
    settings.ALLOWED_HOSTS = ["news.example"]
    article = upsert_article(make_draft(), source=feed.source, feed=feed)
    front = PageCacheFront(wsgi_django)
    path = f"/en/article/{article.public_id}"
    _, first_headers, first = call(front, path)
    with django_assert_num_queries(0):
        _, headers, again = call(front, path)
    assert first_headers["X-Page-Cache"] == "miss" and headers["X-Page-Cache"] == "hit"
    assert again == first and "Ferry service resumes" in again.decode()
    assert headers["Content-Security-Policy"] == first_headers["Content-Security-Policy"]
    assert "Set-Cookie" not in headers


def test_a_signed_in_reader_never_gets_the_kept_copy(wsgi_django, feed, make_draft, settings):
    settings.ALLOWED_HOSTS = ["news.example"]
    article = upsert_article(make_draft(), source=feed.source, feed=feed)
    front = PageCacheFront(wsgi_django)
    path = f"/en/article/{article.public_id}"
    call(front, path)
    client = Client()
    user = get_user_model().objects.create_user("reader", "r@example.org", "pw-long-enough")
    client.force_login(user)
    session = client.cookies["sessionid"].value
    _, headers, body = call(front, path, HTTP_COOKIE=f"sessionid={session}")
    assert "X-Page-Cache" not in headers and "Log out" in body.decode()


def test_a_retired_page_version_makes_the_kept_copy_a_miss_at_once():
    inner = Inner(marked())
    front = PageCacheFront(inner)
    call(front)
    call(front)
    assert inner.calls == 1
    retire_shared_pages()  # a moderator hid a comment
    inner.headers = marked()
    call(front)
    assert inner.calls == 2
    call(front)
    assert inner.calls == 2


def test_the_page_version_is_not_sent_to_readers():
    _, headers, _ = call(PageCacheFront(Inner(marked())))
    assert "X-Page-Version" not in headers and headers["X-Page-Cache"] == "miss"


class Refilling(Inner):
    """Django standing in, slow: while it renders, other readers ask the front for the page."""

    def __init__(self, front_calls: int) -> None:
        super().__init__(marked(), body=b"<p>new</p>")
        self.front: PageCacheFront | None = None
        self.front_calls, self.seen_meanwhile = front_calls, []

    def __call__(self, environ, start_response):
        front, self.front = self.front, None  # a reader's request that reaches Django is quick
        if front is not None:
            for _ in range(self.front_calls):
                self.seen_meanwhile.append(call(front)[2])
        return super().__call__(environ, start_response)


def test_an_expired_copy_is_refilled_by_one_request_while_others_get_it():
    clock = Clock()
    first = Inner(marked(), body=b"<p>old</p>")
    front = PageCacheFront(first, clock=clock)
    call(front)
    clock.now += 31  # expired
    slow = Refilling(front_calls=3)
    front.app, slow.front = slow, front
    _, headers, body = call(front)
    assert body == b"<p>new</p>" and slow.calls == 1  # one render, not four
    assert slow.seen_meanwhile == [b"<p>old</p>"] * 3
    slow.front = None
    assert call(front)[2] == b"<p>new</p>" and slow.calls == 1  # the new copy is kept


def test_an_expired_copy_is_not_served_long_past_its_time_or_once_retired():
    clock = Clock()
    front = PageCacheFront(Inner(marked(), body=b"<p>old</p>"), clock=clock)
    call(front)
    clock.now += 30 + 11  # past the stale time: a refill in flight does not make it servable
    slow = Refilling(front_calls=1)
    front.app, slow.front = slow, front
    call(front)
    assert slow.seen_meanwhile == [b"<p>new</p>"] and slow.calls == 2  # it waited for Django
    clock.now += 31  # the new copy expired too, and a moderator hid a comment
    retire_shared_pages()
    slow.headers, slow.body, slow.seen_meanwhile, slow.front = marked(), b"<p>v3</p>", [], front
    call(front)
    assert slow.seen_meanwhile == [b"<p>v3</p>"] and slow.calls == 4


class Blocking(Inner):
    """Django standing in, rendering until the test lets it finish."""

    def __init__(self, headers: list[tuple[str, str]]) -> None:
        super().__init__(headers)
        self.started, self.finish, self.entered = threading.Event(), threading.Event(), 0

    def __call__(self, environ, start_response):
        self.entered += 1
        self.started.set()
        assert self.finish.wait(10)
        return super().__call__(environ, start_response)


def _two_readers_at_once(inner: Blocking) -> list[bytes]:
    front = PageCacheFront(inner)
    bodies: list[bytes] = []
    first = threading.Thread(target=lambda: bodies.append(call(front)[2]))
    first.start()
    assert inner.started.wait(10)
    second = threading.Thread(target=lambda: bodies.append(call(front)[2]))
    second.start()
    time.sleep(0.2)  # the second reader is waiting (or, for a page not kept, rendering)
    inner.finish.set()
    first.join(10)
    second.join(10)
    return bodies


def test_readers_of_a_page_not_yet_kept_wait_for_one_render():
    inner = Blocking(marked())
    assert _two_readers_at_once(inner) == [b"<p>page</p>"] * 2
    assert inner.calls == 1


def test_a_page_that_is_not_kept_is_rendered_for_every_reader():
    inner = Blocking([("Content-Type", "text/html"), ("Set-Cookie", "csrftoken=abc")])
    front = PageCacheFront(inner)
    inner.finish.set()
    call(front)  # not kept: it sets a cookie
    inner.finish.clear()
    inner.started.clear()
    bodies: list[bytes] = []
    first = threading.Thread(target=lambda: bodies.append(call(front)[2]))
    second = threading.Thread(target=lambda: bodies.append(call(front)[2]))
    first.start()
    second.start()
    deadline = time.monotonic() + 10  # a condition, not a delay: a loaded host is slow
    while inner.entered < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert inner.entered == 3  # both are inside Django, neither waits for the other
    inner.finish.set()
    first.join(10)
    second.join(10)
    assert inner.calls == 3 and len(bodies) == 2
