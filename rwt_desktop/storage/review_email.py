"""The email that asks for a second opinion, with the review request file attached.

Nothing is sent by the program: :func:`mailto_url` makes a draft for the person's own mail
client, short enough for every client to accept (the file holds everything). Pure Python,
no Qt.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from rwt_desktop.core.text import safe_text

if TYPE_CHECKING:
    from .review import ReviewRequest

__all__ = ["MAX_MAILTO_CHARS", "email_draft", "mailto_url"]

#: Longest mailto: URL we hand to the mail client (Windows refuses much over 2,000).
MAX_MAILTO_CHARS = 1900
_ASK = "If unsure about a post check with RWT staff/ Chair before posting"


def _grouped_texts(request: ReviewRequest) -> list[tuple[list[str], str]]:
    """Channels that get the same text, together: [(["X (Twitter)", "Facebook"], text)]."""
    groups: dict[str, list[str]] = {}
    for ch in request.channels:
        groups.setdefault(request.texts.get(ch, ""), []).append(request.channel_name(ch))
    return [(names, text) for text, names in groups.items()]


def _finding_line(f: Mapping[str, Any]) -> str:
    where = f.get("image") or f.get("text") or ""
    where = f" “{where}”" if where else ""
    return f"- {str(f.get('severity', '')).upper()}{where}: {f.get('message', '')}"


def email_draft(request: ReviewRequest, file_name: str, *,
                max_post_chars: int | None = None,
                max_findings: int | None = None) -> tuple[str, str]:
    """The subject and body of the email asking for a second opinion."""
    first = " ".join(next(iter(request.texts.values()), "").split())
    subject = f"Second opinion on a post, please: “{first[:50]}{'…' if len(first) > 50 else ''}”"
    lines = ["Hello,", "",
             "I'm not sure about this post and would like a second opinion before it goes "
             f"out, as our policy asks: “{_ASK}”.", ""]
    if request.reviewers:
        lines += ["Who can answer: " + ", ".join(r.label() for r in request.reviewers) + ".",
                  ""]
    if request.personal_account:
        lines += ["It is for my own account, not an official RWT one.", ""]
    if request.note.strip():
        lines += ["My question: " + request.note.strip(), ""]
    for names, text in _grouped_texts(request):
        shown = text if max_post_chars is None or len(text) <= max_post_chars \
            else text[:max_post_chars] + " […the rest is in the file]"
        lines += [f"The post for {', '.join(names)}:", "----", shown, "----", ""]
    if request.findings:
        listed = request.findings if max_findings is None else request.findings[:max_findings]
        lines.append("What the checker found:")
        lines += [_finding_line(f) for f in listed]
        if len(listed) < len(request.findings):
            more = len(request.findings) - len(listed)
            lines.append(f"- …and {more} more: everything is in the file.")
    else:
        lines.append("The checker found nothing to point out.")
    lines.append("")
    lines.append(f"Images: {len(request.images)}." if request.images else "Images: none.")
    lines += ["",
              f"The full request is in the file {file_name}, which I have attached. Open it "
              "in RWT Post Checker (File ▸ Open review…), choose Approved or Changes asked "
              "for, and send me back the reply file it saves.",
              "", "Thank you,", request.author or ""]
    return subject, "\n".join(lines).rstrip() + "\n"


def mailto_url(request: ReviewRequest, file_name: str, to: Sequence[str] = ()) -> str:
    """A ``mailto:`` URL for the draft, short enough for every mail client to accept.

    The post is shortened in the body when need be (the file has all of it). ``to`` is the
    addresses, if the organisation's data has them; otherwise the person picks them.
    """
    addresses = ",".join(quote(a, safe="@") for a in to)

    def url_for(subject: str, body: str) -> str:
        body = body.replace("\n", "\r\n")  # RFC 6068: line breaks in a body are CRLF
        parts = [quote(safe_text(s), safe="") for s in (subject, body)]
        return f"mailto:{addresses}?subject={parts[0]}&body={parts[1]}"

    # Shorten the post first, then list fewer findings (the file has them all).
    tries = [(None, None), *((limit, None) for limit in (600, 300, 150, 75, 0)),
             *((0, n) for n in (8, 4, 2, 1, 0))]
    for post_chars, findings in tries:
        url = url_for(*email_draft(request, file_name, max_post_chars=post_chars,
                                   max_findings=findings))
        if len(url) <= MAX_MAILTO_CHARS:
            return url
    # Still too long (a very long question or subject): a short letter that points to the file.
    subject, _ = email_draft(request, file_name)
    body = "\n".join([
        "Hello,", "",
        "I'm not sure about a post and would like a second opinion before it goes out, as "
        f"our policy asks: “{_ASK}”.", "",
        f"Everything is in the file {file_name}, which I have attached. Open it in RWT Post "
        "Checker (File ▸ Open review…) and send me back the reply file it saves.", "",
        "Thank you,", request.author[:80]])
    return url_for(subject[:120], body)
