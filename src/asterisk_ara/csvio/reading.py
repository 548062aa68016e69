"""Reading a CSV file: bytes to decoded lines (UTF-8 with or without BOM, CRLF or LF), the delimiter."""
from __future__ import annotations

import codecs
import io
import sys
from collections.abc import Iterator
from typing import IO
from ..errors import UsageError, ValidationError


def sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def decoded_lines(binary: IO[bytes], source: str, line_no: list[int]) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    for raw in binary:
        line_no[0] += 1
        try:
            yield decoder.decode(raw)
        except UnicodeDecodeError as exc:
            raise ValidationError(f"{source}:{line_no[0]}: not valid UTF-8 (byte 0x{raw[exc.start]:02x}); "
                                  "save the file as UTF-8") from None


def open_source(source: str) -> IO[bytes]:
    if source == "-":
        return sys.stdin.buffer
    try:
        return open(source, "rb")
    except OSError as exc:
        raise UsageError(f"{source}: cannot open ({exc.strerror})") from None


def text_lines(binary: IO[bytes], source: str) -> tuple[str, Iterator[str]]:
    """The first line (for sniffing the delimiter) and an iterator over all lines, decoded."""
    if binary.seekable():
        # A regular file: let the C-level reader decode in bulk; find the bad line only on error.
        text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
        try:
            first = text.readline()
            text.seek(0)
        except UnicodeDecodeError:
            raise_bad_line(binary, source)
        return first, UTF8Guard(text, binary, source)
    line_no = [0]
    lines = decoded_lines(binary, source, line_no)
    first = next(lines, "")
    return first, chain(first, lines)


class UTF8Guard:
    """Iterates a text file; a decoding error becomes FILE:LINE: not valid UTF-8."""

    def __init__(self, text: io.TextIOWrapper, binary: IO[bytes], source: str):
        self.text, self.binary, self.source = text, binary, source
        self._it = iter(text)

    def __iter__(self) -> "UTF8Guard":
        return self

    def __next__(self) -> str:
        try:
            return next(self._it)
        except UnicodeDecodeError:
            raise_bad_line(self.binary, self.source)


def raise_bad_line(binary: IO[bytes], source: str) -> None:
    binary.seek(0)
    for _ in decoded_lines(binary, source, [0]):
        pass
    raise ValidationError(f"{source}: not valid UTF-8; save the file as UTF-8")  # pragma: no cover


def chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest
