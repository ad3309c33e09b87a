"""Where the settings file, the database and the compiled policies live.

Nothing here is a module-level singleton: the window asks for :func:`default_dirs` once and
passes the folders on, and tests point ``RWT_CONFIG_DIR`` / ``RWT_DATA_DIR`` /
``RWT_CACHE_DIR`` at ``tmp_path`` (see ``tests/conftest.py``) so no test touches a real
profile.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

__all__ = [
    "APP_AUTHOR",
    "APP_NAME",
    "DATABASE_FILENAME",
    "SETTINGS_FILENAME",
    "ProfileDirs",
    "aside_path",
    "default_dirs",
]

APP_NAME = "RWT Post Checker"
APP_AUTHOR = "RWT"
SETTINGS_FILENAME = "settings.toml"
DATABASE_FILENAME = "rwt.sqlite3"


@dataclass(frozen=True)
class ProfileDirs:
    config: Path  # settings.toml lives here
    data: Path  # rwt.sqlite3 (drafts + confirmation record) lives here
    #: Compiled policies (rwt_desktop.core.policy_cache), so a start need not compile the
    #: policy again; None keeps none. Only a cache: deleting it costs one slower start.
    cache: Path | None = None

    @property
    def settings_file(self) -> Path:
        return self.config / SETTINGS_FILENAME

    @property
    def database(self) -> Path:
        """The one SQLite file shared by DraftStore and ConfirmationRecord."""
        return self.data / DATABASE_FILENAME


def default_dirs() -> ProfileDirs:
    """The person's folders, made if missing (the cache folder when first written).

    ``RWT_CONFIG_DIR``, ``RWT_DATA_DIR`` and ``RWT_CACHE_DIR`` win when set and non-empty
    (``rwt-check`` reads the same ``RWT_CACHE_DIR``); otherwise platformdirs gives e.g.
    ``~/.config/RWT Post Checker`` on Linux and ``%LOCALAPPDATA%\\RWT\\RWT Post Checker``
    on Windows.
    """
    config = _from_env("RWT_CONFIG_DIR") or platformdirs.user_config_path(APP_NAME, APP_AUTHOR)
    data = _from_env("RWT_DATA_DIR") or platformdirs.user_data_path(APP_NAME, APP_AUTHOR)
    cache = _from_env("RWT_CACHE_DIR") or platformdirs.user_cache_path(APP_NAME, APP_AUTHOR)
    config.mkdir(parents=True, exist_ok=True)
    data.mkdir(parents=True, exist_ok=True)
    return ProfileDirs(config=config, data=data, cache=cache)


def _from_env(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else None


def aside_path(path: Path, label: str) -> Path:
    """A free name beside ``path`` for keeping a file that cannot be used, never deleting
    it: ``rwt.sqlite3.corrupt-20250301-141502``, then ``-2``, ``-3``... in the same second."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{n}")
    return target
