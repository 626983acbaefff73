"""The AI panel: cited summaries that point into the body, answers, story AI, headline flags."""

from __future__ import annotations

import re

from broadsheet.articles.models import Article
from broadsheet.lib.testing.safety import executable_parts
from broadsheet.stories.models import Story
from broadsheet.stories.placement import place_articles
from broadsheet.stories.tests.test_story_assignment import ELECTION, QUAKE, QUAKE_2, store


def test_article_page_defers_the_panel_and_works_without_javascript(client, db):
    article = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=1)
    html = client.get(f"/en/article/{article.public_id}").content.decode()
    assert f'data-panel-src="/en/article/{article.public_id}/ai"' in html
    assert "<noscript>" in html and "Show the AI summary" in html


def test_panel_summary_cites_sentences_that_exist_in_the_body(client, db):
    article = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=1)
    page = client.get(f"/en/article/{article.public_id}").content.decode()
    panel = client.get(f"/en/article/{article.public_id}/ai").content.decode()
    cited = re.findall(r'href="#s-(\d+)"', panel)
    assert cited, panel
    for index in cited:
        assert f'id="s-{index}"' in page
    assert "offline method" in panel
    assert "Key sentences from the article" in panel and "AI summary" not in panel


def test_ask_answers_from_the_article_with_a_citation(client, db):
    article = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=1)
    html = client.get(
        f"/en/article/{article.public_id}/ask", {"q": "How many people were killed?"}
    ).content.decode()
    assert "at least four people" in html and "#s-0" in html


def test_ask_says_when_the_article_does_not_say(client, db):
    article = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=1)
    html = client.get(
        f"/en/article/{article.public_id}/ask", {"q": "What is the price of coffee in Brazil?"}
    ).content.decode()
    assert "The article does not say." in html


def test_ask_fragment_escapes_the_question_and_runs_nothing(client, db):
    article = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=1)
    question = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    html = client.get(f"/en/article/{article.public_id}/ask", {"q": question}).content.decode()
    assert executable_parts(html) == []


def test_story_page_says_what_happened_citing_its_articles(client, db):
    a = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=1, hours_ago=5)
    b = store("Peru quake: rescuers search homes near Arequipa", QUAKE_2, source="pacific", n=2)
    c = store("Social Democrats win Finnish election", ELECTION, source="nordic", n=3)
    place_articles([a.pk, b.pk, c.pk])
    story = Story.objects.get(pk=Article.objects.get(pk=a.pk).story_id)
    html = client.get(f"/en/story/{story.public_id}").content.decode()
    assert "Key sentences from the coverage" in html
    assert f"/en/article/{a.public_id}#s-" in html or f"/en/article/{b.public_id}#s-" in html
    # Citations name their source, one label per article: never a bare "[1]".
    labels = set(
        re.findall(r'class="cite" href="/en/article/[^"#]+#s-\d+" title="[^"]*">([^<]+)</a>', html)
    )
    assert labels and labels <= {a.source.name, b.source.name}, labels
    answer = client.get(
        f"/en/story/{story.public_id}/ask", {"q": "Where did the earthquake strike?"}
    ).content.decode()
    assert "Arequipa" in answer or "Peru" in answer


def test_garbled_headline_is_flagged_for_the_admin(db):
    body = (
        "An al-Qaeda-linked group claimed responsibility on Sunday for an attack on a military "
        "camp in central Mali that killed more than 20 soldiers, the army said. The group said "
        "its fighters had stormed the camp at dawn and seized weapons and vehicles."
    )
    article = store(
        "Mali Attack on military: Al-Qaeda linked group in takes responsibility",
        body,
        source="wire",
        n=9,
    )
    place_articles([article.pk])
    article.refresh_from_db()
    assert article.headline_flags


def test_readers_and_apps_see_the_headline_check(client, db):
    body = (
        "An al-Qaeda-linked group claimed responsibility on Sunday for an attack on a military "
        "camp in central Mali that killed more than 20 soldiers, the army said. The group said "
        "its fighters had stormed the camp at dawn and seized weapons and vehicles."
    )
    garbled = store(
        "Mali Attack on military: Al-Qaeda linked group in takes responsibility",
        body,
        source="wire",
        n=9,
    )
    fine = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=1)
    panel = client.get(f"/en/article/{garbled.public_id}/ai").content.decode()
    assert "headline-check" not in panel  # not checked yet: nothing claimed
    place_articles([garbled.pk, fine.pk])
    panel = client.get(f"/en/article/{garbled.public_id}/ai").content.decode()
    assert "the text does not support" in panel and "<q>in takes</q>" in panel
    panel = client.get(f"/en/article/{fine.public_id}/ai").content.decode()
    assert "Headline checked against the text: it matches." in panel
    data = client.get(f"/api/v1/articles/{garbled.public_id}").json()
    assert data["headline_check"]["checked"] and data["headline_check"]["ok"] is False
    assert any("in takes" in d for d in data["headline_check"]["differences"])
    assert client.get(f"/api/v1/articles/{fine.public_id}").json()["headline_check"] == {
        "checked": True, "ok": True, "differences": []
    }  # fmt: skip
