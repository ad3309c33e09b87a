"""``rwt-check``'s input: posts from files or standard input, and ``--jsonl`` records.

Only ordinary files of a sane size are read, so ``rwt-check /dev/zero`` or a named pipe
stops with a message instead of hanging or running out of memory.
"""

from __future__ import annotations

import json
import math
import os
import stat
from collections.abc import Iterator
from typing import IO, Any


class InputError(Exception):
    """Input the program cannot use; the message says what and where."""


def decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: this is not UTF-8 text (invalid byte at offset "
                         f"{exc.start}). Save the file as UTF-8 and try again.") from None


#: Largest post read, and longest --jsonl line: far beyond any post, small enough that
#: ``rwt-check /dev/zero`` or a runaway pipe stops with a message, not out of memory.
MAX_INPUT_BYTES = 10_000_000


def _too_big(name: str) -> InputError:
    return InputError(f"{name}: more than {MAX_INPUT_BYTES:,} bytes, far too long to be a "
                      "post. Check it in smaller parts.")


def open_input(name: str) -> IO[bytes]:
    """An ordinary file opened for reading. A device or a named pipe is refused before it is
    opened (opening a pipe with nobody writing to it waits for ever)."""
    try:
        info = os.stat(name)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file.") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc}).") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{name}: this is a folder, not a file.")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{name}: this is not an ordinary file (a device or a pipe). To "
                         f"check what it holds, send it to standard input: rwt-check - < "
                         f"{name}")
    if info.st_size > MAX_INPUT_BYTES:
        raise _too_big(name)
    try:
        return open(name, "rb")  # the caller closes it
    except IsADirectoryError:
        raise InputError(f"{name}: this is a folder, not a file.") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc}).") from None


def read_post(name: str, stdin: IO[bytes]) -> str:
    label = "standard input" if name == "-" else name
    fh = stdin if name == "-" else open_input(name)
    try:
        data = fh.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{label}: cannot be read ({exc.strerror or exc}).") from None
    finally:
        if fh is not stdin:
            fh.close()
    if len(data) > MAX_INPUT_BYTES:
        raise _too_big(label)
    return decode(data, label)



def jsonl_records(source: str, stdin: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) for each line, split on ``\\n`` only: U+2028, U+2029 and U+0085
    are legal inside JSON strings and must not split a record. A line longer than
    :data:`MAX_INPUT_BYTES` comes as ``None`` (and is skipped to its end)."""
    fh = stdin if source == "-" else open_input(source)
    try:
        lineno = 0
        while True:
            line = fh.readline(MAX_INPUT_BYTES + 1)
            if not line:
                return
            lineno += 1
            if len(line) > MAX_INPUT_BYTES and not line.endswith(b"\n"):
                while line and not line.endswith(b"\n"):  # the rest of the long line
                    line = fh.readline(MAX_INPUT_BYTES)
                yield lineno, None
                continue
            yield lineno, line
    finally:
        if fh is not stdin:
            fh.close()


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]} is too large")
    return value


def jsonl_item(raw: bytes | None, lineno: int) -> tuple[Any, dict[str, Any] | None, str]:
    """(id, the record, "") for a good line, or (id if known, None, what is wrong)."""
    if raw is None:
        return None, None, f"longer than {MAX_INPUT_BYTES:,} bytes"
    if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, None, f"not UTF-8 text (invalid byte at column {exc.start + 1})"
    try:
        item = json.loads(line, parse_constant=_no_constants, parse_float=_finite)
    except json.JSONDecodeError as exc:
        return None, None, f"not valid JSON ({exc.msg}, column {exc.colno})"
    except (ValueError, RecursionError) as exc:
        return None, None, f"not valid JSON ({exc})"
    item_id = item.get("id") if isinstance(item, dict) else None
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        return item_id, None, 'expected an object with a "text" string'
    return item_id, item, ""
