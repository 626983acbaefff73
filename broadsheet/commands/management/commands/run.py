"""`broadsheet run [--demo]`: the whole product (web processes + ingestion), no other service."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import sys
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from broadsheet.ingest.runner import IngestRunner, build_runner
from broadsheet.ingest.schedule import SchedulePolicy
from broadsheet.lib.heap import start_trimming
from broadsheet.lib.netguard import parse_networks
from broadsheet.stories.snapshot import save_on_exit
from broadsheet.web import processes as web_processes

log = logging.getLogger(__name__)

# The demo releases an article every few seconds: poll its feeds often.
DEMO_SCHEDULE = SchedulePolicy(min_interval=5, max_interval=30, max_backoff=60, error_base=5)
# After SIGTERM, polls in flight get this long to finish before `run` exits without them.
STOP_GRACE = 3.0


class Command(BaseCommand):
    help = "Start the site (a web process per core) and the ingestion scheduler."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--demo", action="store_true", help="also serve and follow the demo publishers"
        )
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--threads", type=int, default=8, help="web server threads")
        parser.add_argument("--no-ingest", action="store_true", help="serve pages only")
        parser.add_argument(
            "--processes", type=int, default=settings.WEB_PROCESSES,
            help="web server processes (default WEB_PROCESSES; 0: one per CPU core)",
        )  # fmt: skip
        # A web process started by another `run`: it serves the listening socket it inherits.
        parser.add_argument("--listen-fd", type=int, help=argparse.SUPPRESS)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        parse_networks(settings.TRUSTED_PROXIES)  # a typo stops here, not at the first request
        if options["listen_fd"] is not None:
            return self._serve(socket.socket(fileno=options["listen_fd"]), options)
        call_command("migrate", interactive=False, verbosity=0)
        _trim_heap()
        demo = self._start_demo() if options["demo"] else None
        runner, loop = None, None
        if settings.CELERY_BROKER_URL and not options["no_ingest"]:
            # Scaled out: `broadsheet scheduler` and `broadsheet worker` ingest instead.
            self.stdout.write("CELERY_BROKER_URL is set: ingestion runs in the Celery workers")
        elif not options["no_ingest"]:
            runner = build_runner(
                allow_loopback=demo is not None, schedule=DEMO_SCHEDULE if demo else None
            )
            loop = threading.Thread(target=runner.run_forever, name="ingest-loop", daemon=True)
            loop.start()
        signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
        count, started = web_processes.process_count(options["processes"]), []
        sockets = web_processes.listeners(options["host"], options["port"], count)
        port = sockets[0].getsockname()[1]
        self.stdout.write(f"Broadsheet is at http://{options['host']}:{port}/en/", ending="\n")
        self.stdout.flush()
        try:
            if count == 1:
                self._serve(sockets[0], options)
            else:  # web processes on every core; this one ingests and watches them
                started = web_processes.start(sockets, threads=options["threads"])
                web_processes.supervise(started, sockets, threads=options["threads"])
        except KeyboardInterrupt:
            pass
        finally:
            web_processes.stop(started)
            is_finished = runner is None or _stop_ingest(runner, loop)
            if demo is not None:
                demo.stop()
        if not is_finished:
            _exit_without_waiting()

    def _serve(self, listener: socket.socket, options: dict) -> None:
        signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
        try:
            from waitress import serve

            from broadsheet.lib.proxies import trust_proxies, waitress_proxy_options
            from broadsheet.web.warmup import freeze_heap, warm_up
            from broadsheet.wsgi import application

            warm_up(application)  # the first readers do not wait for templates to compile
            freeze_heap()  # and no full collection walks what the warm-up loaded
            _trim_heap()
            serve(
                trust_proxies(application, settings.TRUSTED_PROXIES),
                sockets=[listener],
                threads=options["threads"],
                ident="Broadsheet",
                **waitress_proxy_options(),
            )
        except KeyboardInterrupt:
            pass

    def _start_demo(self):  # type: ignore[no-untyped-def]
        from broadsheet.demo.publishers import DemoPublishers
        from broadsheet.sources.services import ensure_feed

        if "FETCH_HOST_DELAY" not in os.environ:
            # Politeness towards our own loopback demo servers only slows the demo down.
            settings.FETCH_HOST_DELAY = 0.05
        # Fixed ports keep article URLs (and so their ids) the same across restarts.
        demo = DemoPublishers(host="127.0.0.1", base_port=settings.DEMO_BASE_PORT)
        for publisher in demo.start():
            ensure_feed(
                publisher.feed_url, name=publisher.name, home_url=publisher.home_url,
                language=publisher.language, country=publisher.country,
            )  # fmt: skip
            self.stdout.write(f"demo publisher {publisher.name}: {publisher.feed_url}")
        return demo


def _trim_heap() -> None:
    """Return freed memory to the system every HEAP_TRIM_SECONDS (lib/heap.py): the story
    desk's window read, busy ingest rounds and page renders leave free pages behind."""
    if settings.HEAP_TRIM_SECONDS > 0:
        start_trimming(settings.HEAP_TRIM_SECONDS)


def _raise_keyboard_interrupt(signum, frame):  # type: ignore[no-untyped-def]
    raise KeyboardInterrupt


def _stop_ingest(runner: IngestRunner, loop: threading.Thread | None) -> bool:
    """Stop the ingest loop; True when its polls finished within STOP_GRACE seconds.

    A poll can hold its thread for minutes (a slow feed, the story desk's first load at a
    million articles), and Python joins a thread pool's threads at exit: `run` took over a
    minute to stop. Unfinished polls are left behind instead: every poll is safe to redo
    (its feed's lease expires, its articles are placed by the next start's first round).
    """
    runner.stop()
    if loop is not None:
        loop.join(timeout=STOP_GRACE)
    if loop is not None and loop.is_alive():
        log.warning("ingest still busy %.0f s after the stop; leaving it unfinished", STOP_GRACE)
        runner.context.extractor.close()
        return False
    runner.close()
    save_on_exit()  # the next start restores the story desk from it
    return True


def _exit_without_waiting() -> None:
    """End the process now, without joining the ingest threads still at work."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
