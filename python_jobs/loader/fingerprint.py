"""File checksum and gzip integrity in one streaming pass.

The integrity check matters because DuckDB reads a truncated gzip stream as a shorter, valid-looking
file (it returns the rows it could decompress without an error), which would load half a file.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from pathlib import Path

_CHUNK = 1 << 20
_GZIP_WBITS = 16 + zlib.MAX_WBITS  # gzip header + trailer, not raw deflate


@dataclass(frozen=True)
class Fingerprint:
    sha256: str
    size: int
    gzip_error: str | None = None  # set when a .gz file is corrupt or truncated


class _GzipChecker:
    """Feeds a (possibly multi-member) gzip stream through zlib, discarding the output."""

    def __init__(self) -> None:
        self._decoder = zlib.decompressobj(_GZIP_WBITS)
        self.error: str | None = None

    def feed(self, chunk: bytes) -> None:
        if self.error is not None:
            return
        try:
            while chunk:
                self._decoder.decompress(chunk)
                if not self._decoder.eof:
                    return
                # A member ended; anything after it is the next member (concatenated .gz files).
                chunk = self._decoder.unused_data
                if chunk:
                    self._decoder = zlib.decompressobj(_GZIP_WBITS)
        except zlib.error as exc:
            self.error = f"corrupt gzip data: {exc}"

    def finish(self) -> None:
        if self.error is None and not self._decoder.eof:
            self.error = "truncated gzip file: the compressed stream ends before its end marker"


def fingerprint(path: Path, check_gzip: bool) -> Fingerprint:
    digest = hashlib.sha256()
    checker = _GzipChecker() if check_gzip else None
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if checker is not None:
                checker.feed(chunk)
    if checker is not None:
        if size == 0:
            checker.error = "empty file: not gzip data"
        else:
            checker.finish()
    return Fingerprint(digest.hexdigest(), size, checker.error if checker else None)
