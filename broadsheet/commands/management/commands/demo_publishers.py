"""`broadsheet demo-publishers`: serve the bundled Wikinews publishers on loopback."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from broadsheet.demo.publishers import DemoPublishers


class Command(BaseCommand):
    help = "Serve the bundled demo publishers (Wikinews text, CC BY 2.5) on loopback."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--port",
            type=int,
            default=settings.DEMO_BASE_PORT,
            help="first port (one per publisher)",
        )
        parser.add_argument(
            "--initial", type=int, default=40, help="articles visible at start, per publisher"
        )
        parser.add_argument("--interval", type=float, default=20.0, help="seconds between releases")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        demo = DemoPublishers(
            host=options["host"],
            base_port=options["port"],
            initial=options["initial"],
            interval=options["interval"],
        )
        for publisher in demo.start():
            self.stdout.write(f"{publisher.name}: {publisher.feed_url}")
        try:
            import threading

            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        finally:
            demo.stop()
