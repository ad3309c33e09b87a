"""Render screenshots of the real window to docs/screenshots/*.png.

Runs offscreen by default (QT_QPA_PLATFORM=offscreen), or under Xvfb if DISPLAY is set and
QT_QPA_PLATFORM=xcb. Uses a throwaway profile so no real drafts or settings are touched.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CLEAN_POST = (
    "Our Warm Space is open again this winter! ☕ Pop in to the community hub on Station "
    "Road every Tuesday and Thursday, 10am–2pm, for a hot drink, a chat and a free bowl of "
    "soup. Everyone is welcome, and there's a play corner for little ones. 💛 "
    "#Northwich #WarmSpaces"
)

FINDINGS_POST = (
    "🎉 Huge thanks to everyone at the fun day! Strictly confidential: the lunch club may "
    "close in March. If you want the details ring Dave on 07700 900123 – honestly the "
    "council are a bunch of idiots for cutting the funding. 😡"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parent.parent / "docs" / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="rwt-shots-") as tmp:
        os.environ["RWT_CONFIG_DIR"] = str(Path(tmp) / "config")
        os.environ["RWT_DATA_DIR"] = str(Path(tmp) / "data")
        from PySide6.QtWidgets import QApplication

        from rwt_desktop.gui.readback import ReadBackDialog
        from rwt_desktop.gui.window import MainWindow
        from rwt_desktop.storage.paths import default_dirs

        app = QApplication.instance() or QApplication(sys.argv[:1])
        app.setApplicationName("RWT Post Checker")
        written = []
        for name, text, channels in (
                ("clean-post", CLEAN_POST, ["twitter", "facebook"]),
                ("post-with-findings", FINDINGS_POST, ["twitter", "facebook", "instagram"])):
            window = MainWindow(default_dirs(), synchronous=True)
            window.resize(1280, 800)
            window.channels_panel.set_chosen(channels)
            window.composer.setPlainText(text)
            window.check_now()
            window.show()
            # Select the first finding so the detail pane shows what a person would see.
            tree = window.findings.tree
            if tree.topLevelItemCount():
                tree.setCurrentItem(tree.topLevelItem(0).child(0))
                # ...but leave the underlines visible rather than covered by the selection.
                cursor = window.composer.textCursor()
                cursor.clearSelection()
                window.composer.setTextCursor(cursor)
            app.processEvents()
            path = args.out / f"{name}.png"
            window.grab().save(str(path))
            written.append(path)
            if name == "post-with-findings":
                post = _post_for(window)
                dialog = ReadBackDialog(post, window)
                dialog.resize(700, 680)
                dialog.show()
                app.processEvents()
                path = args.out / "read-back.png"
                dialog.grab().save(str(path))
                written.append(path)
                dialog.close()
            window.close()
            window.deleteLater()
            app.processEvents()
        for path in written:
            print(path)
    return 0


def _post_for(window):
    """The same PostForReadBack the window would show (without running the modal dialog)."""
    from unittest import mock

    from rwt_desktop.gui.readback import ReadBackDialog

    captured = {}
    with mock.patch.object(ReadBackDialog, "ask",
                           side_effect=lambda parent, post: captured.setdefault("post", post)
                           and None):
        window.read_back()
    return captured["post"]


if __name__ == "__main__":
    sys.exit(main())
