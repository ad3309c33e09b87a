"""A post pack: a folder with everything needed to publish a checked post, and the proof.

::

    rwt-post-20250301-141502/
        twitter.txt        the exact text for each channel (UTF-8, no BOM, newlines as typed)
        facebook.txt
        poster.jpg         attached pictures, exported clean (no EXIF or GPS); plain
                           image paths are copied as given
        alt-text.txt       each picture's description, for pasting into the alt text box
        credits.txt        the credit lines the post carries (when a picture needs one)
        checks.json        the check report, the confirmation, and a SHA-256 of every file

Nothing in the pack says where a picture was taken, what took it or where it was on the
computer: the exported copies hold only pixels (and a colour profile), and ``checks.json``
holds what the volunteer said about each picture (source, permission, consent, alt text,
credit) but not what the file held (location, camera, dates) nor its original path. The
findings about hidden details are reworded to say only that the copy leaves them out.

The folder name is the confirmation time in local time. An existing folder is never reused:
a second pack in the same second gets ``-2``, ``-3``... Each file is written atomically and
``checks.json`` last, so a folder with ``checks.json`` is complete. If anything fails (an
image that has gone, a full disk) the half-made folder is removed and the ``OSError`` raised.

A lone surrogate cannot be written as UTF-8, so in a ``.txt`` file it becomes U+FFFD and
``checks.json`` says how many were replaced; ``checks.json`` itself keeps the exact text.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from rwt_desktop.core.text import lone_surrogates, safe_text

from .atomic import atomic_open, atomic_write_bytes
from .record import Confirmation, confirmation_to_dict
from .values import json_file_bytes, to_iso, utc_now

__all__ = ["PACK_FORMAT", "write_post_pack"]

PACK_FORMAT = "rwt-post-pack/1"

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{d}{i}" for d in ("com", "lpt") for i in range(10)
}


def write_post_pack(
    folder: Path,
    texts: Mapping[str, str],
    report_dict: Mapping[str, Any],
    confirmation: Confirmation,
    images: Sequence[Path] = (),
    *,
    attachments: Sequence[Any] = (),
    max_side: int | None = None,
) -> Path:
    """Make ``folder/rwt-post-YYYYmmdd-HHMMSS/`` and return it.

    ``images`` are copied byte for byte. ``attachments`` (``core.images.ImageAttachment``)
    are exported clean instead, with ``export_image`` (upright, no EXIF, GPS, XMP or
    comments, longest side at most ``max_side``), and ``checks.json`` records what the
    volunteer said about each and its credit line. A picture that cannot be exported raises
    ``OSError`` with the plain message.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    pack = _new_pack_folder(folder, confirmation)
    try:
        used: set[str] = set()
        text_files: dict[str, dict[str, Any]] = {}
        for channel, text in texts.items():
            name = _unique(f"{_safe_stem(channel)}.txt", used)
            replaced = lone_surrogates(text)
            data = safe_text(text).encode("utf-8")
            atomic_write_bytes(pack / name, data)
            entry: dict[str, Any] = {"file": name, "sha256": hashlib.sha256(data).hexdigest()}
            if replaced:
                entry["replaced_invalid_characters"] = replaced
            text_files[channel] = entry

        image_files: list[dict[str, Any]] = []
        for image in images:
            source = Path(image)
            name = _unique(source.name or "image", used)
            digest = hashlib.sha256()
            with source.open("rb") as src, atomic_open(pack / name) as dst:
                while chunk := src.read(1 << 20):
                    digest.update(chunk)
                    dst.write(chunk)
            shutil.copystat(source, pack / name, follow_symlinks=True)
            image_files.append({"file": name, "sha256": digest.hexdigest()})
        exported = _export_attachments(pack, attachments, max_side, used)
        image_files.extend(exported)
        readable: dict[str, dict[str, str]] = {}
        if exported:
            alt = "\n".join(f"{e['file']}: {e['attachment']['alt_text'] or '(no alt text)'}"
                            for e in exported) + "\n"
            name = _unique("alt-text.txt", used)
            data = alt.encode("utf-8", "replace")
            atomic_write_bytes(pack / name, data)
            readable["alt_text"] = {"file": name, "sha256": hashlib.sha256(data).hexdigest()}
        credits = _credits(attachments)
        if credits:
            name = _unique("credits.txt", used)
            data = (credits + "\n").encode("utf-8", "replace")
            atomic_write_bytes(pack / name, data)
            readable["credits"] = {"file": name, "sha256": hashlib.sha256(data).hexdigest()}

        checks = {
            "format": PACK_FORMAT,
            "created": to_iso(utc_now()),
            "texts": text_files,
            "images": image_files,
            "credits": credits,
            **({"readable_files": readable} if readable else {}),
            "report": _without_picture_details(report_dict),
            "confirmation": _without_picture_details(_confirmation_for_pack(confirmation)),
        }
        atomic_write_bytes(pack / "checks.json", json_file_bytes(checks))
    except BaseException:
        shutil.rmtree(pack, ignore_errors=True)
        raise
    return pack


