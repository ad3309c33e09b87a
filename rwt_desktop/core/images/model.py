"""What is known about an attached picture: the volunteer's answers (:class:`ImageAttachment`)
and what the file holds (:class:`ImageInfo`), with the limits and labels the form offers.

No Pillow here: the checks and ``rwt-check`` read these without decoding anything.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

#: The only formats ever opened. Pillow is told so, so a file cannot talk its way into a
#: rarely used (and rarely audited) decoder by its contents.
FORMATS: tuple[str, ...] = ("JPEG", "PNG", "GIF", "WEBP")

#: The largest picture opened, in pixels. Phones take 12 to 50 megapixels; a picture above
#: this costs hundreds of megabytes to decode and no platform shows it at that size anyway.
#: (Pillow's own limit, Image.MAX_IMAGE_PIXELS, is about 89 megapixels; ours is lower and
#: an error, not a warning.)
MAX_PIXELS = 60_000_000

#: Where a picture came from, in the order a form should offer them, with plain labels.
SOURCE_LABELS: Mapping[str, str] = {
    "own": "Our own photo (taken by RWT staff or volunteers)",
    "partner": "A partner's photo, used with their permission",
    "licensed": "A licensed image (e.g. Creative Commons or a stock photo we paid for)",
    "online": "Found online (a website, Google, social media)",
    "unknown": "I don't know where it came from",
}
SOURCES: tuple[str, ...] = tuple(SOURCE_LABELS)

#: Can people be recognised in the picture?
PEOPLE_LABELS: Mapping[str, str] = {
    "no": "No: no people, or nobody could be recognised",
    "yes": "Yes: someone could be recognised",
    "unsure": "I'm not sure",
}
PEOPLE: tuple[str, ...] = tuple(PEOPLE_LABELS)


class ImageError(Exception):
    """A picture that cannot be used. ``str(error)`` is the message for the person.

    ``kind`` says why, for programs: "missing", "folder", "unreadable", "empty",
    "not_image", "unsupported", "too_big", "truncated" or "damaged".
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """What the file holds, as found by :func:`inspect_image`.

    ``width`` and ``height`` are as the picture is shown, with the EXIF orientation applied
    (a phone's portrait photo is taller than wide here even if stored sideways). When the
    file could not be used, ``error`` holds the message and ``error_kind`` the reason.
    """

    format: str = ""
    width: int = 0
    height: int = 0
    mode: str = ""
    file_size: int = 0
    orientation: int = 1
    animated: bool = False
    has_exif: bool = False
    has_gps: bool = False
    gps_latitude: float | None = None
    gps_longitude: float | None = None
    camera_make: str = ""
    camera_model: str = ""
    taken: str = ""
    has_xmp: bool = False
    has_comment: bool = False
    has_icc: bool = False
    #: False when the file's name says one format and its contents another (a PNG called
    #: photo.jpg). Harmless: the exported copy gets the right name.
    extension_ok: bool = True
    error: str = ""
    error_kind: str = ""

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def megapixels(self) -> float:
        return self.width * self.height / 1_000_000

    @property
    def camera(self) -> str:
        """"Apple iPhone 13", without repeating the maker when the model already says it."""
        make, model = self.camera_make.strip(), self.camera_model.strip()
        if make and model.lower().startswith(make.lower()):
            return model
        return " ".join(p for p in (make, model) if p)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ImageInfo:
        """Read back :meth:`to_dict`; unknown keys are ignored, wrongly typed values reset."""
        return cls(**_typed(cls(), data))


