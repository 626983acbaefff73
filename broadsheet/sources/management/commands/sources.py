"""`broadsheet sources add|list|import-opml|export-opml`."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from broadsheet.lib.fetch import Fetcher, FetchError
from broadsheet.sources.fetching import fetch_policy_from_settings
from broadsheet.sources.models import Feed
from broadsheet.sources.opml import OpmlError, render_opml
from broadsheet.sources.services import SourceError, add_source, export_outlines, import_opml

OPML_ACCEPT = "text/x-opml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"


class Command(BaseCommand):
    help = "Manage the publishers and feeds Broadsheet follows."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add a feed URL, or a homepage whose feeds are discovered")
        add.add_argument("url")
        add.add_argument("--name", help="publisher name (default: the feed's title)")
        add.add_argument(
            "--allow-loopback", action="store_true", help="allow 127.0.0.0/8 (the demo)"
        )
        sub.add_parser("list", help="list feeds with their health")
        opml_in = sub.add_parser(
            "import-opml", help="add every feed of an OPML file, or of an OPML URL (fetched)"
        )
        opml_in.add_argument("file", help="a file path, or an http(s) URL")
        opml_in.add_argument(
            "--allow-loopback", action="store_true", help="allow 127.0.0.0/8 (the demo)"
        )
        sub.add_parser("export-opml", help="write every feed as OPML to standard output")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        action = options["action"]
        if action == "add":
            self._add(
                options["url"], name=options["name"], allow_loopback=options["allow_loopback"]
            )
        elif action == "list":
            self._list()
        elif action == "import-opml":
            self._import(options["file"], allow_loopback=options["allow_loopback"])
        else:
            sys.stdout.buffer.write(render_opml(export_outlines(), title="Broadsheet feeds"))

    def _add(self, url: str, *, name: str | None, allow_loopback: bool) -> None:
        with Fetcher(fetch_policy_from_settings(allow_loopback=allow_loopback)) as fetcher:
            try:
                added = add_source(url, fetcher=fetcher, name=name)
            except (SourceError, FetchError) as error:
                raise CommandError(getattr(error, "reason", None) or str(error)) from None
        for item in added:
            state = "added" if item.created else "already followed"
            self.stdout.write(f"{state}: {item.feed.url} ({item.feed.source.name})")

    def _list(self) -> None:
        feeds = Feed.objects.select_related("source").prefetch_related("entry_failures")
        for feed in feeds.order_by("source__name", "url"):
            error = f"  last error: {feed.last_error}" if feed.consecutive_errors else ""
            failed = feed.entry_failures_summary()
            failed = f"  {failed}" if failed else ""
            self.stdout.write(f"{feed.source.name}\t{feed.url}\t{feed.health}{error}{failed}")

    def _import(self, location: str, *, allow_loopback: bool) -> None:
        try:
            report = import_opml(_read_opml(location, allow_loopback=allow_loopback))
        except (OSError, OpmlError) as error:
            raise CommandError(str(error)) from None
        except FetchError as error:
            raise CommandError(f"{location}: {error.reason}") from None
        self.stdout.write(f"{report.added} feeds added, {report.existing} already followed")
        for message in report.errors:
            self.stderr.write(f"skipped: {message}")


def _read_opml(location: str, *, allow_loopback: bool) -> bytes:
    """The OPML at a URL (through the guarded fetcher: no private address, size capped) or
    in a file."""
    if not location.lower().startswith(("http://", "https://")):
        return Path(location).read_bytes()
    with Fetcher(fetch_policy_from_settings(allow_loopback=allow_loopback)) as fetcher:
        return fetcher.fetch(location, accept=OPML_ACCEPT).content
