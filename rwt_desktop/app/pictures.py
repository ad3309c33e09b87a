"""Pictures for the post, without widgets: opening a file, and which dropped files count.

:func:`open_picture` runs on a worker thread (the panel's runner), so a big or broken file
never freezes the window; :func:`review_images` is what a reviewer is sent about each one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rwt_desktop.core.images import ImageAttachment

THUMBNAIL_SIZE = 160
#: File endings offered in the file dialog and accepted by drag and drop.
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".gif", ".webp")
FILE_FILTER = "Pictures (*.jpg *.jpeg *.png *.gif *.webp);;All files (*)"


def open_picture(path: str) -> tuple[str, ImageAttachment | None, bytes, str]:
    """(path, attachment, thumbnail PNG, problem) for one file. Runs on a worker thread."""
    from rwt_desktop.core.images import ImageError, attach_image, make_thumbnail

    name = Path(path).name or path
    try:
        att = attach_image(path)
    except Exception as exc:  # attach_image inspects without raising; be safe anyway
        return path, None, b"", f"Could not attach {name}: {exc}"
    if att.info is not None and att.info.error:
        return path, None, b"", f"“{name}” was not attached. {att.info.error}"
    try:
        thumb = make_thumbnail(path, THUMBNAIL_SIZE)
    except ImageError as exc:
        return path, None, b"", f"“{name}” was not attached. {exc}"
    except Exception as exc:
        return path, None, b"", f"Could not attach {name}: {exc}"
    return path, att, thumb, ""


def image_paths(urls: Iterable[Any]) -> list[str]:
    """Local picture files among dropped URLs (QUrl objects)."""
    out = []
    for url in urls:
        if url.isLocalFile():
            path = url.toLocalFile()
            if Path(path).suffix.lower() in IMAGE_SUFFIXES:
                out.append(path)
    return out


def review_images(names: Sequence[str],
                  attachments: Sequence[ImageAttachment]) -> list[dict[str, object]]:
    """The pictures for a review request: what a reviewer needs to judge each one."""
    from rwt_desktop.core.images import credit_line

    return [{"file": name, "credit": credit_line(att), "alt_text": att.alt_text,
             "source": att.source, "people_identifiable": att.people_identifiable,
             "consent": att.consent, "children": att.children}
            for name, att in zip(names, attachments, strict=True)]
