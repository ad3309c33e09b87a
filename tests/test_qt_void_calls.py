"""Regression: tens of thousands of void Qt calls in one process must not abort.

PySide6 6.12.0 on CPython 3.11 aborts with "Fatal Python error: none_dealloc" after a few
thousand calls that return None (each one drops a reference to None it never took). The
window makes such calls on every check (formats, object names), so a bad PySide6 would crash
it within minutes of typing. The calls run in a child process, so an abort fails this test
cleanly instead of taking pytest down with it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.gui

CALLS = 50_000

SCRIPT = textwrap.dedent(f"""
    import sys
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QColor, QTextCharFormat
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication([])
    obj = QObject()
    label = QLabel()
    fmt = QTextCharFormat()
    colour = QColor("#c62828")
    wave = QTextCharFormat.UnderlineStyle.WaveUnderline
    calls = 0
    for i in range({CALLS} // 5):
        obj.setObjectName("n")
        fmt.setFontUnderline(bool(i & 1))
        fmt.setUnderlineStyle(wave)
        fmt.setUnderlineColor(colour)
        label.setAccessibleName("a")
        calls += 5
    print("ok", calls, flush=True)
""")


def test_many_void_qt_calls_do_not_abort() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          timeout=120, env=env)
    assert proc.returncode == 0, (
        f"the child exited with {proc.returncode}; PySide6 may be a known-bad version "
        f"(6.12.0 on CPython 3.11). stderr:\n{proc.stderr[-2000:]}")
    assert proc.stdout.split()[:2] == ["ok", str(CALLS)]
