"""Opening a picture safely with Pillow and reading what it holds (:func:`inspect_image`).

Only JPEG, PNG, GIF and WebP are ever opened, and a picture bigger than
:data:`~rwt_desktop.core.images.model.MAX_PIXELS` is refused before it is decoded, so a
"decompression bomb" costs nothing. Every failure becomes an :class:`ImageError` whose
message is for the person. With :mod:`.export`, the only modules that import Pillow.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import threading
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from PIL import ExifTags, Image, UnidentifiedImageError

from rwt_desktop.core.images.model import FORMATS, MAX_PIXELS, ImageError, ImageInfo

_EXTENSIONS = {"JPEG": (".jpg", ".jpeg", ".jpe", ".jfif"), "PNG": (".png",),
               "GIF": (".gif",), "WEBP": (".webp",)}

_TAG_ORIENTATION = 0x0112
_TAG_MAKE = 0x010F
_TAG_MODEL = 0x0110


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
def open_image(path: str | os.PathLike[str],
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


def decode_error(name: str, exc: BaseException) -> ImageError:
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


def draft(im: Image.Image, box: tuple[int, int]) -> None:
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
        with open_image(p, max_pixels) as im:
            fmt = im.format or ""
            w, h = im.size
            animated = bool(getattr(im, "is_animated", False))
            try:
                draft(im, (max(1, w // 8), max(1, h // 8)))
                im.load()
                meta = _metadata(im)
            except Exception as exc:
                raise decode_error(p.name, exc) from None
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
        err = decode_error(p.name, exc)
        return ImageInfo(file_size=size, error=err.message, error_kind=err.kind)
