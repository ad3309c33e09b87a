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
    parser.add_argument("--only", choices=["read-back-questions"],
                        help="make just this screenshot")
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
        if args.only == "read-back-questions":
            print(_questions_shot(app, args.out))
            return 0
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
        written.append(_pictures_shot(app, args.out, Path(tmp)))
        written.append(_questions_shot(app, args.out))
        for path in written:
            print(path)
    return 0


PICTURE_POST = (
    "What a morning! 🌷 Thank you to the 30 volunteers who planted 2,000 bulbs along the "
    "Weaver path. Come and see them flower in spring. #Rudheath #Witton"
)


def _photo(folder: Path) -> Path:
    """A stand-in phone photo: a field of colour with a location in its EXIF, as phones do."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (1600, 1000), (120, 170, 90))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, 1600, 420), fill=(150, 200, 235))
    for x in range(60, 1600, 140):
        draw.ellipse((x, 600, x + 70, 670), fill=(240, 200, 40))
    exif = Image.Exif()
    gps = {1: "N", 2: (53.0, 15.0, 30.0), 3: "W", 4: (2.0, 30.0, 10.0)}
    exif[0x8825] = gps
    exif[0x010F] = "PhoneMaker"
    path = folder / "bulb-planting.jpg"
    img.save(path, "JPEG", quality=85, exif=exif)
    return path


def _pictures_shot(app, out: Path, tmp: Path) -> Path:
    """The window with a photo attached and described, its credit in the preview."""
    from rwt_desktop.gui.window import MainWindow
    from rwt_desktop.storage.paths import default_dirs

    window = MainWindow(default_dirs(), synchronous=True)
    window.resize(1024, 700)  # the smallest screen the form must fit without scrolling
    window.channels_panel.set_chosen(["facebook", "instagram"])
    window.composer.setPlainText(PICTURE_POST)
    window.images.attach_files([_photo(tmp)])
    from PySide6.QtTest import QTest

    form = window.images.form
    form.source.setCurrentIndex(form.source.findData("partner"))
    QTest.keyClicks(form.author, "Sam Jones")  # typed, as a person would
    QTest.keyClicks(form.permission_from, "Sam Jones, 14 March")
    form.people.setCurrentIndex(form.people.findData("no"))
    QTest.keyClicks(form.alt_text, "Yellow daffodils in a long row beside a grassy path.")
    window.check_now()
    window.show()
    window.show_pictures()
    app.processEvents()
    path = out / "pictures.png"
    window.grab().save(str(path))
    window.close()
    window.deleteLater()
    app.processEvents()
    return path


QUESTIONS_POST = (
    "Huge thanks to Gary for fixing the hall roof, and to Kwik Fix Motors for lending the "
    "ladders! 🙌 From January the Friday lunch club will move to the church hall. It's off "
    "the record for now, but we're hoping to open on Saturdays too."
)


def _questions_shot(app, out: Path) -> Path:
    """The read-back of a post that names a person and a business and announces a change,
    at the size it takes on a 1024×700 screen, with one question answered "Not sure"."""
    from PySide6.QtCore import QRect

    from rwt_desktop.core.golden_rule import Answer
    from rwt_desktop.gui.readback import ReadBackDialog
    from rwt_desktop.gui.window import MainWindow
    from rwt_desktop.storage.paths import default_dirs

    window = MainWindow(default_dirs(), synchronous=True)
    window.resize(1024, 700)
    window.channels_panel.set_chosen(["twitter", "facebook"])
    window.composer.setPlainText(QUESTIONS_POST)
    window.check_now()
    window.show()
    dialog = ReadBackDialog(_post_for(window), window)
    dialog.fit_to(QRect(0, 0, 1024, 700))
    rows = dialog.question_rows
    rows[0].buttons[Answer.YES].setChecked(True)
    if len(rows) > 2:
        rows[2].buttons[Answer.NOT_SURE].setChecked(True)
    dialog.show()
    app.processEvents()
    # Scroll to the questions, as a person would after reading the text.
    dialog.scroll.ensureWidgetVisible(rows[-1] if rows else dialog.confirm_box)
    app.processEvents()
    path = out / "read-back-questions.png"
    dialog.grab().save(str(path))
    dialog.close()
    window.close()
    window.deleteLater()
    app.processEvents()
    return path


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