@dataclass(frozen=True, slots=True)
class ImageAttachment:
    """One picture attached to a post, with what the volunteer told us about it.

    Frozen, so a copy can be handed to a worker thread while the form changes; the window
    makes a new one with :meth:`with_fields` when a field changes. ``info`` is what
    :func:`inspect_image` found (``None`` until inspected; :func:`attach_image` fills it).
    """

    path: str
    #: One of :data:`SOURCES`.
    source: str = "unknown"
    #: Who took the photo or owns the image.
    author: str = ""
    #: Who gave permission to use it, and when (free text: "Jo at Brio, email 3 May").
    permission_from: str = ""
    permission_date: str = ""
    #: The licence's name ("CC BY 4.0", "Unsplash Licence") and a link to it.
    licence: str = ""
    licence_url: str = ""
    title: str = ""
    #: One of :data:`PEOPLE`: can anyone be recognised in it?
    people_identifiable: str = "unsure"
    #: Everyone who can be recognised agreed to it being posted.
    consent: bool = False
    #: Children can be recognised in it (then ``consent`` means a parent's or carer's).
    children: bool = False
    #: For our own photos: the photographer would like a credit.
    credit_wanted: bool = False
    #: The description read aloud to people who cannot see the picture.
    alt_text: str = ""
    info: ImageInfo | None = None

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ValueError(f"source must be one of {', '.join(SOURCES)}, not {self.source!r}")
        if self.people_identifiable not in PEOPLE:
            raise ValueError(f"people_identifiable must be one of {', '.join(PEOPLE)}, "
                             f"not {self.people_identifiable!r}")

    @property
    def name(self) -> str:
        """The file name as the person chose it (what findings call the picture)."""
        return Path(self.path).name or "picture"  # never "": findings need a name

    def with_fields(self, **changes: Any) -> ImageAttachment:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "info"}
        data["path"] = str(self.path)
        if self.info is not None:
            data["info"] = self.info.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ImageAttachment:
        """Read back :meth:`to_dict`; unknown keys are ignored, odd values made safe."""
        values = _typed(cls(path=""), {k: v for k, v in data.items() if k != "info"})
        values["path"] = str(data.get("path", "") or "")
        if values.get("source") not in SOURCES:
            values["source"] = "unknown"
        if values.get("people_identifiable") not in PEOPLE:
            values["people_identifiable"] = "unsure"
        values.pop("info", None)
        info = data.get("info")
        return cls(**values, info=ImageInfo.from_dict(info) if isinstance(info, Mapping)
                   else None)


def _typed(default: Any, data: Mapping[str, Any]) -> dict[str, Any]:
    """The known keys of ``data`` whose values have the type of ``default``'s field.

    Stored JSON is read back by programs and people alike; a width of "abc" or a consent of
    "yes" must not reach the checks, so such a value falls back to the field's default.
    """
    out: dict[str, Any] = {}
    for f in fields(default):
        if f.name not in data:
            continue
        value, current = data[f.name], getattr(default, f.name)
        if isinstance(current, bool):
            ok = isinstance(value, bool)
        elif isinstance(current, int):
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif isinstance(current, str):
            ok = isinstance(value, str)
        elif current is None and f.name.startswith("gps_"):
            ok = value is None or (isinstance(value, int | float) and not isinstance(value, bool))
        else:
            ok = True
        if ok:
            out[f.name] = value
    return out


def attach_image(path: str | os.PathLike[str], **fields_: Any) -> ImageAttachment:
    """An attachment for ``path`` with its file inspected (reads the file: use a worker).

    Pillow is imported only here, on first use, so checking words alone never loads it.
    """
    from rwt_desktop.core.images.decoding import inspect_image

    return ImageAttachment(path=str(path), info=inspect_image(path), **fields_)


def display_names(attachments: Sequence[ImageAttachment]) -> list[str]:
    """The name each attachment's findings carry, in order; duplicates get " (2)", " (3)".

    The window maps a finding back to its picture with this list, the same way the checks
    named it.
    """
    seen: dict[str, int] = {}
    out = []
    for att in attachments:
        base = att.name
        n = seen.get(base.lower(), 0) + 1
        seen[base.lower()] = n
        out.append(base if n == 1 else f"{base} ({n})")
    return out
