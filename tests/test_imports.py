"""Every core module imports on its own, in a fresh interpreter (issue 14, item 2): an import
cycle (the engine importing its detectors, a detector importing tone, tone importing the
engine) only shows when a module is imported first, so each one is imported first once.
And the core never imports Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import rwt_desktop.core

CORE = Path(rwt_desktop.core.__file__).parent


def _core_modules() -> list[str]:
    names = []
    for path in sorted(CORE.rglob("*.py")):
        parts = ("rwt_desktop", "core", *path.relative_to(CORE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


def test_the_module_list_is_complete():
    modules = _core_modules()
    assert "rwt_desktop.core.rules.engine" in modules
    assert "rwt_desktop.core.tone" in modules and "rwt_desktop.core.rules" in modules


@pytest.mark.slow  # ~90 interpreters: seconds of CPU (test_the_core_imports_no_qt is quick)
def test_every_core_module_imports_alone_in_a_fresh_interpreter():
    # Started together (each still its own interpreter): one after another is slow.
    running = {m: subprocess.Popen([sys.executable, "-c", f"import {m}"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for m in _core_modules()}
    failed = {}
    for module, proc in running.items():
        _, err = proc.communicate(timeout=300)
        if proc.returncode != 0:
            failed[module] = err.strip().splitlines()[-1:]
    assert failed == {}


def test_the_core_imports_no_qt():
    script = ("import importlib, sys\n"
              f"for m in {_core_modules()!r}:\n"
              "    importlib.import_module(m)\n"
              "from rwt_desktop.core.checker import default_checker\n"
              "default_checker().check('Call Dave on 07700 900321, off the record!')\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] in "
              "('PySide6', 'shiboken6', 'PyQt5', 'PyQt6')))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=300, check=True)
    assert done.stdout.strip() == "[]"
