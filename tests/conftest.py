"""Test set-up shared by every test module.

Qt runs offscreen for the whole run (set before anything imports Qt), and no test touches a
real user profile: the data and config folders point at a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# rwt-check's compiled-policy cache goes to a folder of the test run's own, never the
# user's cache folder (subprocesses the tests start inherit it).
os.environ.setdefault("RWT_CACHE_DIR", tempfile.mkdtemp(prefix="rwt-test-cache-"))

import pytest
from gui_support import TEST_RULES

from rwt_desktop.resources_path import resource_path


@pytest.fixture
def profile_dirs(tmp_path, monkeypatch):
    """Separate config and data folders for one test, and a cache folder (``tmp_path /
    "cache"``, made when first written) for the policies its windows compile."""
    config = tmp_path / "config"
    data = tmp_path / "data"
    config.mkdir()
    data.mkdir()
    monkeypatch.setenv("RWT_CONFIG_DIR", str(config))
    monkeypatch.setenv("RWT_DATA_DIR", str(data))
    monkeypatch.setenv("RWT_CACHE_DIR", str(tmp_path / "cache"))
    return config, data


def pytest_collection_modifyitems(config, items):
    """Mark every test that drives Qt widgets as `gui`, from the fixtures it uses."""
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def user_copy(tmp_path: Path) -> Path:
    """A user's own copy of the whole built-in policy folder, to edit and load."""
    dest = tmp_path / "my-policy"
    shutil.copytree(resource_path(), dest, ignore=shutil.ignore_patterns("__*"))
    return dest


# --------------------------------------------------------------------------- the window


@pytest.fixture
def test_policy_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "policy"
    (folder / "rules").mkdir(parents=True)
    shutil.copy(resource_path("policy.toml"), folder / "policy.toml")
    shutil.copy(resource_path("policy.txt"), folder / "policy.txt")
    (folder / "rules" / "gui_test.toml").write_text(TEST_RULES, encoding="utf-8")
    return folder


@pytest.fixture
def dirs(profile_dirs, test_policy_dir):
    """A fresh profile whose settings point at the test policy."""
    from rwt_desktop.storage.paths import default_dirs
    from rwt_desktop.storage.settings import Settings, SettingsStore

    d = default_dirs()
    SettingsStore(d.config).save(Settings(user_name="Sam Tester",
                                          channels=["twitter", "facebook"],
                                          policy_path=str(test_policy_dir),
                                          # Spelling would flag the made-up test words;
                                          # test_gui_grammar turns it on where it is tested.
                                          grammar_engine="off"))
    return d


@pytest.fixture
def make_window(qtbot, dirs):
    """Build windows (synchronous background work); each one is shut down at teardown."""
    from rwt_desktop.gui.window import MainWindow

    made = []

    def make(**kwargs):
        # The first-run policy acknowledgement is window-modal; tests about it turn it on.
        kwargs.setdefault("ask_policy_acknowledgement", False)
        window = MainWindow(dirs, synchronous=kwargs.pop("synchronous", True), **kwargs)
        qtbot.addWidget(window)
        made.append(window)
        return window

    yield make
    for window in made:
        window.shutdown()


@pytest.fixture
def window(make_window):
    w = make_window()
    w.show()
    return w
