"""Images attached to a post: what the volunteer tells us, what the file holds, safe handling.

The policy says never to use another person's or organisation's images without permission,
to acknowledge where required, never to include offensive or inappropriate images and never
to reveal personal data. So for each picture this module keeps:

* :class:`ImageAttachment`: the file and the answers a volunteer can give without knowing
  copyright law (where it came from, who took it, who gave permission, the licence, whether
  people can be recognised and whether they agreed, the alt text);
* :class:`ImageInfo`: what the file itself holds (format, size, location and camera details,
  orientation), read with :func:`inspect_image`, which never raises and turns a broken,
  empty, mislabelled or oversized file into a plain message;
* :func:`credit_line` and :func:`credits_for`: the acknowledgement to add to the post;
* :func:`make_thumbnail` and :func:`export_image`: a preview, and a clean copy for posting
  with the EXIF orientation applied and no EXIF, GPS, XMP or comments left in it.

Only JPEG, PNG, GIF and WebP are ever opened, and a picture bigger than
:data:`MAX_PIXELS` is refused before it is decoded, so a "decompression bomb" (a tiny file
that claims to be 20,000 x 20,000 pixels) costs nothing. Every function here is pure Python
with no Qt, safe to call from a worker thread; the checks themselves are in
``rwt_desktop/core/rules/images_rule.py`` and never touch the disk once the attachment has
been inspected.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import re
import secrets
import threading
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

__all__ = [
    "FORMATS",
    "MAX_PIXELS",
    "PEOPLE",
    "PEOPLE_LABELS",
    "SOURCES",
    "SOURCE_LABELS",
    "ImageAttachment",
    "ImageError",
    "ImageInfo",
    "attach_image",
    "credit_line",
    "credit_required",
    "credits_for",
    "display_names",
    "export_image",
    "export_side",
    "inspect_image",
    "licence_url_for",
    "make_thumbnail",
    "parse_example",
    "with_credits",
]

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

_EXTENSIONS = {"JPEG": (".jpg", ".jpeg", ".jpe", ".jfif"), "PNG": (".png",),
               "GIF": (".gif",), "WEBP": (".webp",)}

_TAG_ORIENTATION = 0x0112
_TAG_MAKE = 0x010F
_TAG_MODEL = 0x0110


class ImageError(Exception):
    """A picture that cannot be used. ``str(error)`` is the message for the person.

    ``kind`` says why, for programs: "missing", "folder", "unreadable", "empty",
    "not_image", "unsupported", "too_big", "truncated" or "damaged".
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


# --------------------------------------------------------------------------- data model


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
    """An attachment for ``path`` with its file inspected (reads the file: use a worker)."""
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


# --------------------------------------------------------------------------- credits

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


# --------------------------------------------------------------------------- opening safely

#: catch_warnings() swaps a process-wide list; the lock keeps two of our threads from
#: swapping it at once. Held only while the header is read (microseconds).
_WARNINGS_LOCK = threading.Lock()


