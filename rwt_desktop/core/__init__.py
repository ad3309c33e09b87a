"""The checking core: pure Python, no Qt. ``check(text) -> Report``.

The names below load on first use, so importing one small module of the core (``core.text``
from the storage, say) does not load every rule and detector with it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rwt_desktop.core.checker import Checker, check
    from rwt_desktop.core.findings import Finding, Report, Severity

__all__ = ["Checker", "Finding", "Report", "Severity", "check"]

_HOME = {
    "Checker": "rwt_desktop.core.checker",
    "check": "rwt_desktop.core.checker",
    "Finding": "rwt_desktop.core.findings",
    "Report": "rwt_desktop.core.findings",
    "Severity": "rwt_desktop.core.findings",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
