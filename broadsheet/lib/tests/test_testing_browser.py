"""The test browser helper: a test may launch its own Chromium while the session's runs."""

from __future__ import annotations

from broadsheet.lib.testing.browser import launched_chromium


def test_a_second_chromium_launches_inside_the_session_one(chromium) -> None:
    with launched_chromium() as own:
        page = own.new_page()
        page.set_content("<p id=x>inside</p>")
        assert page.inner_text("#x") == "inside"
    session_page = chromium.new_page()
    session_page.set_content("<p id=y>still alive</p>")
    assert session_page.inner_text("#y") == "still alive"
    session_page.close()
