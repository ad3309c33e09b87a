"""Confirmations: the read-back a person confirmed, and the records kept of what they did.

Every record in the confirmation record is made by :func:`new_confirmation`, the one
factory; the functions after it say what goes into each kind (a copy or export of a
confirmed post, reading the policy, asking for a second opinion, a reviewer's reply).
:class:`ConfirmationState` holds the confirmed read-back and forgets it as soon as the post,
its channels or its pictures change, so nothing leaves on an old confirmation.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from rwt_desktop.app.readback import ReadBackResult
from rwt_desktop.core.findings import Report
from rwt_desktop.core.policy import Policy
from rwt_desktop.storage.database import utc_now
from rwt_desktop.storage.record import Confirmation, texts_sha256
from rwt_desktop.storage.review import ReviewReply, ReviewRequest


@dataclass(frozen=True)
class ConfirmedPost:
    """A read-back the person confirmed, valid only for this edit revision and these channels."""

    revision: int
    channels: tuple[str, ...]
    texts: dict[str, str]
    report: Report
    result: ReadBackResult


@dataclass
class ConfirmationState:
    """The confirmed read-back, if any, and the texts it has let out of the window."""

    confirmed: ConfirmedPost | None = None
    #: Texts the confirmed read-back let out (copies of them are not refused later).
    released: set[str] = field(default_factory=set)

    def current(self, revision: int, channels: Iterable[str]) -> ConfirmedPost | None:
        """The confirmation, if it is still for this revision and these channels."""
        c = self.confirmed
        if c is None:
            return None
        if c.revision != revision or c.channels != tuple(channels):
            self.confirmed = None
            return None
        return c

    def confirm(self, confirmed: ConfirmedPost) -> ConfirmedPost:
        self.confirmed = confirmed
        return confirmed

    def void(self) -> bool:
        """Forget the confirmation; True if there was one (so the person is told)."""
        had = self.confirmed is not None
        self.confirmed = None
        return had


def person(user_name: str) -> str:
    """Who is doing this: the name in the settings, else the computer's user name."""
    if user_name:
        return user_name
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (a service account)
        return "unknown"


def new_confirmation(*, action: str, who: str, policy_version: str,
                     channels: Iterable[str] = (), texts: Mapping[str, str] | None = None,
                     acknowledged: Iterable[str] = (),
                     findings: Iterable[Mapping[str, object]] = (),
                     when: datetime | None = None,
                     text_sha256: str | None = None) -> Confirmation:
    """The one place a :class:`Confirmation` is made (the hash is of ``texts`` unless given)."""
    texts = dict(texts or {})
    return Confirmation(
        when=when or utc_now(), who=who, channels=tuple(channels),
        text_sha256=text_sha256 if text_sha256 is not None else texts_sha256(texts),
        texts=texts, acknowledged=tuple(acknowledged),
        findings=tuple(findings), action=action, policy_version=policy_version)


def release_record(confirmed: ConfirmedPost, action: str, who: str,
                   policy_version: str) -> Confirmation:
    """A confirmed post leaving the window: ``copy:<channel>``, ``export:<folder>``,
    ``copy:selection`` or ``drag:selection``."""
    return new_confirmation(
        action=action, who=who, policy_version=policy_version, channels=confirmed.channels,
        texts=confirmed.texts, acknowledged=confirmed.result.acknowledged_text(),
        findings=(f.to_dict() for f in confirmed.report.findings))


def policy_ack_record(policy: Policy, who: str, document: str) -> Confirmation:
    """``who`` has read this version of the policy (the hash is of the document read)."""
    organisation = f"{policy.short_name}'s" if policy.short_name else "organisation's"
    return new_confirmation(
        action="policy-ack", who=who, policy_version=policy.version,
        text_sha256=texts_sha256({"policy": document}),
        acknowledged=(f"Read the {organisation} Social and Digital Media Policy (version "
                      f"{policy.version}) and will follow it.",))


def review_request_record(request: ReviewRequest, asked: str) -> Confirmation:
    """A second opinion asked for; ``asked`` names who was asked, with the person's note."""
    return new_confirmation(
        action="review-request", who=request.author, when=request.created,
        policy_version=request.policy_version, channels=request.channels,
        texts=request.texts, text_sha256=request.text_sha256,
        acknowledged=(f"Asked {asked} for a second opinion"
                      + (f": {request.note}" if request.note else ""),),
        findings=request.findings)


def review_reply_record(reply: ReviewReply, request: ReviewRequest | None,
                        channels: tuple[str, ...], texts: Mapping[str, str], asked: str,
                        policy_version: str) -> Confirmation:
    """A reviewer's reply, kept with the post it is about (the request's, when found)."""
    return new_confirmation(
        action="review-reply", who=reply.reviewer, when=reply.when,
        policy_version=request.policy_version if request else policy_version,
        channels=channels, texts=texts, text_sha256=reply.text_sha256,
        acknowledged=(reply.summary(), asked),
        findings=request.findings if request else ())
