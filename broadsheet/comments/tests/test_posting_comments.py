"""Posting comments and replies through the pages; a failed post keeps the text."""

import re

import pytest
from django.test import Client

from broadsheet.accounts.tests.people import make_reader
from broadsheet.comments import services
from broadsheet.comments.models import Comment

pytestmark = pytest.mark.django_db


def post_url(target, kind: str = "article") -> str:
    return f"/en/comments/{kind}/{target.public_id}/post"


def page_of(article) -> str:
    return Client().get(f"/en/article/{article.public_id}").content.decode()


def test_an_article_without_comments_says_so_and_asks_anonymous_readers_to_log_in(article):
    html = page_of(article)
    assert "No comments yet" in html
    assert "Log in to comment" in html and 'class="comment-form"' not in html


def test_a_reader_posts_a_comment_and_everyone_sees_it_with_the_display_name(client, article):
    ana = make_reader("Ana")
    client.force_login(ana)
    response = client.post(post_url(article), {"body": "Good to see the **ferry** back."})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/article/{article.public_id}#c-{comment.pk}"
    html = page_of(article)
    assert "<strong>ferry</strong>" in html and "Ana" in html
    assert "Comments (1)" in html and "No comments yet" not in html
    assert "ana@example.org" not in html


def test_replies_nest_under_their_parent(client, article):
    ana, ben = make_reader("Ana"), make_reader("Ben")
    first = services.add_comment(article, author=ana, body="First!")
    client.force_login(ben)
    client.post(post_url(article), {"body": "A reply to Ana", "parent": first.pk})
    reply = Comment.objects.get(parent=first)
    assert reply.author == ben
    html = page_of(article)
    thread = html[html.index(f'id="c-{first.pk}"') :]
    nested = thread[thread.index('class="comment-replies"') :]
    assert f'id="c-{reply.pk}"' in nested and "A reply to Ana" in nested


def test_comments_work_on_story_pages_too(client, story):
    client.force_login(make_reader("Ana"))
    response = client.post(post_url(story, "story"), {"body": "On the whole story"})
    assert response["Location"].startswith(f"/en/story/{story.public_id}#c-")
    html = Client().get(f"/en/story/{story.public_id}").content.decode()
    assert "On the whole story" in html and "Comments (1)" in html


def test_anonymous_posting_redirects_to_login_and_stores_nothing(client, article):
    response = client.post(post_url(article), {"body": "hello"})
    assert response.status_code == 302 and response["Location"].startswith(
        "/en/accounts/login?next="
    )
    assert not Comment.objects.exists()


def test_posting_needs_a_post(client, article):
    client.force_login(make_reader("Ana"))
    assert client.get(post_url(article)).status_code == 405


def test_an_empty_comment_is_refused_and_a_long_one_keeps_its_text(client, article):
    client.force_login(make_reader("Ana"))
    empty = client.post(post_url(article), {"body": "   "})
    assert empty.status_code == 400 and "required" in empty.content.decode()
    text = "Long thoughts " + "x" * 5000
    long = client.post(post_url(article), {"body": text})
    html = long.content.decode()
    assert long.status_code == 400 and text in html and "at most 5000" in html
    assert not Comment.objects.exists()


def test_a_rate_limited_post_keeps_the_text_and_says_why(client, article):
    client.force_login(make_reader("Ana"))
    for n in range(services.USER_PER_MINUTE):
        assert client.post(post_url(article), {"body": f"Comment {n}"}).status_code == 302
    response = client.post(post_url(article), {"body": "My carefully written point"})
    html = response.content.decode()
    assert response.status_code == 429
    assert "commenting too fast" in html and "My carefully written point" in html
    assert re.search(r"<textarea[^>]*>\s*My carefully written point</textarea>", html)
    assert Comment.objects.count() == services.USER_PER_MINUTE


def test_the_per_address_limit_holds_across_accounts(client, article):
    for n in range(services.IP_PER_MINUTE):
        services.add_comment(article, author=make_reader(f"R{n}"), body=f"c{n}", ip="10.9.9.9")
    with pytest.raises(services.RateLimited):
        services.add_comment(article, author=make_reader("Late"), body="late", ip="10.9.9.9")
    services.add_comment(article, author=make_reader("Else"), body="fine", ip="10.9.9.10")


def test_a_reply_to_a_missing_or_foreign_comment_is_refused_with_the_text_kept(
    client, article, story
):
    ana = make_reader("Ana")
    elsewhere = services.add_comment(story, author=ana, body="On the story")
    client.force_login(ana)
    foreign = client.post(post_url(article), {"body": "Reply text A", "parent": elsewhere.pk})
    missing = client.post(post_url(article), {"body": "Reply text B", "parent": 999999})
    assert foreign.status_code == 400 and "Reply text A" in foreign.content.decode()
    assert missing.status_code == 400 and "no longer be replied to" in missing.content.decode()
    assert "Reply text B" in missing.content.decode()
    assert Comment.objects.count() == 1


def test_an_unknown_page_kind_or_id_is_a_404(client, article):
    client.force_login(make_reader("Ana"))
    assert (
        client.post(f"/en/comments/poll/{article.public_id}/post", {"body": "x"}).status_code == 404
    )
    assert client.post("/en/comments/article/nope/post", {"body": "x"}).status_code == 404


def test_comment_posting_enforces_csrf(article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_reader("Ana"))
    assert client.post(post_url(article), {"body": "forged"}).status_code == 403
    page = client.get(f"/en/article/{article.public_id}").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    ok = client.post(post_url(article), {"body": "real", "csrfmiddlewaretoken": token})
    assert ok.status_code == 302
    assert list(Comment.objects.values_list("body", flat=True)) == ["real"]
