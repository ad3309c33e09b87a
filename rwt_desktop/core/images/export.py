"""Pictures going out: a preview for the window (:func:`make_thumbnail`) and a clean copy
for posting (:func:`export_image`): upright, resized for the channels, and with no EXIF,
GPS, XMP or comments left in it.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

from rwt_desktop.core.images.decoding import decode_error, draft, open_image


def _frame_for_output(im: Image.Image, box: tuple[int, int] | None) -> Image.Image:
    """Decoded first frame, upright (EXIF orientation applied first), optionally shrunk."""
    if box is not None:
        # The draft box is in stored orientation, which may be sideways: a square box of the
        # longer side covers either way round.
        draft(im, (max(box), max(box)))
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
    with open_image(p) as im:
        try:
            thumb = _frame_for_output(im, box)
            if thumb.mode not in ("RGB", "RGBA", "L", "LA"):
                thumb = thumb.convert("RGBA" if _has_alpha(thumb) else "RGB")
            thumb.info = {}
            buf = io.BytesIO()
            thumb.save(buf, format="PNG")
        except Exception as exc:
            raise decode_error(p.name, exc) from None
    return buf.getvalue()


def export_side(channels: Iterable[Any]) -> int | None:
    """The longest side to export at for these channels (``policy.Channel`` objects).

    The largest of their ``export_image_size``: each platform shrinks further itself, so
    one copy serves them all without throwing detail away that one of them would show.
    """
    sizes = [ch.export_image_size for ch in channels if getattr(ch, "export_image_size", None)]
    return max(sizes) if sizes else None


def _atomic_save(img: Image.Image, dest: Path, fmt: str, params: dict[str, Any]) -> None:
    """Save through the program's one atomic save: the old file or the new, never half."""
    from rwt_desktop.storage.atomic import atomic_open  # only when exporting

    with atomic_open(dest) as fh:
        img.save(fh, format=fmt, **params)


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
    with open_image(src_path) as im:  # the copy is saved before the file is closed
        try:
            icc = im.info.get("icc_profile") or None
            src_format = im.format
            frame = _frame_for_output(im, box)
            fmt, frame, params = _clean_for_saving(frame, src_format, icc, quality)
        except Exception as exc:
            raise decode_error(src_path.name, exc) from None
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
