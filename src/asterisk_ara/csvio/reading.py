"""Reading a CSV file: bytes to decoded lines (UTF-8 with or without BOM, CRLF or LF), the delimiter."""
from __future__ import annotations

import codecs
import io
import itertools
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
        # Lines come out of C (chain over blocks of lines): no Python call per line.
        return first, itertools.chain.from_iterable(guarded_blocks(text, binary, source))
    line_no = [0]
    lines = decoded_lines(binary, source, line_no)
    first = next(lines, "")
    return first, chain(first, lines)


def guarded_blocks(text: io.TextIOWrapper, binary: IO[bytes], source: str) -> Iterator[list[str]]:
    """The text file's lines, a block (about 64 KB) at a time; a decoding error becomes FILE:LINE: not valid UTF-8."""
    while True:
        try:
            block = text.readlines(1 << 16)
        except UnicodeDecodeError:
            raise_bad_line(binary, source)
        if not block:
            return
        yield block


def raise_bad_line(binary: IO[bytes], source: str) -> None:
    binary.seek(0)
    for _ in decoded_lines(binary, source, [0]):
        pass
    raise ValidationError(f"{source}: not valid UTF-8; save the file as UTF-8")  # pragma: no cover


def chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest
