"""`broadsheet run` returns freed memory to the system in its main and web processes."""

from __future__ import annotations

import socket
from unittest import mock

from django.test import override_settings

from broadsheet.commands.management.commands import run


def _serve(**settings: float) -> mock.MagicMock:
    listener = socket.socket()
    with (
        override_settings(**settings),
        mock.patch("waitress.serve"),
        mock.patch("broadsheet.web.warmup.warm_up"),
        mock.patch("broadsheet.web.warmup.freeze_heap"),
        mock.patch.object(run, "start_trimming") as trimming,
    ):
        run.Command()._serve(listener, {"threads": 1})
    listener.close()
    return trimming


def test_a_web_process_trims_its_heap_every_interval():
    trimming = _serve(HEAP_TRIM_SECONDS=45.0)
    trimming.assert_called_once_with(45.0)


def test_no_trimming_when_turned_off():
    assert not _serve(HEAP_TRIM_SECONDS=0).called
