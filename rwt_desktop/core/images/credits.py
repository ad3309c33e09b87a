"""The acknowledgement a picture needs: whether the policy's "acknowledge where required"
applies, and the credit line to add to the post (Creative Commons' TASL advice).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rwt_desktop.core.images.model import ImageAttachment

_CC = re.compile(r"^\s*(?:cc|creative\s+commons)[\s-]*((?:by|sa|nc|nd|[-\s])+)?\s*(\d\.\d)?\s*$",
                 re.IGNORECASE)
_CC0 = re.compile(r"^\s*(?:cc[\s-]*0|cc[\s-]*zero|creative\s+commons\s+zero|"
                  r"public\s+domain(?:\s+dedication)?|pd|cc\s*pdm?)(?:\s+\d\.\d)?\s*$",
                  re.IGNORECASE)
_NO_PERMISSION = re.compile(r"all\s+rights\s+reserved|^\s*(?:©|\(c\)|copyright)", re.IGNORECASE)


def _cc_parts(licence: str) -> tuple[str, str] | None:
    """("by-sa", "4.0") for "CC BY-SA 4.0"; None when it is not a Creative Commons licence."""
    m = _CC.match(licence)
    if not m or not m.group(1):
        return None
    parts = [p for p in re.split(r"[-\s]+", m.group(1).lower()) if p]
    if not parts or parts[0] != "by" or len(set(parts)) != len(parts):
        return None
    return "-".join(parts), m.group(2) or "4.0"


def _is_public_domain(licence: str) -> bool:
    return bool(_CC0.match(licence))


def licence_url_for(licence: str) -> str:
    """The Creative Commons deed for a licence name ("CC BY 4.0"), or "" if not one."""
    if _is_public_domain(licence):
        if re.search(r"pdm|mark", licence, re.IGNORECASE):
            return "https://creativecommons.org/publicdomain/mark/1.0/"
        return "https://creativecommons.org/publicdomain/zero/1.0/" if re.search(
            r"cc|zero", licence, re.IGNORECASE) else ""
    parts = _cc_parts(licence)
    if parts is None:
        return ""
    kind, version = parts
    return f"https://creativecommons.org/licenses/{kind}/{version}/"


def _licence_name(licence: str) -> str:
    parts = _cc_parts(licence)
    if parts is None:
        return " ".join(licence.split())
    kind, version = parts
    return f"CC {kind.upper()} {version}"


def _clean(value: str) -> str:
    return " ".join(value.split())


def _has_permission(att: ImageAttachment) -> bool:
    """Someone said yes: a named person or organisation, or a licence that allows reuse."""
    if _clean(att.permission_from):
        return True
    licence = _clean(att.licence)
    return bool(licence) and not _NO_PERMISSION.search(licence)


def credit_required(att: ImageAttachment) -> bool:
    """Whether the policy's "acknowledge where required" applies to this picture.

    Our own photos need none (unless the photographer asked); a public-domain image needs
    none; anything else used with someone's permission or under a licence does.
    """
    if att.source == "own":
        return att.credit_wanted
    if _is_public_domain(_clean(att.licence)):
        return False
    if att.source in ("partner", "licensed"):
        return True
    return _has_permission(att)  # online or unknown: only usable with permission


def credit_line(att: ImageAttachment) -> str:
    """The acknowledgement for one picture, or "" when none is needed or nobody to credit.

    Follows Creative Commons' TASL advice (title, author, source, licence):
    ``“Bluebells at Marbury” by Sam Lee, licensed under CC BY 4.0 (https://...)``. A partner's
    photo reads ``Photo: Sam Lee, with permission``; our own photo needs none unless the
    photographer wants a credit (``Photo: Sam Lee``).
    """
    author = _clean(att.author)
    title = _clean(att.title)
    licence = _clean(att.licence)
    if att.source == "own":
        return f"Photo: {author}" if att.credit_wanted and author else ""
    if licence and not _NO_PERMISSION.search(licence):
        if _is_public_domain(licence) and not author:
            return ""
        url = _clean(att.licence_url) or licence_url_for(licence)
        if _is_public_domain(licence):
            what = f"\u201c{title}\u201d by {author}" if title else f"Photo by {author}"
            return f"{what}, public domain" + (f" ({url})" if url else "")
        if not author:  # the licence's attribution is to the author: nobody to name
            return ""
        what = f"\u201c{title}\u201d by {author}" if title else f"Photo by {author}"
        return f"{what}, licensed under {_licence_name(licence)}" + (f" ({url})" if url else "")
    who = author or _clean(att.permission_from)
    if not who or not credit_required(att):
        return ""
    return f"Photo: {who}, with permission"


def credits_for(attachments: Iterable[ImageAttachment]) -> str:
    """Every picture's credit, one a line, in order and without repeats ("" if none)."""
    lines: list[str] = []
    for att in attachments:
        line = credit_line(att)
        if line and line not in lines:
            lines.append(line)
    return "\n".join(lines)


def with_credits(text: str, attachments: Iterable[ImageAttachment]) -> str:
    """The post as it goes out: the text, a blank line, then the credits (if any)."""
    credits = credits_for(attachments)
    if not credits:
        return text
    return f"{text.rstrip()}\n\n{credits}" if text.strip() else credits
