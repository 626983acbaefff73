"""Two Celery workers ingest the demo publishers; one is killed mid-run; nothing is lost or doubled.

Real parts: Redis at 127.0.0.1:6379 (a database claimed by the test process, lib/testing/redis_db.py:
workers sharing a broker with another run would take each other's tasks), PostgreSQL (skipped when it does not answer)
and SQLite in WAL mode, `broadsheet worker` x2 and `broadsheet scheduler` as processes, the demo
publishers on loopback.
"""

from __future__ import annotations

from datetime import datetime

import pytest
import redis

from broadsheet.clustering import Doc, cluster_articles
from broadsheet.demo.publishers import DemoPublishers
from broadsheet.lib.testing.cluster import (
    Deployment,
    make_database,
    postgres_answers,
    wait_until,
)
from broadsheet.lib.testing.redis_db import claim_database, flush_claimed

pytestmark = pytest.mark.slow
PER_PUBLISHER = 16


@pytest.fixture(params=["postgresql", "sqlite"])
def deployment(request, tmp_path):
    if request.param == "postgresql" and not postgres_answers():
        pytest.skip("no PostgreSQL answers at 127.0.0.1:5432")
    try:
        redis_url = f"redis://127.0.0.1:6379/{claim_database()}"
        broker = redis.Redis.from_url(redis_url, socket_timeout=3)
        flush_claimed(broker)
    except redis.RedisError as error:
        pytest.skip(f"no Redis answers at 127.0.0.1:6379: {error}")
    demo = DemoPublishers(base_port=0, initial=PER_PUBLISHER, interval=3600)
    publishers = demo.start()
    feeds = [
        {"url": p.feed_url, "name": p.name, "home_url": p.home_url, "language": p.language,
         "country": p.country}
        for p in publishers
    ]  # fmt: skip
    deploy = Deployment(tmp_path, make_database(tmp_path, vendor=request.param), redis_url)
    try:
        deploy.prepare(feeds)
        yield deploy, demo
    finally:
        deploy.close()
        demo.stop()
        flush_claimed(broker)
        broker.close()


def scalar(deploy: Deployment, sql: str) -> int:
    return int(deploy.database.query(sql)[0][0])


def test_two_workers_one_killed_store_every_article_once_in_one_story(deployment):
    deploy, demo = deployment
    expected = len(demo.released_articles())
    stored = lambda: scalar(deploy, "select count(*) from articles_article")  # noqa: E731
    deploy.start_worker("a")
    deploy.start_worker("b")
    deploy.start("scheduler", "scheduler", "--interval", "0.5")

    assert wait_until(lambda: stored() >= expected // 4, timeout=180), deploy.log("a")
    deploy.kill("a")  # SIGKILL, mid-run: its taken tasks come back after the visibility timeout
    at_kill = stored()
    # The worst moment: "a" died holding the mutex under which one worker at a time puts a
    # dead worker's messages back (kombu's scan), which then lasts as long as configured.
    mutex = deploy.run(
        "shell", "-c", "from broadsheet.workers.celery_app import app; "
        "print(app.conf.broker_transport_options['unacked_mutex_expire'])",
    )  # fmt: skip
    with redis.Redis.from_url(deploy.redis_url) as client:
        client.set("unacked_mutex", "killed", ex=int(mutex.split()[-1]))
    assert at_kill < expected, "the run finished before the kill: nothing was tested"

    pending = "select count(*) from articles_article where enriched_at is null"
    finished = wait_until(
        lambda: stored() >= expected and scalar(deploy, pending) == 0, timeout=300, every=1
    )
    state = deploy.database.query("select id, next_fetch_at, last_error from sources_feed")
    assert finished, f"{stored()}/{expected} stored\n{state}\n{deploy.log('b')}"

    assert scalar(deploy, "select count(*) from articles_article") == expected
    assert scalar(deploy, "select count(distinct url) from articles_article") == expected
    assert scalar(deploy, "select count(*) from articles_article where story_id is null") == 0
    dead_story = (
        "select count(*) from articles_article a join stories_story s on s.id = a.story_id "
        "where s.merged_into_id is not null"
    )
    assert scalar(deploy, dead_story) == 0
    assert scalar(deploy, "select count(*) from workers_deadletter") == 0
    assert_same_stories_as_in_process(deploy)


def assert_same_stories_as_in_process(deploy: Deployment) -> None:
    """The workers' stories are those the product's clusterer finds in one process, given the
    order in which the workers placed the articles: no event split between two stories."""
    rows = deploy.database.query(
        "select a.id, a.title, a.body, s.slug, a.url, a.published_at, a.language, a.story_id, "
        "a.date_note "
        "from articles_article a join sources_source s on s.id = a.source_id "
        "order by a.enriched_at, a.id"
    )
    # As stories/placement.doc_for sees them: an untrusted feed date is no time at all.
    docs = [
        Doc(title=r[1], text=r[2], source=r[3], url=r[4],
            published_at=None if r[8] else as_time(r[5]), language=r[6] or None)
        for r in rows
    ]  # fmt: skip
    labels = cluster_articles(docs)
    stored = [r[7] for r in rows]
    by_label: dict[int, set[int]] = {}
    by_story: dict[int, set[int]] = {}
    for label, story in zip(labels, stored, strict=True):
        by_label.setdefault(label, set()).add(story)
        by_story.setdefault(story, set()).add(label)
    split = {label: stories for label, stories in by_label.items() if len(stories) > 1}
    joined = {story: found for story, found in by_story.items() if len(found) > 1}
    shown = {label: [(r[1][:60], str(r[5])[:10], r[7]) for r, lab in zip(rows, labels, strict=True)
                     if lab == label] for label in split}  # fmt: skip
    assert split == {}, f"one event in several stories: {split}\n{shown}"
    assert joined == {}, f"several events in one story: {joined}"


def as_time(value: object) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))
