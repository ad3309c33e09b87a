"""A second opinion: the review request a person sends, and the reply that comes back.

The policy says "If unsure about a post check with RWT staff/ Chair before posting". The
window gathers the post, what the checker found and who can answer into a review request,
saved as one ``.rwtreview`` file (JSON, UTF-8) that the reviewer opens in the program
(``rwt-desktop --open-review FILE``). The reviewer's answer is a small ``.rwtreply`` file
that the author loads back into their window. Nothing is sent by the program: the person
attaches the file to an email themselves (:func:`mailto_url` makes the draft).

A request::

    {"format": "rwt-review", "version": 1, "id": "…", "created": "2025-03-01T14:15:02…",
     "author": "Sam", "organisation": "RWT", "reviewers": [{"name": …, "role": …}],
     "channels": ["twitter"], "channel_names": {"twitter": "X (Twitter)"},
     "texts": {"twitter": "…"}, "text_sha256": "…", "findings": [Finding.to_dict(), …],
     "images": [], "policy_version": "…", "personal_account": false, "note": "…"}

``images`` is a hook for the image panel: a list of objects (file name, credit, alt text…),
empty until posts carry images. A reply::

    {"format": "rwt-review-reply", "version": 1, "request_id": "…", "text_sha256": "…",
     "verdict": "approved" | "changes", "comment": "…", "reviewer": "…", "when": "…"}

Pure Python, no Qt. Files are written atomically. Anything wrong with a file raises
:class:`ReviewFileError`, whose message names the file and says what is wrong in words a
person can act on; an unreadable file raises the ``OSError``.
"""

from __future__ import annotations

import json
import os
import stat
import uuid
from collections.abc import Mapping, Sized
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .atomic import atomic_write_bytes
from .record import texts_sha256
from .values import from_iso, json_file_bytes, to_iso, utc_now

__all__ = [
    "MAX_MAILTO_CHARS",
    "REPLY_SUFFIX",
    "REVIEW_SUFFIX",
    "VERDICTS",
    "ReviewFileError",
    "ReviewReply",
    "ReviewRequest",
    "Reviewer",
    "email_draft",
    "mailto_url",
    "read_review_reply",
    "read_review_request",
    "reply_path_for",
    "write_review_reply",
    "write_review_request",
]

REVIEW_FORMAT = "rwt-review"
REPLY_FORMAT = "rwt-review-reply"
FORMAT_VERSION = 1
REVIEW_SUFFIX = ".rwtreview"
REPLY_SUFFIX = ".rwtreply"
#: What a reviewer can say: the post may go, or it needs changes first.
VERDICTS: dict[str, str] = {"approved": "Approved", "changes": "Changes asked for"}
#: A request is a few kilobytes; anything this big is not one of ours.
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Most of each list a request may hold: a post goes to a handful of channels, with a few
#: pictures and findings. A file far beyond these (20,000 channels took 21 s and 690 MB to
#: show) is refused at once.
MAX_CHANNELS = 30
MAX_FINDINGS = 2000
MAX_IMAGES = 50
MAX_REVIEWERS = 50
#: Dates a request or reply may carry; outside these the file was not made by the program.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2999


class ReviewFileError(ValueError):
    """A review or reply file that cannot be used; ``str()`` is a sentence for the person."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path.name}: {problem}")


@dataclass(frozen=True)
class Reviewer:
    name: str
    role: str = ""

    def label(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


@dataclass(frozen=True)
class ReviewRequest:
    """One post sent for a second opinion, exactly as the author saw it."""

    author: str
    channels: tuple[str, ...]
    texts: Mapping[str, str]
    findings: tuple[Mapping[str, Any], ...] = ()
    reviewers: tuple[Reviewer, ...] = ()
    channel_names: Mapping[str, str] = field(default_factory=dict)
    #: The post's images (file name, credit, alt text...): none until posts carry images.
    images: tuple[Mapping[str, Any], ...] = ()
    organisation: str = ""
    policy_version: str = ""
    personal_account: bool = False
    note: str = ""
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    created: datetime = field(default_factory=utc_now)

    @property
    def text_sha256(self) -> str:
        return texts_sha256(self.texts)

    def channel_name(self, channel: str) -> str:
        return self.channel_names.get(channel, channel)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": REVIEW_FORMAT,
            "version": FORMAT_VERSION,
            "id": self.id,
            "created": to_iso(self.created),
            "author": self.author,
            "organisation": self.organisation,
            "reviewers": [{"name": r.name, "role": r.role} for r in self.reviewers],
            "channels": list(self.channels),
            "channel_names": dict(self.channel_names),
            "texts": dict(self.texts),
            "text_sha256": self.text_sha256,
            "findings": [dict(f) for f in self.findings],
            "images": [dict(i) for i in self.images],
            "policy_version": self.policy_version,
            "personal_account": self.personal_account,
            "note": self.note,
        }


@dataclass(frozen=True)
class ReviewReply:
    """The reviewer's answer to one request."""

    request_id: str
    text_sha256: str
    verdict: str  # a key of VERDICTS
    comment: str
    reviewer: str
    when: datetime = field(default_factory=utc_now)

    @property
    def approved(self) -> bool:
        return self.verdict == "approved"

    def verdict_text(self) -> str:
        return VERDICTS.get(self.verdict, self.verdict)

    def summary(self) -> str:
        """One line for the record and the window: "Approved by Zoe Cadman: fine to go"."""
        comment = " ".join(self.comment.split())
        return f"{self.verdict_text()} by {self.reviewer}" + (f": {comment}" if comment else "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": REPLY_FORMAT,
            "version": FORMAT_VERSION,
            "request_id": self.request_id,
            "text_sha256": self.text_sha256,
            "verdict": self.verdict,
            "comment": self.comment,
            "reviewer": self.reviewer,
            "when": to_iso(self.when),
        }


