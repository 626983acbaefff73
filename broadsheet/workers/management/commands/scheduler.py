"""`broadsheet scheduler`: claim due feeds from the database and send them to the workers."""

from __future__ import annotations

import contextlib
import signal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from broadsheet.workers.scheduler import Scheduler, SchedulerOptions


class Command(BaseCommand):
    help = "Send due feeds to the Celery workers (needs CELERY_BROKER_URL); runs until stopped."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between ticks")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if not settings.CELERY_BROKER_URL:
            raise CommandError("set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0) first")
        scheduler = Scheduler(
            SchedulerOptions(interval=options["interval"], max_queued=settings.SCHEDULER_MAX_QUEUED)
        )
        signal.signal(signal.SIGTERM, lambda signum, frame: scheduler.stop())
        self.stdout.write("scheduling due feeds; Ctrl-C to stop")
        with contextlib.suppress(KeyboardInterrupt):
            scheduler.run_forever()
