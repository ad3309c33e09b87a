"""Starting the window: the application object, the profile folders, and the event loop."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from rwt_desktop.storage.paths import default_dirs

APP_NAME = "RWT Post Checker"


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="rwt-desktop", description=(
        "Write a social-media post and check it against the RWT Social and Digital Media "
        "Policy before you post it."))
    parser.add_argument("--smoke", action="store_true", help=(
        "start, show the window, print 'window shown after N ms' and quit (for build checks "
        "and start-up timing)"))
    return parser.parse_args(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    started = time.perf_counter()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("RWT")
    app.setApplicationDisplayName(APP_NAME)

    from rwt_desktop.gui.window import MainWindow

    window = MainWindow(default_dirs())
    window.show()
    if args.smoke:
        def report() -> None:
            shown = (time.perf_counter() - started) * 1000
            print(f"window shown after {shown:.0f} ms", flush=True)
            window.close()
            app.quit()

        QTimer.singleShot(0, report)
    return app.exec()