# --- writing -------------------------------------------------------------------------------


def _with_suffix(path: Path, suffix: str) -> Path:
    path = Path(path)
    return path if path.name.lower().endswith(suffix) else path.with_name(path.name + suffix)


def write_review_request(path: Path, request: ReviewRequest) -> Path:
    """Save ``request`` (atomically) as ``path``, adding ``.rwtreview`` if it is missing."""
    path = _with_suffix(path, REVIEW_SUFFIX)
    atomic_write_bytes(path, json_file_bytes(request.to_dict()))
    return path


def reply_path_for(request_path: Path) -> Path:
    """Where the reply to a request goes by default: beside it, ``<name>.reply.rwtreply``."""
    request_path = Path(request_path)
    stem = request_path.name
    if stem.lower().endswith(REVIEW_SUFFIX):
        stem = stem[: -len(REVIEW_SUFFIX)]
    return request_path.with_name(f"{stem}.reply{REPLY_SUFFIX}")


def write_review_reply(path: Path, reply: ReviewReply) -> Path:
    """Save ``reply`` (atomically) as ``path``, adding ``.rwtreply`` if it is missing."""
    if reply.verdict not in VERDICTS:
        raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}, not {reply.verdict!r}")
    if not reply.reviewer.strip():
        raise ValueError("a reply needs the reviewer's name")
    path = _with_suffix(path, REPLY_SUFFIX)
    atomic_write_bytes(path, json_file_bytes(reply.to_dict()))
    return path


# --- reading -------------------------------------------------------------------------------


class _Reader:
    """Checks one decoded file field by field, naming the field that is wrong."""

    def __init__(self, path: Path, data: Mapping[str, Any], kind: str) -> None:
        self.path = path
        self.data = data
        self.kind = kind

    def fail(self, problem: str) -> ReviewFileError:
        return ReviewFileError(self.path, problem)

    def text(self, key: str, *, required: bool = True, default: str = "") -> str:
        if key not in self.data:
            if required:
                raise self.fail(f'the {self.kind} has no "{key}"; it may be damaged or '
                                "not finished")
            return default
        value = self.data[key]
        if not isinstance(value, str):
            raise self.fail(f'"{key}" must be text, not {_kind_of(value)}')
        return value

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(f'"{key}" must be true or false, not {_kind_of(value)}')
        return value

    def when(self, key: str) -> datetime:
        value = self.text(key)
        try:
            when = from_iso(value)
            year = when.astimezone(UTC).year
        except (ValueError, OverflowError):
            raise self.fail(f'"{key}" is not a date and time: {value[:40]!r}') from None
        if not EARLIEST_YEAR <= year <= LATEST_YEAR:
            raise self.fail(f'"{key}" is {value[:40]!r}, not a date the program could have '
                            "written; the file may be damaged")
        return when

    def at_most(self, key: str, items: Sized, limit: int) -> None:
        if len(items) > limit:
            raise self.fail(f'"{key}" has {len(items):,} entries; a {self.kind} has at most '
                            f"{limit:,}, so this file was not made by the program")

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f'"{key}" must be a list of text')
        return tuple(value)

    def text_map(self, key: str, *, required: bool = True) -> dict[str, str]:
        if key not in self.data and not required:
            return {}
        value = self.data.get(key)
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise self.fail(f'"{key}" must map each channel to its text')
        return dict(value)

    def objects(self, key: str) -> tuple[dict[str, Any], ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(f'"{key}" must be a list of objects')
        return tuple(value)


def _kind_of(value: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", list: "a list",
            dict: "an object", type(None): "null"}.get(type(value), "text")


def _load(path: Path, fmt: str, kind: str, suffix: str) -> dict[str, Any]:
    path = Path(path)
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):  # a FIFO would hang, a device never end
        raise ReviewFileError(path, f"this is not an ordinary file, so it cannot be a {kind}")
    size = info.st_size
    if size > MAX_FILE_BYTES:
        raise ReviewFileError(path, f"this file is {size // (1024 * 1024)} MB, far too big to "
                                    f"be a {kind}")
    with open(path, "rb") as f:
        raw = f.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise ReviewFileError(path, f"this file is far too big to be a {kind}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ReviewFileError(path, f"line {line} is not UTF-8 text; this is not a {kind} "
                                    f"({suffix} file)") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReviewFileError(path, f"line {exc.lineno}, column {exc.colno}: {exc.msg.lower()}"
                                    f" — the file is damaged or is not a {kind}") from None
    except RecursionError:
        raise ReviewFileError(path, f"the file is nested too deeply to be a {kind}") from None
    if not isinstance(data, dict) or data.get("format") != fmt:
        found = data.get("format") if isinstance(data, dict) else None
        other = {REVIEW_FORMAT: "a review request", REPLY_FORMAT: "a review reply"}.get(
            found if isinstance(found, str) else "")
        if other:
            raise ReviewFileError(path, f"this is {other}, not a {kind}")
        raise ReviewFileError(path, f"this is not a {kind} ({suffix} file) from RWT Post "
                                    "Checker")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ReviewFileError(path, f'the {kind} has no version number')
    if version > FORMAT_VERSION:
        raise ReviewFileError(path, f"this {kind} was made by a newer version of RWT Post "
                                    f"Checker (format {version}); please update the program")
    if version < 1:
        raise ReviewFileError(path, f"unknown {kind} format version {version}")
    return data


