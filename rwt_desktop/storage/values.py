"""How the storage writes values: times, text that may hold lone surrogates, and JSON.

Shared by the drafts, the confirmation record, review files and post packs, so a time or a
half emoji is written one way everywhere. Qt strings can hold half an emoji (a lone
surrogate); keeping it exactly means nothing the person typed is changed by saving it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from rwt_desktop.core.text import lone_surrogates

__all__ = [
    "from_iso",
    "json_file_bytes",
    "json_from_db",
    "json_text",
    "json_to_db",
    "text_from_db",
    "text_to_db",
    "to_iso",
    "utc_now",
]


def utc_now() -> dt.datetime:
    """Now, in UTC (every time the storage writes is UTC)."""
    return dt.datetime.now(dt.UTC)


def to_iso(when: dt.datetime) -> str:
    """Fixed-width ISO 8601 in UTC, so text order is time order. Naive times count as UTC."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).isoformat(timespec="microseconds")


def from_iso(value: str) -> dt.datetime:
    """The time :func:`to_iso` wrote; a time without a zone counts as UTC."""
    when = dt.datetime.fromisoformat(value)
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def text_to_db(text: str) -> str | bytes:
    """TEXT normally; a BLOB in 'surrogatepass' UTF-8 when the text holds lone surrogates.

    Qt strings can hold half an emoji; keeping those exactly means nothing the person typed
    is changed by saving it. NUL characters are stored as they are.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")
    return text


def text_from_db(value: str | bytes | None) -> str:
    """The text :func:`text_to_db` stored (NULL reads as empty)."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogatepass")
    return value


def json_text(value: Any, *, indent: int | None = None) -> str:
    """JSON that reads back exactly: readable UTF-8 unless it holds lone surrogates, which
    are then written as ``\\u`` escapes (the one form UTF-8 files and SQLite TEXT can hold).

    Compact unless ``indent`` is given; anything JSON has no type for is written as text.
    """
    separators = (",", ":") if indent is None else (",", ": ")
    out = json.dumps(value, ensure_ascii=False, indent=indent, default=str,
                     separators=separators)
    if lone_surrogates(out):
        out = json.dumps(value, ensure_ascii=True, indent=indent, default=str,
                         separators=separators)
    return out


def json_file_bytes(value: Any) -> bytes:
    """An indented :func:`json_text` as the bytes of a UTF-8 file (review files, packs)."""
    return (json_text(value, indent=2) + "\n").encode("utf-8")


def json_to_db(value: Any) -> str:
    """Compact :func:`json_text` for a database column."""
    return json_text(value)


def json_from_db(value: str | bytes) -> Any:
    """The value :func:`json_to_db` stored."""
    return json.loads(text_from_db(value))
