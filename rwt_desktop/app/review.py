"""The policy's workflow without widgets: second opinions and reading the policy.

A person who is unsure sends a review request (a file and an email draft) to the reviewers
the policy names; a reviewer's reply is loaded back and kept in the record with the post it
is about. Reading each new version of the policy is confirmed once and recorded. The words
here name the organisation from the policy data (``policy.short_name``), never a fixed name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from rwt_desktop.core.policy import Policy
from rwt_desktop.storage.record import Confirmation
from rwt_desktop.storage.review import (
    Reviewer,
    ReviewFileError,
    ReviewReply,
    ReviewRequest,
    read_review_request,
)
from rwt_desktop.storage.settings import Settings

#: At most this many other request files are opened looking for the one a reply answers.
MAX_REQUESTS_SEARCHED = 50


def organisation(policy: Policy) -> str:
    """The organisation's short name for messages ("RWT"), or a plain word when it has none."""
    return policy.short_name or policy.name or "the organisation"


def reviewers_of(policy: Policy) -> tuple[Reviewer, ...]:
    return tuple(Reviewer(r.name, r.role) for r in policy.reviewers)


def staff_or_chair(policy: Policy) -> str:
    """Who a second opinion goes to when the policy names no reviewer."""
    return f"{organisation(policy)} staff or the Chair"


def who_to_ask(reviewers: Sequence[Reviewer], policy: Policy, *, joiner: str = " or ") -> str:
    """The reviewers' names, or the staff and Chair when the policy names none."""
    return joiner.join(r.name for r in reviewers) or staff_or_chair(policy)


def unsure_clause(document: str) -> str:
    """The policy's own words on what to do when unsure about a post ("" if it has none)."""
    for line in document.splitlines():
        if "unsure" in line.casefold():
            return " ".join(line.strip(" \t·•-*").split())
    return ""


def second_opinion_tip(policy: Policy) -> str:
    return (f"Unsure? Send the post to {staff_or_chair(policy)} before posting "
            "(Ctrl+Shift+R)")


def new_review_request(*, author: str, policy: Policy, channels: tuple[str, ...],
                       texts: Mapping[str, str], findings: Iterable[Mapping[str, object]],
                       images: Iterable[Mapping[str, object]], personal_account: bool,
                       note: str) -> ReviewRequest:
    """A request for a second opinion on the post as it would go out now."""
    return ReviewRequest(
        author=author, channels=channels, texts=dict(texts), findings=tuple(findings),
        reviewers=reviewers_of(policy),
        channel_names={ch: policy.channel(ch).name for ch in channels},
        images=tuple(images), organisation=policy.short_name,
        policy_version=policy.version, personal_account=personal_account, note=note)


def request_saved_message(saved: Path, who: str, *, email_opened: bool) -> str:
    if email_opened:
        return (f"Your review request is saved as {saved}. An email draft has opened: attach "
                f"that file and send it to {who}. When their reply comes, load it here.")
    return (f"Your review request is saved as {saved}. No email program opened, so please "
            f"email that file to {who} yourself. When their reply comes, load it here.")


def find_request(reply: ReviewReply, reply_path: Path,
                 sent: ReviewRequest | None = None) -> ReviewRequest | None:
    """The request a reply answers: the one sent from this window, or a file beside it."""
    if sent is not None and sent.id == reply.request_id:
        return sent
    folder = reply_path.parent
    stem = reply_path.name.split(".reply")[0]
    candidates = [folder / f"{stem}.rwtreview",
                  *sorted(folder.glob("*.rwtreview"))[:MAX_REQUESTS_SEARCHED]]
    for candidate in candidates:
        try:
            request = read_review_request(candidate)
        except (ReviewFileError, OSError):
            continue
        if request.id == reply.request_id:
            return request
    return None


def reply_message(reply: ReviewReply, *, same_post: bool) -> str:
    """What the window says about a reviewer's reply (the comment on one line)."""
    changed = "" if same_post else (
        " The post has changed since you asked, so this reply is about the earlier text: "
        "read it back carefully, or ask again.")
    comment = " ".join(reply.comment.split())
    return (f"{reply.reviewer} replied: {reply.verdict_text()}."
            + (f" “{comment}”" if comment else "") + changed)


# ---------------------------------------------------------------- reading the policy


def needs_acknowledgement(settings: Settings, policy: Policy) -> bool:
    """Whether this person has yet to confirm reading this version of the policy."""
    return settings.policy_acknowledged_version != policy.version


def last_acknowledgement(records: Iterable[Confirmation],
                         version: str) -> Confirmation | None:
    return next((c for c in records if c.action == "policy-ack"
                 and c.policy_version == version), None)


def acknowledged_status(last: Confirmation | None, when_text: str) -> str:
    if last is None:
        return "You have confirmed reading this version."
    return f"{last.who} confirmed reading this version on {when_text}."


POLICY_NOT_YET_READ = (
    "You have not yet confirmed that you have read the policy. Please read it before you "
    "post: the policy asks everyone with access to the accounts to.")


# ---------------------------------------------------------------- own account


def own_account_tip(policy: Policy) -> str:
    name = organisation(policy)
    return (f"Tick when the post is for your own social media, not one of {name}'s accounts. The "
            f"checker then also looks for statements on {name}'s behalf and conversations "
            f"{name} should answer officially.")


def own_account_message(policy: Policy, on: bool) -> str:
    name = organisation(policy)
    if on:
        return (f"Checking as a post from your own account: sharing {name}'s posts is fine; "
                f"speak for yourself, not for {name}.")
    return f"Checking as a post for the official {name} accounts."