def read_review_request(path: Path) -> ReviewRequest:
    """Load and check a ``.rwtreview`` file."""
    path = Path(path)
    data = _load(path, REVIEW_FORMAT, "review request", REVIEW_SUFFIX)
    r = _Reader(path, data, "review request")
    for key, limit in (("texts", MAX_CHANNELS), ("channels", MAX_CHANNELS),
                       ("channel_names", MAX_CHANNELS), ("findings", MAX_FINDINGS),
                       ("images", MAX_IMAGES), ("reviewers", MAX_REVIEWERS)):
        value = data.get(key)
        if isinstance(value, list | dict):
            r.at_most(key, value, limit)
    texts = r.text_map("texts")
    channels = r.strings("channels") or tuple(texts)
    missing = [c for c in channels if c not in texts]
    if missing:
        raise r.fail(f"there is no text for {', '.join(missing)}")
    if not channels:
        raise r.fail("the review request has no post in it")
    reviewers = []
    for item in r.objects("reviewers"):
        name, role = item.get("name"), item.get("role", "")
        if not isinstance(name, str) or not isinstance(role, str):
            raise r.fail('each of "reviewers" needs a "name" (and "role") as text')
        reviewers.append(Reviewer(name, role))
    findings = r.objects("findings")
    for n, f in enumerate(findings, start=1):
        for key in ("severity", "message"):
            if not isinstance(f.get(key), str):
                raise r.fail(f'finding {n} has no "{key}"')
    request = ReviewRequest(
        id=r.text("id"),
        created=r.when("created"),
        author=r.text("author", required=False),
        organisation=r.text("organisation", required=False),
        reviewers=tuple(reviewers),
        channels=channels,
        channel_names=r.text_map("channel_names", required=False),
        texts=texts,
        findings=findings,
        images=r.objects("images"),
        policy_version=r.text("policy_version", required=False),
        personal_account=r.flag("personal_account"),
        note=r.text("note", required=False),
    )
    stated = data.get("text_sha256")
    if stated is not None and stated != request.text_sha256:
        raise r.fail("the post's text does not match its checksum: it was changed after "
                     "the request was made. Ask the author to send it again")
    return request


def read_review_reply(path: Path) -> ReviewReply:
    """Load and check a ``.rwtreply`` file."""
    path = Path(path)
    data = _load(path, REPLY_FORMAT, "review reply", REPLY_SUFFIX)
    r = _Reader(path, data, "review reply")
    verdict = r.text("verdict")
    if verdict not in VERDICTS:
        allowed = " or ".join(f'"{v}"' for v in VERDICTS)
        raise r.fail(f'"verdict" must be {allowed}, not {verdict[:40]!r}')
    reviewer = r.text("reviewer")
    if not reviewer.strip():
        raise r.fail("the reply does not say who wrote it")
    return ReviewReply(
        request_id=r.text("request_id"),
        text_sha256=r.text("text_sha256"),
        verdict=verdict,
        comment=r.text("comment", required=False),
        reviewer=reviewer,
        when=r.when("when"),
    )


# The email draft lives beside this module; imported here so callers keep one import.
from .review_email import MAX_MAILTO_CHARS, email_draft, mailto_url  # noqa: E402
