"""Screenshots of the policy's own workflow (issue 8) to docs/screenshots/*.png.

The first-run policy acknowledgement, a review request open in the reviewer's read-only view,
own-account mode flagging a statement on RWT's behalf, and the read-back's Read aloud row.
Offscreen, with a throwaway profile, like scripts/screenshots.py.

    .venv/bin/python scripts/screenshots_workflow.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from unittest import mock

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OWN_ACCOUNT_POST = (
    "Lovely afternoon at the Witton fun day with my two! 🎈 We at RWT are sorry the bouncy "
    "castle didn't turn up and will refund everyone's wristbands next week."
)
UNSURE_POST = (
    "Between you and me, the café lease runs out in June 🤫 but come and enjoy a cuppa "
    "while you can! ☕"
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

        from rwt_desktop.gui import review as review_gui
        from rwt_desktop.gui.readback import ReadBackDialog
        from rwt_desktop.gui.window import MainWindow
        from rwt_desktop.storage.paths import default_dirs
        from rwt_desktop.storage.settings import Settings, SettingsStore

        app = QApplication.instance() or QApplication(sys.argv[:1])
        app.setApplicationName("RWT Post Checker")
        dirs = default_dirs()
        SettingsStore(dirs.config).save(Settings(user_name="Sam Volunteer"))
        written: list[Path] = []

        def shot(widget, name: str) -> None:
            for _ in range(3):
                app.processEvents()
            path = args.out / f"{name}.png"
            widget.grab().save(str(path))
            written.append(path)

        # 1. First run: the policy, clause by clause, to acknowledge.
        window = MainWindow(dirs, synchronous=True, ask_policy_acknowledgement=False)
        window.resize(1280, 800)
        window.show()
        dialog = window.check_policy_acknowledged()
        assert dialog is not None
        dialog.resize(900, 700)
        for _ in range(4):
            dialog.next_button.click()
        shot(dialog, "policy-acknowledgement")
        window.acknowledge_policy("Sam Volunteer")
        dialog.close()

        # 2. Own account: a statement on RWT's behalf is flagged.
        window.personal_account_box.setChecked(True)
        window.channels_panel.set_chosen(["facebook"])
        window.composer.setPlainText(OWN_ACCOUNT_POST)
        window.check_now()
        tree = window.findings.tree
        if tree.topLevelItemCount():
            tree.setCurrentItem(tree.topLevelItem(0).child(0))
            cursor = window.composer.textCursor()
            cursor.clearSelection()
            window.composer.setTextCursor(cursor)
        shot(window, "personal-account")

        # 3. A second opinion: the reviewer's read-only view of the request, reply started.
        window.personal_account_box.setChecked(False)
        window.channels_panel.set_chosen(["twitter", "facebook"])
        window.composer.setPlainText(UNSURE_POST)
        window.check_now()
        with mock.patch.object(review_gui.SecondOpinionDialog, "ask", return_value=(
                "Is it OK to mention the café lease?", Path(tmp) / "cafe-post")), \
                mock.patch.object(review_gui, "open_external", return_value=True):
            pack = window.ask_second_opinion()
        viewer = window.open_review(pack)
        viewer.resize(860, 760)
        viewer.verdict_buttons["changes"].setChecked(True)
        viewer.reviewer_name.setText("Zoe Cadman")
        viewer.comment.setPlainText("Please leave the lease out until the trustees have "
                                    "announced it. The rest is lovely!")
        shot(viewer, "second-opinion-review")
        viewer.close()

        # 4. The read-back with Read aloud (on this machine: says there is no voice).
        window.composer.setPlainText("Our Warm Space is open again this winter! ☕ Pop in "
                                     "every Tuesday, 10am–2pm. Everyone is welcome. 💛")
        window.check_now()
        captured = {}
        with mock.patch.object(ReadBackDialog, "ask",
                               side_effect=lambda parent, post: captured.setdefault("p", post)
                               and None):
            window.read_back()
        readback = ReadBackDialog(captured["p"], window)
        readback.resize(700, 560)
        readback.show()
        shot(readback, "read-aloud")
        readback.close()

        window.close()
        app.processEvents()
        for path in written:
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
