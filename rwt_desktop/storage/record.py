"""The confirmation record: who confirmed which post, when, with which warnings acknowledged.

It is append-only (there is no delete) and lives in the same SQLite file as the drafts, in the
table ``confirmations``. The database holds the exact texts and findings as JSON;
:meth:`ConfirmationRecord.export_csv` makes a copy for people to read in Excel:

* UTF-8 with a BOM and CRLF line ends, so Excel on Windows shows emoji and accents right;
  commas, quotes and newlines inside a cell are quoted by the ``csv`` module.
* Oldest first, one row per confirmation, one "text (<channel>)" column per channel.
* A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a ``'``
  in front, so Excel shows it as text instead of running it as a formula (a post starting
  "@RWT" would otherwise show as an error, and a crafted one could run a command). The
  ``text_sha256`` column and the database keep the exact text.

Problems are reported as in :mod:`~rwt_desktop.storage.drafts`: :attr:`ConfirmationRecord.problem`
when the file was moved aside, :class:`~rwt_desktop.storage.database.StorageError` (an
``OSError``) when SQLite fails. ``export_csv`` raises the ``OSError`` of the file it could not
write, and leaves any older export there untouched.
"""

from __future__ import annotations

import builtins
import csv
import hashlib
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from rwt_desktop.core.text import safe_text

from .atomic import atomic_open
from .database import DatabaseStore, StorageError
from .values import (
    from_iso,
    json_from_db,
    json_to_db,
    text_from_db,
    text_to_db,
    to_iso,
)

__all__ = [
    "Confirmation",
    "ConfirmationRecord",
    "StorageError",
    "confirmation_to_dict",
    "texts_sha256",
]


@dataclass(frozen=True)
class Confirmation:
    when: datetime
    who: str
    channels: tuple[str, ...]
    text_sha256: str
    texts: Mapping[str, str]  # final text per channel
    acknowledged: tuple[str, ...]  # human-readable warnings acknowledged
    findings: tuple[Mapping[str, Any], ...]  # Finding.to_dict() of every finding at confirm
    action: str = ""  # "copy:twitter", "export:/path", "policy-ack", ...
    policy_version: str = ""


def texts_sha256(texts: Mapping[str, str]) -> str:
    """A helper for ``Confirmation.text_sha256``: the SHA-256 of the texts, channel by channel.

    One text: the hash of its UTF-8 bytes (so ``sha256sum twitter.txt`` matches). Several:
    the hash of ``channel NUL text NUL`` for each channel in sorted order. Lone surrogates
    are hashed as 'surrogatepass' bytes so this never raises.
    """
    h = hashlib.sha256()
    if len(texts) == 1:
        (text,) = texts.values()
        h.update(text.encode("utf-8", "surrogatepass"))
        return h.hexdigest()
    for channel in sorted(texts):
        h.update(channel.encode("utf-8", "surrogatepass") + b"\0")
        h.update(texts[channel].encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()


def confirmation_to_dict(c: Confirmation) -> dict[str, Any]:
    """JSON-ready form, as used in a post pack's checks.json."""
    return {
        "when": to_iso(c.when),
        "who": c.who,
        "channels": list(c.channels),
        "text_sha256": c.text_sha256,
        "texts": dict(c.texts),
        "acknowledged": list(c.acknowledged),
        "findings": [dict(f) for f in c.findings],
        "action": c.action,
        "policy_version": c.policy_version,
    }


_COLUMNS = "at, who, channels, text_sha256, texts, acknowledged, findings, action, policy_version"


class ConfirmationRecord(DatabaseStore):
    """The ``confirmations`` table in ``db_path`` (shared with the drafts)."""


    def add(self, c: Confirmation) -> int:
        """Append one confirmation; returns its row id."""
        values = (
            to_iso(c.when),
            _text(c.who),
            json_to_db([str(x) for x in c.channels]),
            str(c.text_sha256),
            json_to_db({str(k): v for k, v in c.texts.items()}),
            json_to_db([str(x) for x in c.acknowledged]),
            json_to_db([dict(f) for f in c.findings]),
            _text(c.action),
            _text(c.policy_version),
        )
        with self._db.transaction() as conn:
            cur = conn.execute(
                f"INSERT INTO confirmations ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                values,
            )
            row_id = cur.lastrowid
        assert row_id is not None
        return row_id

    def list(self, limit: int = 500) -> builtins.list[Confirmation]:
        """Newest first."""
        return [_confirmation(r) for r in self._newest(
            f"SELECT {_COLUMNS} FROM confirmations ORDER BY at DESC, id DESC LIMIT ?", limit)]

    def export_csv(self, path: Path) -> int:
        """Write every confirmation to ``path`` (atomically); returns the rows written."""
        with self._db.transaction(write=False) as conn:  # one snapshot for both passes
            channels: dict[str, None] = {}  # in order of first use
            for (texts,) in conn.execute("SELECT texts FROM confirmations ORDER BY at, id"):
                channels.update(dict.fromkeys(json_from_db(texts)))
            header = [
                "when (UTC)",
                "who",
                "action",
                "channels",
                "policy version",
                "warnings acknowledged",
                "findings",
                *[_cell(f"text ({ch})") for ch in channels],
                "text_sha256",
            ]
            count = 0
            with atomic_open(Path(path)) as raw:
                out = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
                writer = csv.writer(out, lineterminator="\r\n")
                writer.writerow(header)
                rows = conn.execute(f"SELECT {_COLUMNS} FROM confirmations ORDER BY at, id")
                for row in rows:
                    c = _confirmation(row)
                    writer.writerow(
                        [
                            c.when.strftime("%Y-%m-%d %H:%M:%S"),
                            _cell(c.who),
                            _cell(c.action),
                            _cell("; ".join(c.channels)),
                            _cell(c.policy_version),
                            _cell("\n".join(c.acknowledged)),
                            _cell(_findings_summary(c.findings)),
                            *[_cell(c.texts.get(ch, "")) for ch in channels],
                            _cell(c.text_sha256),
                        ]
                    )
                    count += 1
                out.flush()
                out.detach()  # atomic_open closes the file itself
        return count


def _text(value: str) -> str | bytes:
    return text_to_db(str(value))


def _confirmation(row: tuple[Any, ...]) -> Confirmation:
    at, who, channels, sha, texts, acknowledged, findings, action, policy_version = row
    return Confirmation(
        when=from_iso(at),
        who=text_from_db(who),
        channels=tuple(json_from_db(channels)),
        text_sha256=sha,
        texts=json_from_db(texts),
        acknowledged=tuple(json_from_db(acknowledged)),
        findings=tuple(json_from_db(findings)),
        action=text_from_db(action),
        policy_version=text_from_db(policy_version),
    )


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """Text for a spreadsheet cell: valid UTF-8, and not run by Excel as a formula."""
    value = safe_text(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def _findings_summary(findings: tuple[Mapping[str, Any], ...]) -> str:
    lines = []
    for f in findings:
        severity = f.get("severity", "")
        category = f.get("category", "")
        text = f.get("text", "")
        message = f.get("message", "")
        lines.append(f'{severity} [{category}] "{text}": {message}')
    return "\n".join(lines)
