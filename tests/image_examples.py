"""The image rules' examples as data: ``[image: key=value; ...]`` blocks before the post text.

Only the tests (and ``scripts/train_judgement.py``) read rule examples, so this small
language lives with them rather than in the core: ``resources/rules/image.toml`` writes its
must-flag and must-pass examples in it, and :func:`parse_example` turns one into the post
text and the attachments the checker is given.
"""

from __future__ import annotations

import re
from dataclasses import fields
from typing import Any

from rwt_desktop.core.images import ImageAttachment, ImageInfo

_EXAMPLE = re.compile(r"\[image(?::\s*([^\]]*))?\]\s*", re.IGNORECASE)
_INFO_KEYS = {
    "width", "height", "format", "gps", "camera", "animated", "error", "renamed",
}
_ALIASES = {"alt": "alt_text", "people": "people_identifiable", "file": "path",
            "permission": "permission_from", "url": "licence_url", "license": "licence",
            "credit": "credit_wanted"}
_BOOLS = {"consent", "children", "credit_wanted"}


def parse_example(example: str) -> tuple[str, list[ImageAttachment]]:
    """A rule example as (post text, attachments), for the image rules' examples in data.

    An example may start with any number of ``[image: key=value; key=value]`` blocks, each
    one picture, then the post text. Keys are :class:`ImageAttachment` fields (``alt`` for
    alt_text, ``people`` for people_identifiable, ``permission`` for permission_from, yes/no
    for true/false) and a few facts about the file (``width``, ``height``, ``format``,
    ``gps=yes``, ``camera=Make Model``, ``animated=yes``, ``renamed=yes``, ``error=truncated``)
    so the examples need no real files: the picture is a well-formed 2000 x 1500 JPEG with
    no hidden details unless the example says otherwise. Any other text is returned as it is,
    with no attachments.
    """
    attachments: list[ImageAttachment] = []
    pos = 0
    while True:
        m = _EXAMPLE.match(example, pos)
        if not m:
            break
        attachments.append(_example_attachment(m.group(1) or "", len(attachments) + 1))
        pos = m.end()
    if not attachments:
        return example, []
    return example[pos:], attachments


def _example_attachment(spec: str, n: int) -> ImageAttachment:
    values: dict[str, Any] = {"path": f"photo{n}.jpg"}
    info: dict[str, Any] = {"format": "JPEG", "width": 2000, "height": 1500, "mode": "RGB"}
    for item in spec.split(";"):
        if not item.strip():
            continue
        key, sep, value = item.partition("=")
        key, value = key.strip().lower(), value.strip()
        if not sep:
            raise ValueError(f"image example {spec!r}: {item!r} should be key=value")
        key = _ALIASES.get(key, key)
        yes = value.lower() in ("yes", "true", "1")
        if key in _INFO_KEYS:
            if key in ("width", "height"):
                info[key] = int(value)
            elif key == "format":
                info["format"] = value.upper()
            elif key == "gps":
                info.update(has_exif=yes, has_gps=yes)
                if yes:
                    info.update(gps_latitude=53.2569, gps_longitude=-2.5177)
            elif key == "camera":
                make, _, model = value.partition(" ")
                info.update(has_exif=True, camera_make=make, camera_model=model)
            elif key == "animated":
                info["animated"] = yes
            elif key == "renamed":
                info["extension_ok"] = not yes
            elif key == "error":
                info.update(error="This picture could not be opened: the file is "
                                  f"{value or 'damaged'}.", error_kind=value or "damaged")
        elif key in _BOOLS:
            values[key] = yes
        elif key in {f.name for f in fields(ImageAttachment)} and key != "info":
            values[key] = value
        else:
            raise ValueError(f"image example {spec!r}: unknown key {key!r}")
    return ImageAttachment(**values, info=ImageInfo(**info))