def _export_attachments(pack: Path, attachments: Sequence[Any], max_side: int | None,
                        used: set[str]) -> list[dict[str, Any]]:
    """Clean copies of the post's pictures, exported through a private folder so each one
    can take a unique name once its format (and so its ending) is known."""
    if not attachments:
        return []
    from rwt_desktop.core.images import ImageError, credit_line, export_image

    out: list[dict[str, Any]] = []
    staging = pack / ".exporting"
    try:
        for att in attachments:
            try:
                made = export_image(att.path, staging, max_side=max_side)
            except ImageError as exc:
                raise OSError(f"{Path(att.path).name}: {exc}") from None
            name = _unique(made.name, used)
            made.replace(pack / name)
            data = (pack / name).read_bytes()
            out.append({"file": name, "sha256": hashlib.sha256(data).hexdigest(),
                        "attachment": _what_was_said(att), "credit": credit_line(att)})
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out


#: What the volunteer said about a picture: the only fields of an attachment a pack keeps.
#: Not its path, and not what the file held (``info``: location, camera, dates).
_SAID_FIELDS = ("source", "author", "permission_from", "permission_date", "licence",
                "licence_url", "title", "people_identifiable", "consent", "children",
                "credit_wanted", "alt_text")


def _what_was_said(att: Any) -> dict[str, Any]:
    return {key: getattr(att, key) for key in _SAID_FIELDS if hasattr(att, key)}


#: Findings whose message may quote what a picture file held (its location or camera).
_PICTURE_DETAIL_RULES = ("image.metadata",)
_PICTURE_DETAIL_MESSAGE = ("“{image}” had hidden details saved inside it (such as where or "
                           "when it was taken, or the camera). The copy in this pack leaves "
                           "them out.")


def _without_picture_details(data: Any) -> Any:
    """``data`` with every finding about a picture's hidden details reworded, so that the
    pack never quotes a location or a camera (the post's own words are kept exactly)."""
    if isinstance(data, Mapping):
        out = {k: _without_picture_details(v) for k, v in data.items()}
        if out.get("rule") in _PICTURE_DETAIL_RULES and "message" in out:
            out["message"] = _PICTURE_DETAIL_MESSAGE.format(image=out.get("image", "picture"))
        return out
    if isinstance(data, list | tuple):
        return [_without_picture_details(v) for v in data]
    return data


def _confirmation_for_pack(confirmation: Confirmation) -> dict[str, Any]:
    """The confirmation as the pack shows it: the action without the folder's path (the
    record on the computer keeps it)."""
    data = confirmation_to_dict(confirmation)
    action = str(data.get("action", ""))
    if action.startswith("export:"):
        data["action"] = "export"
    return data


def _credits(attachments: Sequence[Any]) -> str:
    if not attachments:
        return ""
    from rwt_desktop.core.images import credits_for

    return credits_for(attachments)


def _new_pack_folder(folder: Path, confirmation: Confirmation) -> Path:
    when = confirmation.when
    stamp = (when.astimezone() if when.tzinfo else when).strftime("%Y%m%d-%H%M%S")
    base = f"rwt-post-{stamp}"
    n = 1
    while True:
        pack = folder / (base if n == 1 else f"{base}-{n}")
        try:
            pack.mkdir()  # fails if it exists: the name is ours once this returns
        except FileExistsError:
            n += 1
            continue
        return pack


def _safe_stem(channel: str) -> str:
    stem = _UNSAFE_NAME.sub("_", channel).strip("_") or "post"
    return f"{stem}_" if stem.lower() in _WINDOWS_RESERVED else stem


def _unique(name: str, used: set[str]) -> str:
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    candidate, n = name, 1
    while candidate.lower() in used or candidate.lower() == "checks.json":
        n += 1
        candidate = f"{stem}-{n}.{ext}" if dot else f"{stem}-{n}"
    used.add(candidate.lower())
    return candidate
