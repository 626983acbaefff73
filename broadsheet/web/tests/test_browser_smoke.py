import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_renders_in_chromium(live_server, page, source):
    page.goto(live_server.url + "/en/")
    assert page.title()
    assert page.locator("main").count() == 1
