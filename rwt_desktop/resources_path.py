"""The one place that knows where the program's data files live.

``resources/`` in the repository is installed as the package ``rwt_desktop.resources`` (see
``[tool.setuptools]`` in pyproject.toml), and build.spec copies it to the same place in the
frozen app, so ``importlib.resources`` finds it the same way everywhere and nothing needs a
``sys._MEIPASS`` branch.
"""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.abc import Traversable

_PACKAGE = "rwt_desktop.resources"


@cache
def _root() -> Traversable:
    """The resources folder: the package's own folder when it is a plain one (a checkout, a
    wheel, the frozen app), without loading ``importlib.resources`` (and the tempfile,
    shutil and compression modules it brings, which ``rwt-check`` would only start up for);
    anything else through ``importlib.resources``."""
    package = importlib.import_module(_PACKAGE)
    folders = list(getattr(package, "__path__", []))
    if len(folders) == 1 and Path(folders[0]).is_dir():
        return Path(folders[0])
    from importlib import resources

    return resources.files(_PACKAGE)


def resource(*parts: str) -> Traversable:
    """A file or folder under resources/, e.g. ``resource("rules", "offensive.toml")``."""
    node: Traversable = _root()
    for part in parts:
        node = node / part
    return node


def read_text(*parts: str) -> str:
    return resource(*parts).read_text(encoding="utf-8")


def resource_path(*parts: str) -> Path:
    """A real filesystem path, for APIs that need one (Qt icons, the policy viewer).

    Installed and frozen layouts are plain folders, so this is a cast, not an extraction.
    """
    return Path(str(resource(*parts)))
