"""`broadsheet ingest [--once]`: poll due feeds, once or until interrupted."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from broadsheet.ingest.runner import build_runner


class Command(BaseCommand):
    help = "Poll due feeds and store their articles (once, or continuously)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--once", action="store_true", help="poll every due feed once, then exit"
        )
        parser.add_argument(
            "--allow-loopback", action="store_true", help="allow feeds on 127.0.0.0/8 (the demo)"
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        limiter = None
        if settings.CELERY_BROKER_URL:
            # Celery workers fetch and place stories too: share their host limits and
            # story lock instead of keeping this process's own.
            from broadsheet.workers.tasks import install_story_lock, shared_host_limiter

            install_story_lock()
            limiter = shared_host_limiter()
        runner = build_runner(allow_loopback=options["allow_loopback"], limiter=limiter)
        try:
            if options["once"]:
                outcomes = runner.run_once()
                new = sum(o.new_articles for o in outcomes)
                failed = [o for o in outcomes if o.status == "error"]
                self.stdout.write(
                    f"polled {len(outcomes)} feeds: {new} new articles, {len(failed)} failed"
                )
                for outcome in failed:
                    self.stdout.write(f"  feed {outcome.feed_id}: {outcome.error}")
            else:
                self.stdout.write("ingesting; Ctrl-C to stop")
                runner.run_forever()
        except KeyboardInterrupt:
            pass
        finally:
            runner.close()
