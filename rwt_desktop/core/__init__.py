"""The checking core: pure Python, no Qt. ``check(text) -> Report``."""

from rwt_desktop.core.checker import Checker, check
from rwt_desktop.core.findings import Finding, Report, Severity

__all__ = ["Checker", "Finding", "Report", "Severity", "check"]
