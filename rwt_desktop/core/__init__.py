"""The checking core: pure Python, no Qt. ``check(text) -> Report``.

The names below are loaded on first use, so importing one core module (``findings``,
``tone``) does not import the whole checker, and an import cycle cannot hide behind this
package importing everything first.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rwt_desktop.core.checker import Checker, check
    from rwt_desktop.core.findings import Finding, Report, Severity

__all__ = ["Checker", "Finding", "Report", "Severity", "check"]

_WHERE = {"Checker": "checker", "check": "checker", "Finding": "findings",
          "Report": "findings", "Severity": "findings"}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