def _sniff(head: bytes) -> str:
    """What a file Pillow refused really is, from its first bytes, in words."""
    if head[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if head[:4] in (b"GIF8",):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"):
            return "a HEIC picture (the format iPhones use)"
        if brand in (b"avif", b"avis"):
            return "an AVIF picture"
        return "a video"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "a TIFF picture"
    if head[:2] == b"BM":
        return "a BMP picture"
    if head[:4] == b"%PDF":
        return "a PDF document"
    if head[:4] == b"8BPS":
        return "a Photoshop file"
    if head[:4] == b"\x00\x00\x01\x00":
        return "an icon file"
    if head[:4] == b"PK\x03\x04":
        return "a document or zip file"
    low = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if low.startswith(b"<svg") or (low.startswith(b"<?xml") and b"<svg" in low):
        return "an SVG drawing"
    if low.startswith((b"<!doctype html", b"<html")):
        return "a web page"
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # not just a character cut at the end
                return "something that is not a picture"
        return "text"
    return "something that is not a picture"


_PREFIX = "This picture could not be opened: "


def _too_big(width: int, height: int) -> ImageError:
    mp = width * height / 1_000_000
    return ImageError(
        "too_big",
        f"This picture is too big to open safely ({width:,} \u00d7 {height:,} pixels, "
        f"{mp:,.0f} megapixels). Please use a smaller copy, under {MAX_PIXELS // 1_000_000} "
        "megapixels: most phones and photo apps can share a smaller size.")


_BOMB_SIZE = re.compile(r"\((\d+) pixels\)")


@contextlib.contextmanager
def _open_image(path: str | os.PathLike[str],
                max_pixels: int = MAX_PIXELS) -> Iterator[Image.Image]:
    """The picture at ``path``, opened (not yet decoded), checked for size; closed after.

    Raises :class:`ImageError` with a message for the person for anything that stops us.
    """
    p = Path(path)
    name = p.name
    try:
        st = p.stat()
    except FileNotFoundError:
        raise ImageError("missing", f"{_PREFIX}the file is no longer there (was it "
                                    "moved, renamed or deleted?).") from None
    except ValueError:  # a NUL or an unencodable character in the name
        raise ImageError("unreadable", f"{_PREFIX}its name has characters this computer "
                                    "cannot use. Rename it and attach it again.") from None
    except OSError as exc:
        raise ImageError("unreadable", f"{_PREFIX}the computer would not let us "
                                       f"read it ({exc.strerror or exc}).") from None
    if p.is_dir():
        raise ImageError("folder", f"{_PREFIX}this is a folder, not a picture.")
    if st.st_size == 0:
        raise ImageError("empty", f"{_PREFIX}the file is empty (0 bytes). Try saving "
                                  "or downloading it again.")
    try:
        with _WARNINGS_LOCK, warnings.catch_warnings():
            # Pillow only warns between its limit and twice its limit; here that is an error.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(p, formats=list(FORMATS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        m = _BOMB_SIZE.search(str(exc))
        pixels = int(m.group(1)) if m else 0
        raise ImageError(
            "too_big",
            "This picture is too big to open safely"
            + (f" (about {pixels / 1_000_000:,.0f} megapixels)" if pixels else "")
            + f". Please use a smaller copy, under {MAX_PIXELS // 1_000_000} megapixels: most "
            "phones and photo apps can share a smaller size.") from None
    except UnidentifiedImageError:
        try:
            with open(p, "rb") as fh:
                head = fh.read(4096)
        except OSError:
            head = b""
        what = _sniff(head)
        if what in FORMATS:
            raise ImageError("damaged", f"{_PREFIX}the file is damaged. Try saving or "
                                        "downloading it again.") from None
        if what == "text" or what.startswith(("a document", "a PDF", "a web page", "a video",
                                              "something")):
            raise ImageError("not_image", f"{_PREFIX}the file is not a picture (it looks like "
                                          f"{what}), {_named(name)}. Check you chose the "
                                          "right file.") from None
        raise ImageError("unsupported", f"{_PREFIX}it is {what}, which we cannot "
                         "check. Save it as a JPEG or PNG and attach that instead.") from None
    except OSError as exc:
        raise ImageError("unreadable", f"{_PREFIX}the computer would not let us read it "
                                       f"({getattr(exc, 'strerror', None) or exc}).") from None
    except Exception:
        raise ImageError("damaged", f"{_PREFIX}the file is damaged. Try saving or "
                                    "downloading it again.") from None
    try:
        width, height = im.size
        if width <= 0 or height <= 0:
            raise ImageError("damaged", f"{_PREFIX}the file is damaged. Try saving or "
                                        "downloading it again.")
        if width * height > max_pixels:
            raise _too_big(width, height)
        yield im
    finally:
        im.close()


def _named(name: str) -> str:
    suffix = Path(name).suffix
    return f"even though its name ends in {suffix}" if suffix else "whatever its name says"


def _decode_error(name: str, exc: BaseException) -> ImageError:
    """A failure while decoding, as a message: incomplete, too big, or damaged."""
    if isinstance(exc, ImageError):
        return exc
    text = str(exc).lower()
    if isinstance(exc, OSError) and ("truncated" in text or "broken data stream" in text
                                     or "unexpected end" in text):
        return ImageError("truncated", f"{_PREFIX}the file is incomplete (it may not "
                                       "have finished downloading). Try downloading or "
                                       "copying it again.")
    if isinstance(exc, EOFError):
        return ImageError("truncated", f"{_PREFIX}the file is incomplete (it may not "
                                       "have finished downloading). Try downloading or "
                                       "copying it again.")
    if isinstance(exc, MemoryError):
        return ImageError("too_big", f"{_PREFIX}there is not enough memory to open it. "
                                     "Please use a smaller copy.")
    return ImageError("damaged", f"{_PREFIX}the file is damaged. Try saving or "
                                 "downloading it again.")


def _draft(im: Image.Image, box: tuple[int, int]) -> None:
    """Let the JPEG decoder scale down by 2, 4 or 8 while decoding (much faster, less memory).

    Asks for the largest size that still covers ``box`` with the picture's own proportions.
    """
    if im.format != "JPEG":
        return
    w, h = im.size
    k = min(box[0] / w, box[1] / h)
    if k >= 1:
        return
    with contextlib.suppress(Exception):
        im.draft(im.mode if im.mode in ("RGB", "L") else None,
                 (max(1, math.ceil(w * k)), max(1, math.ceil(h * k))))


# --------------------------------------------------------------------------- inspecting


def _rational(value: Any) -> float:
    try:
        f = float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return math.nan
    return f


def _degrees(dms: Any, ref: Any) -> float | None:
    try:
        if isinstance(dms, tuple | list):
            parts = [_rational(v) for v in dms] + [0.0, 0.0]
            deg = parts[0] + parts[1] / 60 + parts[2] / 3600
        else:
            deg = _rational(dms)
    except Exception:
        return None
    if math.isnan(deg) or math.isinf(deg):
        return None
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    if isinstance(ref, str) and ref.strip().upper()[:1] in ("S", "W"):
        deg = -deg
    return round(deg, 6)


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return ""
    return " ".join(value.replace("\x00", " ").split())[:100]


def _metadata(im: Image.Image) -> dict[str, Any]:
    """Location, camera and other hidden details: what export removes."""
    found: dict[str, Any] = {}
    info = im.info
    exif_raw = info.get("exif")
    try:
        exif = im.getexif()
    except Exception:
        exif = Image.Exif()
    found["has_exif"] = bool(exif_raw) or len(exif) > 0
    orientation = exif.get(_TAG_ORIENTATION, 1)
    found["orientation"] = orientation if isinstance(orientation, int) and 1 <= orientation <= 8 \
        else 1
    found["camera_make"] = _text(exif.get(_TAG_MAKE))
    found["camera_model"] = _text(exif.get(_TAG_MODEL))
    try:
        sub = exif.get_ifd(ExifTags.IFD.Exif)
        found["taken"] = _text(sub.get(ExifTags.Base.DateTimeOriginal)
                               or exif.get(ExifTags.Base.DateTime))
    except Exception:
        found["taken"] = ""
    gps: Mapping[int, Any] = {}
    try:
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    except Exception:
        gps = {}
    found["has_gps"] = bool(gps) or ExifTags.IFD.GPSInfo in exif
    if gps:
        lat = _degrees(gps.get(ExifTags.GPS.GPSLatitude), gps.get(ExifTags.GPS.GPSLatitudeRef))
        lon = _degrees(gps.get(ExifTags.GPS.GPSLongitude),
                       gps.get(ExifTags.GPS.GPSLongitudeRef))
        if lat is not None and lon is not None and abs(lat) <= 90 and abs(lon) <= 180:
            found["gps_latitude"], found["gps_longitude"] = lat, lon
    found["has_xmp"] = bool(info.get("xmp") or info.get("XML:com.adobe.xmp"))
    text_chunks = getattr(im, "text", None) if im.format == "PNG" else None
    found["has_comment"] = bool(info.get("comment")) or bool(
        text_chunks and any(k != "XML:com.adobe.xmp" for k in text_chunks))
    found["has_icc"] = bool(info.get("icc_profile"))
    return found


def inspect_image(path: str | os.PathLike[str], max_pixels: int = MAX_PIXELS) -> ImageInfo:
    """What the picture at ``path`` is and holds. Never raises: problems go in ``error``.

    Decodes the picture once (at a reduced scale for JPEG), because a file cut short looks
    fine until it is decoded (``verify()`` passes a truncated JPEG; ``load()`` does not).
    """
    p = Path(path)
    size = 0
    with contextlib.suppress(OSError, ValueError):  # ValueError: a NUL or lone surrogate
        size = p.stat().st_size
    try:
        with _open_image(p, max_pixels) as im:
            fmt = im.format or ""
            w, h = im.size
            animated = bool(getattr(im, "is_animated", False))
            try:
                _draft(im, (max(1, w // 8), max(1, h // 8)))
                im.load()
                meta = _metadata(im)
            except Exception as exc:
                raise _decode_error(p.name, exc) from None
        if meta["orientation"] in (5, 6, 7, 8):
            w, h = h, w
        suffix = p.suffix.lower()
        ext_ok = not suffix or suffix in _EXTENSIONS.get(fmt, ()) or suffix not in {
            e for exts in _EXTENSIONS.values() for e in exts}
        return ImageInfo(format=fmt, width=w, height=h, mode=im.mode, file_size=size,
                         animated=animated, extension_ok=ext_ok, **meta)
    except ImageError as exc:
        return ImageInfo(file_size=size, error=exc.message, error_kind=exc.kind)
    except Exception as exc:
        err = _decode_error(p.name, exc)
        return ImageInfo(file_size=size, error=err.message, error_kind=err.kind)


# --------------------------------------------------------------------------- thumbnails


def _frame_for_output(im: Image.Image, box: tuple[int, int] | None) -> Image.Image:
    """Decoded first frame, upright (EXIF orientation applied first), optionally shrunk."""
    if box is not None:
        # The draft box is in stored orientation, which may be sideways: a square box of the
        # longer side covers either way round.
        _draft(im, (max(box), max(box)))
    im.load()
    # In place: no second copy of a big picture (and none at all when already upright).
    ImageOps.exif_transpose(im, in_place=True)
    upright = im
    if box is not None and (upright.width > box[0] or upright.height > box[1]):
        if upright.mode not in ("RGB", "RGBA", "L", "LA"):  # P and 1 resize badly
            upright = upright.convert("RGBA" if _has_alpha(upright) else "RGB")
        upright.thumbnail(box, Image.Resampling.LANCZOS)  # shrinks by reduce() first
    return upright


def _has_alpha(im: Image.Image) -> bool:
    return im.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in im.info


def make_thumbnail(path: str | os.PathLike[str], size: int | tuple[int, int] = 256) -> bytes:
    """A PNG preview of the picture, upright, fitting in ``size`` (pixels, or (w, h)).

    Pure function for a worker thread. Raises :class:`ImageError` (its message is for the
    person) if the picture cannot be opened.
    """
    box = (size, size) if isinstance(size, int) else (int(size[0]), int(size[1]))
    if box[0] < 1 or box[1] < 1:
        raise ValueError("thumbnail size must be at least 1 pixel")
    p = Path(path)
    with _open_image(p) as im:
        try:
            thumb = _frame_for_output(im, box)
            if thumb.mode not in ("RGB", "RGBA", "L", "LA"):
                thumb = thumb.convert("RGBA" if _has_alpha(thumb) else "RGB")
            thumb.info = {}
            buf = io.BytesIO()
            thumb.save(buf, format="PNG")
        except Exception as exc:
            raise _decode_error(p.name, exc) from None
    return buf.getvalue()


# --------------------------------------------------------------------------- export


def export_side(channels: Iterable[Any]) -> int | None:
    """The longest side to export at for these channels (``policy.Channel`` objects).

    The largest of their ``export_image_size``: each platform shrinks further itself, so
    one copy serves them all without throwing detail away that one of them would show.
    """
    sizes = [ch.export_image_size for ch in channels if getattr(ch, "export_image_size", None)]
    return max(sizes) if sizes else None


def _atomic_save(img: Image.Image, dest: Path, fmt: str, params: dict[str, Any]) -> None:
    tmp = dest.parent / f".{dest.name}.{secrets.token_hex(4)}.tmp"
    try:
        with open(tmp, "xb") as fh:
            img.save(fh, format=fmt, **params)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def export_image(src: str | os.PathLike[str], dest_dir: str | os.PathLike[str],
                 channel: Any = None, *, max_side: int | None = None,
                 name: str | None = None, quality: int = 90) -> Path:
    """A clean copy of ``src`` in ``dest_dir`` for posting; returns its path.

    The EXIF orientation is applied first (so the picture is upright without it), then the
    copy is made from the pixels alone: no EXIF, GPS, XMP or comments survive; the ICC colour
    profile is kept (it describes colours, not people). The longest side is limited to
    ``max_side`` or the channel's ``export_image_size`` (a ``policy.Channel``). Photos
    (JPEG, and WebP without transparency) become JPEG at ``quality``; PNG, GIF and WebP with
    transparency become PNG. An animated GIF or WebP keeps its first frame only. The file
    is named after ``src`` (``name`` overrides) and written atomically, replacing a file of
    that name. Raises :class:`ImageError` if the picture cannot be opened, ``OSError`` if
    the copy cannot be written.
    """
    src_path = Path(src)
    out_dir = Path(dest_dir)
    limit = max_side if max_side is not None else getattr(channel, "export_image_size", None)
    box = (limit, limit) if limit else None
    with _open_image(src_path) as im:  # the copy is saved before the file is closed
        try:
            icc = im.info.get("icc_profile") or None
            src_format = im.format
            frame = _frame_for_output(im, box)
            fmt, frame, params = _clean_for_saving(frame, src_format, icc, quality)
        except Exception as exc:
            raise _decode_error(src_path.name, exc) from None
        out_dir.mkdir(parents=True, exist_ok=True)
        ext = ".jpg" if fmt == "JPEG" else ".png"
        dest = out_dir / (name or f"{src_path.stem or 'image'}{ext}")
        _atomic_save(frame, dest, fmt, params)
    return dest


def _clean_for_saving(frame: Image.Image, src_format: str | None, icc: bytes | None,
                      quality: int) -> tuple[str, Image.Image, dict[str, Any]]:
    """(format, pixels, save options) for the exported copy: nothing but what is listed."""
    transparency = frame.info.get("transparency")
    params: dict[str, Any]
    if src_format == "JPEG" or (src_format == "WEBP" and not _has_alpha(frame)):
        fmt = "JPEG"
        if frame.mode == "CMYK":
            frame, icc = frame.convert("RGB"), None  # a CMYK profile no longer fits
        elif _has_alpha(frame):
            rgba = frame.convert("RGBA")
            frame = Image.new("RGB", rgba.size, (255, 255, 255))
            frame.paste(rgba, mask=rgba.getchannel("A"))
        elif frame.mode not in ("RGB", "L"):
            frame = frame.convert("RGB")
        params = {"quality": quality, "exif": b""}
    else:
        fmt = "PNG"
        if frame.mode not in ("1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA"):
            frame = frame.convert("RGBA" if _has_alpha(frame) else "RGB")
        params = {}
        if transparency is not None and frame.mode in ("P", "L", "RGB", "1"):
            params["transparency"] = transparency
    if icc:
        params["icc_profile"] = icc
    frame.info = {}  # no EXIF, XMP, comments or text chunks carried over by Pillow
    return fmt, frame, params


# --------------------------------------------------------------------------- rule examples

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

