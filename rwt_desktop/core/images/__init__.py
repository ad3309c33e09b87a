"""Images attached to a post: what the volunteer tells us, what the file holds, safe handling.

The policy says never to use another person's or organisation's images without permission,
to acknowledge where required, never to include offensive or inappropriate images and never
to reveal personal data. So for each picture this package keeps:

* :mod:`.model`: :class:`ImageAttachment`, the file and the answers a volunteer can give
  without knowing copyright law (where it came from, who took it, who gave permission, the
  licence, whether people can be recognised and whether they agreed, the alt text), and
  :class:`ImageInfo`, what the file itself holds (format, size, location and camera details,
  orientation);
* :mod:`.credits`: :func:`credit_line` and :func:`credits_for`, the acknowledgement to add to
  the post;
* :mod:`.decoding`: :func:`inspect_image`, which never raises and turns a broken, empty,
  mislabelled or oversized file into a plain message;
* :mod:`.export`: :func:`make_thumbnail` and :func:`export_image`, a preview, and a clean
  copy for posting with the EXIF orientation applied and no EXIF, GPS, XMP or comments left.

Only :mod:`.decoding` and :mod:`.export` import Pillow, and this package loads them on first
use, so checking a post's words (``rwt-check`` without pictures) never imports Pillow. Every
function here is pure Python with no Qt, safe to call from a worker thread; the checks
themselves are in ``rwt_desktop/core/rules/images_rule.py`` and never touch the disk once the
attachment has been inspected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rwt_desktop.core.images.credits import (
    credit_line,
    credit_required,
    credits_for,
    licence_url_for,
    with_credits,
)
from rwt_desktop.core.images.model import (
    FORMATS,
    MAX_PIXELS,
    PEOPLE,
    PEOPLE_LABELS,
    SOURCE_LABELS,
    SOURCES,
    ImageAttachment,
    ImageError,
    ImageInfo,
    attach_image,
    display_names,
)

if TYPE_CHECKING:
    from rwt_desktop.core.images.decoding import inspect_image
    from rwt_desktop.core.images.export import export_image, export_side, make_thumbnail

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
    "with_credits",
]

def __getattr__(name: str) -> Any:
    """The names whose modules import Pillow, loaded on first use (PEP 562)."""
    if name == "inspect_image":
        from rwt_desktop.core.images import decoding as module
    elif name in ("export_image", "export_side", "make_thumbnail"):
        from rwt_desktop.core.images import export as module
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(module, name)
    globals()[name] = value
    return value
