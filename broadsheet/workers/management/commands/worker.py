"""`broadsheet worker`: a Celery worker running the ingest, story and index tasks."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from broadsheet.workers.celery_app import QUEUES


class Command(BaseCommand):
    help = "Run a Celery worker (needs CELERY_BROKER_URL) on the feeds, stories and index queues."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--queues", default=",".join(QUEUES), help="comma-separated queues to consume"
        )
        parser.add_argument(
            "--concurrency",
            type=int,
            default=settings.INGEST_WORKERS,
            help="tasks run at once (threads; default INGEST_WORKERS)",
        )
        parser.add_argument(
            "--allow-loopback", action="store_true", help="allow feeds on 127.0.0.0/8 (the demo)"
        )
        parser.add_argument("--loglevel", default="INFO")
        parser.add_argument("--hostname", default=None, help="node name (default: celery's)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if not settings.CELERY_BROKER_URL:
            raise CommandError("set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0) first")
        from broadsheet.workers import tasks
        from broadsheet.workers.celery_app import app

        tasks.allow_loopback = options["allow_loopback"]
        # Threads: polling waits on the network, extraction runs in its own process pool
        # (EXTRACTION_WORKERS) and story placement is serialised anyway, so processes
        # would only multiply memory (each would hold its own story desk).
        argv = [
            "worker",
            "--pool=threads",
            f"--concurrency={options['concurrency']}",
            f"--queues={options['queues']}",
            f"--loglevel={options['loglevel']}",
            "--without-gossip",
            "--without-mingle",
        ]
        if options["hostname"]:
            argv.append(f"--hostname={options['hostname']}")
        app.worker_main(argv)
