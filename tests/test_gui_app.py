"""Starting the program, Settings and the drafts list."""

from __future__ import annotations

import os
import subprocess
import sys
from unittest import mock

import pytest
from gui_support import type_post

pytestmark = pytest.mark.gui


def test_python_m_rwt_desktop_starts_and_shows_the_window(tmp_path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", RWT_CONFIG_DIR=str(tmp_path / "c"),
               RWT_DATA_DIR=str(tmp_path / "d"))
    proc = subprocess.run([sys.executable, "-m", "rwt_desktop", "--smoke"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "window shown after" in proc.stdout
    assert (tmp_path / "d" / "rwt.sqlite3").exists()


def test_settings_change_name_channels_and_policy(window, test_policy_dir) -> None:
    from rwt_desktop.gui.dialogs import SettingsDialog

    dialog = SettingsDialog(window.settings, window.policy.channels, window)
    dialog.name.setText("  Alex Volunteer ")
    dialog.channel_boxes["facebook"].setChecked(False)
    dialog.channel_boxes["instagram"].setChecked(True)
    dialog.policy.setText("")
    with mock.patch.object(SettingsDialog, "exec", return_value=1), \
            mock.patch.object(SettingsDialog, "value", return_value=dialog.value()):
        window.open_settings()
    saved, problem = window.settings_store.load()
    assert problem is None
    assert saved.user_name == "Alex Volunteer"
    assert saved.channels == ["twitter", "instagram"]
    assert window.policy.source == "resources"  # back to the built-in policy
    window.new_post()
    assert window.channels_panel.chosen() == ["twitter", "instagram"]


def test_drafts_list_opens_an_earlier_post(window) -> None:
    from rwt_desktop.gui.dialogs import DraftsDialog

    type_post(window, "First post about the gala")
    window.new_post()
    type_post(window, "Second post")
    window.save_draft()
    drafts = window.drafts.list()
    assert [d.text for d in drafts][:2] == ["Second post", "First post about the gala"]
    first_id = drafts[1].id

    def choose(self):
        self.list.setCurrentRow(1)
        self._open()
        return 1

    with mock.patch.object(DraftsDialog, "exec", choose):
        window.open_drafts()
    assert window.composer.toPlainText() == "First post about the gala"
    assert window._draft_id == first_id
