"""Time from starting the app to its first window, for the build's job summary: prints figures.

    python scripts/measure_startup.py dist/RWTPostChecker/RWTPostChecker.exe [--runs 5]
    python scripts/measure_startup.py --label source -- python -m rwt_desktop

Starts ``COMMAND --smoke`` (the app shows its window, says "window shown after N ms", then
"checks ready after N ms" once the checker built off the UI thread has arrived, and quits)
``--runs`` times with a fresh profile each time, and reports the median and the first (cold)
start. Figures per run: "to window" and "checks ready" from the app's own lines when its
output can be read, and "start to exit" (the whole run, including quitting), which can
always be measured, even for a windowed Windows exe that may have no output at all. With
``--summary FILE`` (in GitHub Actions: ``$GITHUB_STEP_SUMMARY``) the table is appended there
in Markdown as well. Each start has its own compiled-policy cache (so it compiles the policy,
as a first start does) unless ``--warm-cache`` keeps one for all of them.
Nothing here is a pass or fail: the figures are for people to read.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHOWN = re.compile(r"window shown after (\d+) ms")
#: The window checks once its checker, built on a worker thread after it shows, is ready.
READY = re.compile(r"checks ready after (\d+) ms")


def one_start(command: list[str], profile: Path, timeout: float,
              cache: Path | None = None) -> tuple[float | None, float | None, float]:
    """(seconds to the "window shown" line or None, to "checks ready" or None, seconds to
    exit) for one start. ``cache`` is the compiled-policy cache folder; None gives the fresh
    profile its own, so the start compiles the policy as a first one does."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.update(RWT_CONFIG_DIR=str(profile / "config"), RWT_DATA_DIR=str(profile / "data"),
               RWT_CACHE_DIR=str(cache or profile / "cache"))
    began = time.perf_counter()
    done = subprocess.run([*command, "--smoke"], env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    wall = time.perf_counter() - began
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} --smoke exited {done.returncode}:\n"
                         f"{done.stderr[-2000:]}")
    shown, ready = SHOWN.search(done.stdout or ""), READY.search(done.stdout or "")
    return (int(shown.group(1)) / 1000 if shown else None,
            int(ready.group(1)) / 1000 if ready else None, wall)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", nargs="+", help="the app (an exe, or python -m rwt_desktop)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--label", default="", help="what is measured, for the table")
    ap.add_argument("--summary", type=Path, default=None,
                    help="also append a Markdown table to this file")
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--warm-cache", action="store_true",
                    help="keep one compiled-policy cache folder for all the starts (the first "
                         "fills it), as a person's starts after their first")
    args = ap.parse_args(argv)
    kept = tempfile.TemporaryDirectory(prefix="rwt-startup-cache-") if args.warm_cache else None

    shown: list[float] = []
    ready: list[float] = []
    walls: list[float] = []
    for n in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="rwt-startup-") as tmp:
            to_window, to_ready, wall = one_start(args.command, Path(tmp), args.timeout,
                                                  Path(kept.name) if kept else None)
        walls.append(wall)
        if to_window is not None:
            shown.append(to_window)
        if to_ready is not None:
            ready.append(to_ready)
        print(f"run {n + 1}: start to exit {wall:.2f} s"
              + (f", window shown after {to_window:.2f} s (in the app)" if to_window else "")
              + (f", checks ready after {to_ready:.2f} s" if to_ready else ""), flush=True)

    if kept is not None:
        kept.cleanup()
    label = args.label or Path(args.command[0]).name
    rows = [("start to exit (whole run)", statistics.median(walls), walls[0])]
    if ready:
        rows.insert(0, ("checks ready (the app's own clock)", statistics.median(ready),
                        ready[0]))
    if shown:
        rows.insert(0, ("window shown (the app's own clock)", statistics.median(shown),
                        shown[0]))
    print(f"{label}: " + "; ".join(f"{what} median {med:.2f} s, first {first:.2f} s"
                                   for what, med, first in rows))
    if args.summary is not None:
        lines = [f"### Start-up time: {label}", "",
                 f"{args.runs} starts, Qt offscreen, a fresh profile each time"
                 + (" (one compiled-policy cache kept for all)." if kept else "."), "",
                 "| what | median | first (cold) |", "| --- | --- | --- |"]
        lines += [f"| {what} | {med:.2f} s | {first:.2f} s |" for what, med, first in rows]
        with args.summary.open("a", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
