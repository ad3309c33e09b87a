"""Starting the window: the application object, the profile folders, and the event loop."""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from rwt_desktop.gui.review import ReviewViewer

from rwt_desktop.app import APP_NAME
from rwt_desktop.resources_path import resource_path
from rwt_desktop.storage.paths import default_dirs


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="rwt-desktop", description=(
        "Write a social-media post and check it against the RWT Social and Digital Media "
        "Policy before you post it."))
    parser.add_argument("--smoke", action="store_true", help=(
        "start, show the window, print 'window shown after N ms' and, once the checks are "
        "ready, 'checks ready after N ms', and quit (for build checks and start-up timing)"))
    parser.add_argument("--open-review", metavar="FILE", help=(
        "open a review request (.rwtreview) read-only, to reply to it"))
    return parser.parse_args(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    started = time.perf_counter()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("RWT")
    app.setApplicationDisplayName(APP_NAME)
    icon = resource_path("icons", "rwt-post-checker.png")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))

    if args.open_review:
        viewer = _review_window(args.open_review, show_errors=not args.smoke)
        if viewer is None:
            return 2
        viewer.finished.connect(app.quit)  # Close on the reviewer's view ends the program
        window: QWidget = viewer
    else:
        from rwt_desktop.gui.window import MainWindow

        window = MainWindow(default_dirs())
    window.show()
    if args.smoke:
        def checks_ready() -> None:
            if getattr(window, "checker", True) is None:  # still being built on a worker
                QTimer.singleShot(5, checks_ready)
                return
            ready = (time.perf_counter() - started) * 1000
            with contextlib.suppress(OSError):  # whoever started us may stop reading
                print(f"checks ready after {ready:.0f} ms", flush=True)
            window.close()
            app.quit()

        def report() -> None:
            shown = (time.perf_counter() - started) * 1000
            with contextlib.suppress(OSError):
                print(f"window shown after {shown:.0f} ms", flush=True)
            checks_ready()

        QTimer.singleShot(0, report)
    return app.exec()


def _review_window(path: str, *, show_errors: bool = True) -> ReviewViewer | None:
    """The reviewer's read-only view of a request, on its own; None (and a message) if bad."""
    from PySide6.QtWidgets import QMessageBox

    from rwt_desktop.gui.review import ReviewViewer
    from rwt_desktop.storage.review import ReviewFileError
    from rwt_desktop.storage.settings import SettingsStore

    settings, _problem = SettingsStore(default_dirs().config).load()
    try:
        return ReviewViewer.open_file(Path(path), settings.user_name)
    except (ReviewFileError, OSError) as exc:
        reason = exc if isinstance(exc, ReviewFileError) else f"{path}: {exc.strerror or exc}"
        print(f"rwt-desktop: could not open the review request: {reason}", file=sys.stderr)
        if show_errors:  # the reason quotes the file: plain text, never markup
            box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME,
                              f"Could not open the review request.\n\n{reason}")
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.exec()
        return None
