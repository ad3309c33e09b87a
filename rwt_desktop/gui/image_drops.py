"""Picture files dropped anywhere on the window are attached, not pasted as paths."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject

from rwt_desktop.app.pictures import image_paths

if TYPE_CHECKING:
    from rwt_desktop.gui.images_panel import ImagesPanel


class ImageDropFilter(QObject):
    """Takes drops of picture files on a widget (the composer would paste their paths)."""

    def __init__(self, panel: ImagesPanel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._panel = panel

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            mime = event.mimeData()
            paths = image_paths(mime.urls()) if mime.hasUrls() else []
            if paths:
                event.acceptProposedAction()
                if kind == QEvent.Type.Drop:
                    self._panel.attach_files(paths)
                return True
        return False
