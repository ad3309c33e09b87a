"""The attacks of issue 13, rerun with figures: how long each holds the UI thread or the
command, and what it says.

Drives the real window offscreen (real policy, real background checks) and measures the
longest gap between ticks of a 5 ms timer on the UI thread while each attack runs: that gap
is how long the window could not respond. Also times ``rwt-check`` on a device, a FIFO and a
4,000-rule policy, and a save while another program holds the database locked.

    .venv/bin/python scripts/bench_robust.py

Target: no attack blocks the UI thread for more than 200 ms.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def ui_stall(app, action: Callable[[], None], settle_s: float = 3.0) -> float:
    """Longest time (ms) the UI thread went without running a 5 ms timer, during ``action``
    and the ``settle_s`` seconds after it."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

    clock = QElapsedTimer()
    clock.start()
    gaps = [0]
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        gaps[0] = max(gaps[0], now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    app.processEvents()
    start = clock.elapsed()
    action()
    gaps[0] = max(gaps[0], clock.elapsed() - start)  # the action itself, on the UI thread
    last[0] = clock.elapsed()
    loop = QEventLoop()
    QTimer.singleShot(int(settle_s * 1000), loop.quit)
    loop.exec()
    timer.stop()
    return float(gaps[0])


def many_rules_policy(n: int) -> Path:
    from rwt_desktop.resources_path import resource_path

    folder = Path(tempfile.mkdtemp()) / "policy"
    shutil.copytree(resource_path(), folder, ignore=shutil.ignore_patterns("__*"))
    rules = [f'[[rule]]\nid = "many.r{i}"\ncategory = "tone"\nseverity = "info"\n'
             f'clause = "c"\nmessage = "m"\nphrases = ["zqxword{i}"]\n'
             f'must_flag = ["zqxword{i}"]\nmust_pass = ["x"]\n' for i in range(n)]
    (folder / "rules" / "many.toml").write_text("\n".join(rules), encoding="utf-8")
    return folder


def gui(results: list[tuple[str, str]]) -> None:
    from dataclasses import replace

    from PySide6.QtWidgets import QApplication

    from rwt_desktop.gui.window import MainWindow
    from rwt_desktop.storage.paths import ProfileDirs

    app = QApplication.instance() or QApplication(sys.argv[:1])
    base = Path(tempfile.mkdtemp())
    dirs = ProfileDirs(config=base / "config", data=base / "data")
    dirs.config.mkdir()
    dirs.data.mkdir()
    window = MainWindow(dirs, ask_policy_acknowledgement=False)
    window.show()
    app.processEvents()

    for mark in (".", "!", "?", "\u2026"):
        ms = ui_stall(app, lambda m=mark: window.composer.setPlainText(m * 20_000))
        results.append((f"paste 20,000 × {mark!r}: longest UI stall", f"{ms:.0f} ms"))
        ms = ui_stall(app, lambda: window.composer.insertPlainText("."), settle_s=1.5)
        results.append((f"  then one more {mark!r} typed", f"{ms:.0f} ms"))

    window.composer.setPlainText("A draft being written")
    window.draft_keeper.dirty = True
    locker = sqlite3.connect(dirs.database, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    t = time.perf_counter()
    saved = window.save_draft()
    problem = window.draft_keeper.problem
    results.append(("save while another program locks the database",
                    f"{(time.perf_counter() - t) * 1000:.0f} ms, saved={saved}, "
                    f"fallback file={problem is not None and problem.fallback is not None}"))
    locker.execute("ROLLBACK")
    locker.close()
    window.draft_keeper.dirty = True
    results.append(("  next save once unlocked", f"saved={window.save_draft()}"))

    folder = many_rules_policy(4000)
    began = time.perf_counter()
    in_use: list[float] = []

    def choose() -> None:
        window.apply_settings(replace(window.settings, policy_path=str(folder)))

    def poll() -> None:
        if not in_use and window.policy.source == str(folder):
            in_use.append(time.perf_counter() - began)

    from PySide6.QtCore import QTimer

    watcher = QTimer()
    watcher.setInterval(50)
    watcher.timeout.connect(poll)
    watcher.start()
    ms = ui_stall(app, choose, settle_s=20.0)
    watcher.stop()
    took = f"in use after {in_use[0]:.1f} s" if in_use else "not in use after 20 s"
    results.append(("choose a 4,000-rule policy folder: longest UI stall", f"{ms:.0f} ms ({took})"))
    window.shutdown()


def cli(results: list[tuple[str, str]]) -> None:
    def run(args: list[str]) -> tuple[float, int, str]:
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "rwt_desktop.core.cli", *args],
                              capture_output=True, text=True, timeout=120)
        return time.perf_counter() - t, proc.returncode, proc.stderr.strip().splitlines()[-1]

    if Path("/dev/zero").exists():
        took, code, said = run(["/dev/zero"])
        results.append(("rwt-check /dev/zero", f"{took:.2f} s, exit {code}: {said[:70]}"))
    if hasattr(os, "mkfifo"):
        fifo = Path(tempfile.mkdtemp()) / "post.txt"
        os.mkfifo(fifo)
        took, code, said = run([str(fifo)])
        results.append(("rwt-check FIFO", f"{took:.2f} s, exit {code}: {said[:70]}"))
    folder = many_rules_policy(4000)
    post = folder / "post.txt"
    post.write_text("Ring 07700 900123", encoding="utf-8")
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "rwt_desktop.core.cli", str(post)],
                          capture_output=True, timeout=300)
    results.append(("rwt-check with the built-in policy (for comparison)",
                    f"{time.perf_counter() - t:.2f} s, exit {proc.returncode}"))
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "rwt_desktop.core.cli", "--policy",
                           str(folder), str(post)], capture_output=True, timeout=300)
    results.append(("rwt-check with a 4,000-rule policy",
                    f"{time.perf_counter() - t:.2f} s, exit {proc.returncode}"))


def main() -> int:
    results: list[tuple[str, str]] = []
    gui(results)
    cli(results)
    width = max(len(name) for name, _ in results)
    for name, value in results:
        print(f"{name:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
