"""Content-Encoding (gzip, deflate, br) undone stepwise, so a compression bomb stops at the cap."""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import brotli

_CHUNK = 64 * 1024


class _Inflate:
    """zlib decompression that never produces more than one chunk per step."""

    def __init__(self, encoding: str) -> None:
        self._encoding = encoding
        wbits = 16 + zlib.MAX_WBITS if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._obj = zlib.decompressobj(wbits)
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        if not self._started and self._encoding == "deflate":
            self._started = True
            # Some servers send raw deflate without the zlib header the RFC asks for.
            try:
                self._obj.copy().decompress(data[:64])
            except zlib.error:
                self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
        while data and not self._obj.eof:
            out = self._obj.decompress(data, _CHUNK)
            if out:
                yield out
            data = self._obj.unconsumed_tail

    def flush(self) -> Iterator[bytes]:
        out = self._obj.flush()
        if out:
            yield out


class _Unbrotli:
    """Brotli decompression that never produces more than about one chunk per step."""

    def __init__(self) -> None:
        self._obj = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        out = self._obj.process(data, output_buffer_limit=_CHUNK)
        while True:
            if out:
                yield out
            if self._obj.can_accept_more_data() or self._obj.is_finished() or not out:
                return
            out = self._obj.process(b"", output_buffer_limit=_CHUNK)

    def flush(self) -> Iterator[bytes]:
        return iter(())


class BodyDecoder:
    """Undoes Content-Encoding stepwise, so a compression bomb never inflates past the cap."""

    def __init__(self, content_encoding: str) -> None:
        names = [n.strip().lower() for n in content_encoding.split(",") if n.strip()]
        self._stages: list[_Inflate | _Unbrotli] = []
        for name in reversed(names):  # The last encoding listed was applied last.
            if name in ("gzip", "x-gzip", "deflate"):
                self._stages.append(_Inflate(name))
            elif name == "br":
                self._stages.append(_Unbrotli())

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Decoded pieces of `data`, each at most about one 64 KiB chunk."""
        return self._pipe(data, 0)

    def flush(self) -> Iterator[bytes]:
        """What the stages still hold once the raw body has ended."""
        for index, stage in enumerate(self._stages):
            for out in stage.flush():
                yield from self._pipe(out, index + 1)

    def _pipe(self, data: bytes, index: int) -> Iterator[bytes]:
        if index == len(self._stages):
            yield data
            return
        for out in self._stages[index].feed(data):
            yield from self._pipe(out, index + 1)
