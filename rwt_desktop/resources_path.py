"""The one place that knows where the program's data files live.

``resources/`` in the repository is installed as the package ``rwt_desktop.resources`` (see
``[tool.setuptools]`` in pyproject.toml), and build.spec copies it to the same place in the
frozen app, so ``importlib.resources`` finds it the same way everywhere and nothing needs a
``sys._MEIPASS`` branch.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

_PACKAGE = "rwt_desktop.resources"


def resource(*parts: str) -> Traversable:
    """A file or folder under resources/, e.g. ``resource("rules", "offensive.toml")``."""
    node: Traversable = resources.files(_PACKAGE)
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
