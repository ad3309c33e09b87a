"""Build the packaged app with PyInstaller, run its self-test, and report size and start time.

    .venv/bin/python scripts/build_app.py                 # one folder, into dist/
    .venv/bin/python scripts/build_app.py --onefile       # also the one-file exe
    .venv/bin/python scripts/build_app.py --skip-build    # only measure what is in dist/

Figures printed (and written as JSON with ``--report FILE``):

* the one-folder bundle's size (target: 150 MB or less on Linux) and its biggest files;
* the frozen ``--self-test``: passed or not, and how long it took;
* start to window: from starting the process until the app prints "window shown" under
  ``--smoke`` (target: 1.5 s or less, median of ``--runs`` starts; the first is a cold start
  and is reported on its own as well). Qt runs offscreen and the profile is a temporary one.

The exit status is 0 when the build and the self-test passed, 1 when either failed and 2 when
PyInstaller is not installed. Figures over target are reported, not failed: they depend on
the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from importlib.util import find_spec
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build.spec"
EXE_NAME = "RWTPostChecker"
SIZE_TARGET_MB = 150.0
START_TARGET_S = 1.5
SHOWN = re.compile(r"window shown after (\d+) ms")


def exe_path(dist: Path, onefile: bool) -> Path:
    suffix = ".exe" if sys.platform == "win32" else ""
    return dist / f"{EXE_NAME}{suffix}" if onefile else dist / EXE_NAME / f"{EXE_NAME}{suffix}"


def build(dist: Path, work: Path, onefile: bool) -> float:
    """Run PyInstaller on build.spec; the seconds it took. Raises CalledProcessError."""
    cmd = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm",
           "--distpath", str(dist), "--workpath", str(work / ("onefile" if onefile else "onedir"))]
    if onefile:
        cmd += ["--", "--onefile"]
    print(f"building the {'one-file exe' if onefile else 'one-folder app'}: {' '.join(cmd)}",
          flush=True)
    began = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stdout[-4000:] + done.stderr[-8000:], file=sys.stderr)
        raise subprocess.CalledProcessError(done.returncode, cmd)
    for line in (done.stdout + done.stderr).splitlines():  # PyInstaller logs to stderr
        # Warnings about plugins the spec then leaves out (the GTK theme) are no news.
        if "build.spec:" in line or (" WARNING: " in line and "libqgtk3" not in line):
            print(f"  {line.strip()}")
    return time.perf_counter() - began


def tree_size(folder: Path) -> tuple[int, list[tuple[int, str]]]:
    """Total bytes of the files under ``folder`` (symlinks not followed), and each file."""
    files: list[tuple[int, str]] = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            files.append((path.stat().st_size, path.relative_to(folder).as_posix()))
    return sum(size for size, _ in files), files


Sizes = list[tuple[int, str]]


def contributors(files: Sizes) -> tuple[Sizes, Sizes]:
    """The 12 biggest files, and the size of each top-level part (PySide6's Qt libraries on
    their own, since they are most of it)."""
    groups: Counter[str] = Counter()
    for size, rel in files:
        parts = rel.split("/")
        if parts[0] == "_internal":
            parts = parts[1:]
        if parts[:3] == ["PySide6", "Qt", "lib"] or parts[:2] == ["PySide6", "Qt"]:
            key = "/".join(parts[:3])
        elif len(parts) > 1:
            key = parts[0] + "/"
        elif parts[0].startswith("lib") and ".so" in parts[0]:
            key = "system libraries (lib*.so)"
        else:
            key = parts[0]
        groups[key] += size
    biggest = sorted(files, reverse=True)[:12]
    return biggest, [(size, name) for name, size in groups.most_common(12)]


def profile_env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="offscreen", RWT_CONFIG_DIR=str(root / "config"),
               RWT_DATA_DIR=str(root / "data"))
    return env


def self_test(exe: Path) -> dict[str, Any]:
    """Run ``exe --self-test``; its output, exit status and wall time."""
    with tempfile.TemporaryDirectory(prefix="rwt-build-selftest-") as tmp:
        log = Path(tmp) / "self-test.txt"
        began = time.perf_counter()
        done = subprocess.run([str(exe), "--self-test", "--self-test-log", str(log)],
                              env=profile_env(Path(tmp)), capture_output=True, text=True,
                              timeout=300)
        seconds = time.perf_counter() - began
        # A windowed Windows exe has no stdout; the log file always has the report.
        output = log.read_text(encoding="utf-8") if log.exists() else done.stdout
    return {"passed": done.returncode == 0, "returncode": done.returncode, "seconds": seconds,
            "output": output, "stderr": done.stderr}


def start_to_window(exe: Path, runs: int) -> dict[str, Any]:
    """Seconds from starting ``exe --smoke`` to its "window shown" line, ``runs`` times."""
    walls: list[float] = []
    inside: list[float] = []
    with tempfile.TemporaryDirectory(prefix="rwt-build-smoke-") as tmp:
        env = profile_env(Path(tmp))
        for _ in range(runs):
            began = time.perf_counter()
            proc = subprocess.Popen([str(exe), "--smoke"], env=env, stdout=subprocess.PIPE,
                                    stderr=subprocess.DEVNULL, text=True)
            assert proc.stdout is not None
            shown_ms = None
            for line in proc.stdout:
                match = SHOWN.search(line)
                if match:
                    walls.append(time.perf_counter() - began)
                    shown_ms = int(match.group(1))
                    break
            proc.stdout.read()  # the rest ("checks ready after…"): the app may still write
            proc.stdout.close()
            proc.wait(timeout=60)
            if shown_ms is None:
                raise RuntimeError(f"{exe} --smoke exited {proc.returncode} without showing "
                                   "the window")
            inside.append(shown_ms / 1000)
    return {"runs": walls, "median": statistics.median(walls), "cold": walls[0],
            "in_app_median": statistics.median(inside)}


def mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the app goes")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller's work")
    parser.add_argument("--onefile", action="store_true", help="also build the one-file exe")
    parser.add_argument("--skip-build", action="store_true", help="measure what is in --dist")
    parser.add_argument("--runs", type=int, default=5, help="starts to time (default 5)")
    parser.add_argument("--report", type=Path, help="write the figures here as JSON")
    return parser.parse_args(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if not args.skip_build and find_spec("PyInstaller") is None:
        print("PyInstaller is not installed: pip install -e \".[dev]\" (or pip install "
              "pyinstaller)", file=sys.stderr)
        return 2
    dist, work = args.dist.resolve(), args.work.resolve()
    report: dict[str, Any] = {"platform": sys.platform}
    ok = True
    variants = [False, True] if args.onefile else [False]
    for onefile in variants:
        kind = "onefile" if onefile else "onedir"
        entry: dict[str, Any] = {}
        report[kind] = entry
        if not args.skip_build:
            try:
                entry["build_seconds"] = build(dist, work, onefile)
            except subprocess.CalledProcessError:
                print(f"[FAIL] the {kind} build failed (PyInstaller's output is above)")
                ok = False
                continue
        exe = exe_path(dist, onefile)
        if not exe.is_file():
            print(f"[FAIL] {exe} does not exist")
            ok = False
            continue
        total, files = (exe.stat().st_size, []) if onefile else tree_size(exe.parent)
        entry["size_bytes"] = total
        entry["exe"] = str(exe)
        print(f"\n== {kind}: {exe}")
        if "build_seconds" in entry:
            print(f"built in {entry['build_seconds']:.0f} s")
        if onefile:
            print(f"size: {mb(total)} (one compressed file)")
        else:
            verdict = "within" if total / 1e6 <= SIZE_TARGET_MB else "OVER"
            print(f"size: {mb(total)} ({total / 2**20:.1f} MiB) in {len(files)} files; "
                  f"{verdict} the {SIZE_TARGET_MB:.0f} MB target")
            biggest, groups = contributors(files)
            entry["biggest_files"] = [[rel, size] for size, rel in biggest]
            entry["biggest_parts"] = [[name, size] for size, name in groups]
            print("biggest parts:")
            for size, name in groups:
                print(f"  {mb(size):>9}  {name}")
            print("biggest files:")
            for size, rel in biggest:
                print(f"  {mb(size):>9}  {rel}")

        test = self_test(exe)
        entry["self_test"] = {k: test[k] for k in ("passed", "returncode", "seconds")}
        print(f"self-test: {'passed' if test['passed'] else 'FAILED'} in "
              f"{test['seconds']:.1f} s (exit {test['returncode']})")
        for line in test["output"].splitlines():
            print(f"  | {line}")
        if not test["passed"]:
            ok = False
            if test["stderr"].strip():
                print(test["stderr"][-4000:], file=sys.stderr)
            continue

        if sys.platform == "win32":
            print("start to window: not measured on Windows (the windowed exe has no console "
                  "to print to)")
            continue
        if args.runs > 0:
            try:
                timing = start_to_window(exe, args.runs)
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                print(f"[FAIL] start to window: {exc}")
                ok = False
                continue
            entry["start_to_window"] = timing
            verdict = "within" if timing["median"] <= START_TARGET_S else "OVER"
            print(f"start to window (--smoke, offscreen): median {timing['median']:.2f} s of "
                  f"{args.runs} ({', '.join(f'{t:.2f}' for t in timing['runs'])}); first "
                  f"{timing['cold']:.2f} s; {verdict} the {START_TARGET_S} s target. The app's "
                  f"own count from main() is {timing['in_app_median']:.2f} s.")
    if args.report:
        args.report.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print("\nall good" if ok else "\nSOMETHING FAILED (see above)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
