"""Test set-up shared by every test module.

Qt runs offscreen for the whole run (set before anything imports Qt), and no test touches a
real user profile: the data and config folders point at a temporary folder.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# rwt-check's compiled-policy cache goes to a folder of the test run's own, never the
# user's cache folder (subprocesses the tests start inherit it).
os.environ.setdefault("RWT_CACHE_DIR", tempfile.mkdtemp(prefix="rwt-test-cache-"))

import pytest


@pytest.fixture
def profile_dirs(tmp_path, monkeypatch):
    """Separate config and data folders for one test."""
    config = tmp_path / "config"
    data = tmp_path / "data"
    config.mkdir()
    data.mkdir()
    monkeypatch.setenv("RWT_CONFIG_DIR", str(config))
    monkeypatch.setenv("RWT_DATA_DIR", str(data))
    return config, data


def pytest_collection_modifyitems(config, items):
    """Mark every test that drives Qt widgets as `gui`, from the fixtures it uses."""
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)
