#!/usr/bin/env python3
"""RWT Post Checker side by side with proselint and alex, in one run on this machine.

Issue 14 asks for speed ahead of the peers; a figure on its own says little on a shared
machine, so this runs all three in the same minutes, interleaved, and prints medians with
ratios (RWT's time divided by the peer's: below 1 means RWT is faster) and the issue's
targets. It measures:

* 99 posts in one process: ``rwt-check --jsonl``, and the 99 posts as files given to one
  ``proselint check`` and one ``alex --text`` (the way each checks many texts at once);
* one post from a cold start, each reading it from a file;
* in process, on the same texts: RWT's ``Checker.check``, proselint's ``LintFile.lint`` and
  alex's ``text()`` (280, 2,200 and 63,206 characters of typical and of dense posts, and a
  1 MB paste of short sentences).

The peers are not dependencies of this project: install them anywhere outside it (proselint
from PyPI into its own venv, alex from npm) and point at their commands with ``--proselint``
and ``--alex``, or ``RWT_BENCH_PROSELINT`` and ``RWT_BENCH_ALEX``; otherwise they are looked
for on PATH, and a peer that is not found is reported as not installed and skipped.

    python scripts/bench_peers.py [--proselint PATH] [--alex PATH] [--runs N] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_core import (  # a sibling script, not a package
    PARAGRAPH,
    TYPICAL,
    _posts_99,
    _rwt_check,
    _wall,
    median_ms,
    post_of,
    short_sentences_1mb,
)

from rwt_desktop.core.checker import default_checker

POSTS_SOURCE = ("the 60 posts of tests/data/sample-posts.jsonl and the first 39 of "
                "tests/data/dev-corpus/policy-rules-dev.jsonl")

#: Times proselint's in-process check: the checks registered as its command line does, and
#: each text wrapped in a ``LintFile`` (which works out its lines and quotes) and linted.
PROSELINT_IN_PROCESS = r"""
import json, os, statistics, time
from proselint.checks import __register__
from proselint.config import DEFAULT
from proselint.registry import CheckRegistry
from proselint.tools import LintFile
CheckRegistry().register_many(__register__)
jobs = json.loads(open(os.environ['RWT_BENCH_JOBS'], encoding='utf-8').read())
LintFile("warm-up", "A warm-up sentence.").lint(DEFAULT)
out = {}
for label, text, repeat in jobs:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        LintFile("post", text).lint(DEFAULT)
        times.append((time.perf_counter() - t0) * 1000)
    out[label] = statistics.median(times)
print(json.dumps(out))
"""

#: The same for alex: its plain-text entry point, ``text(value)``, as ``alex --text`` runs.
ALEX_IN_PROCESS = r"""
import {readFileSync} from 'node:fs'
const {text} = await import(process.env.RWT_BENCH_ALEX_INDEX)
const jobs = JSON.parse(readFileSync(process.env.RWT_BENCH_JOBS, 'utf8'))
text('A warm-up sentence.')
const out = {}
for (const [label, value, repeat] of jobs) {
  const times = []
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now()
    text(value)
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  const m = times.length >> 1
  out[label] = times.length % 2 ? times[m] : (times[m - 1] + times[m]) / 2
}
console.log(JSON.stringify(out))
"""


#: One line of a table: what, RWT's median, each peer's median by name, the target (ms).
Row = tuple[str, float | None, dict[str, float], float | None]


@dataclass
class Peer:
    """A peer found on this machine: how to run its command, and how to time it in process."""

    name: str
    command: list[str]
    in_process: list[str]
    env: dict[str, str]
    found_through: str


def _find(option: str | None, variable: str, name: str) -> tuple[str | None, str]:
    """The peer's command, and where it was found (for the report)."""
    if option:
        return option, "--" + name
    if os.environ.get(variable):
        return os.environ[variable], variable
    found = shutil.which(name)
    return found, "PATH"


def _absent(command: str | None, source: str) -> str:
    return "not installed, skipped" + (f" ({command} from {source} is not there)"
                                       if command else "")


def find_proselint(path: str | None) -> Peer | str:
    command, source = _find(path, "RWT_BENCH_PROSELINT", "proselint")
    if not command or not Path(command).is_file():
        return _absent(command, source)
    # Its own interpreter, from the script's first line or beside it in its venv's bin.
    first = Path(command).read_bytes()[:200].split(b"\n", 1)[0].decode(errors="replace")
    python = first[2:].strip() if first.startswith("#!") and "python" in first else ""
    if not python or " " in python or not Path(python).is_file():
        python = str(Path(command).with_name("python"))
    if not Path(python).is_file():
        return f"found through {source}, but not its Python; skipped"
    return Peer("proselint", [command, "check"], [python, "-c", PROSELINT_IN_PROCESS],
                dict(os.environ), source)


def find_alex(path: str | None) -> Peer | str:
    command, source = _find(path, "RWT_BENCH_ALEX", "alex")
    node = shutil.which("node")
    if not command or not Path(command).exists():
        return _absent(command, source)
    if node is None:
        return "alex found but node is not; skipped"
    index = Path(command).resolve().parent / "index.js"  # .bin/alex -> alex/cli.js
    if not index.is_file():
        return f"found through {source}, but not alex's index.js beside {command}; skipped"
    env = dict(os.environ, RWT_BENCH_ALEX_INDEX=index.as_uri())
    return Peer("alex", [command, "--text"],
                [node, "--input-type=module", "-e", ALEX_IN_PROCESS], env, source)


def _check_run(label: str, command: list[str], data: bytes, env: dict[str, str],
               cwd: str, ok: Callable[[subprocess.CompletedProcess[bytes]], bool]) -> None:
    """One run before timing: a peer that fails would otherwise look very fast."""
    done = subprocess.run(command, input=data, capture_output=True, check=False, env=env,
                          cwd=cwd)
    if not ok(done):
        raise SystemExit(f"{label} did not run properly (exit {done.returncode}):\n"
                         f"{done.stderr.decode(errors='replace')[-2000:]}")


def bench_processes(peers: Sequence[Peer], runs: int) -> dict[str, dict[str, float]]:
    """Fresh processes, interleaved so a busy moment hits every program alike; RWT with its
    compiled policy already in a cache folder, as on every run after a person's first."""
    posts = _posts_99()
    texts = [json.loads(line)["text"] for line in posts.decode().splitlines()]
    one = post_of(280)
    results: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory(prefix="rwt-bench-peers-") as tmp:
        folder = Path(tmp)
        (folder / "cache").mkdir()
        (folder / "posts.jsonl").write_bytes(posts)
        (folder / "post.txt").write_text(one, encoding="utf-8")
        many = [folder / f"post-{n:02d}.txt" for n in range(len(texts))]
        for path, text in zip(many, texts, strict=True):
            path.write_text(text, encoding="utf-8")
        env = dict(os.environ, RWT_CACHE_DIR=str(folder / "cache"))
        env.pop("RWT_POLICY_DIR", None)
        jobs: list[tuple[str, str, list[str], dict[str, str]]] = [
            ("rwt", "one", [*_rwt_check(), "post.txt"], env),
            ("rwt", "99", [*_rwt_check(), "--jsonl", "posts.jsonl"], env),
        ]
        _check_run("rwt-check --jsonl", jobs[1][2], b"", env, tmp,
                   lambda d: d.returncode in (0, 1)
                   and len(d.stdout.splitlines()) == len(texts))
        for peer in peers:
            jobs.append((peer.name, "one", [*peer.command, "post.txt"], peer.env))
            jobs.append((peer.name, "99", [*peer.command, *(p.name for p in many)], peer.env))
            _check_run(peer.name, jobs[-1][2], b"", peer.env, tmp,
                       lambda d: d.returncode in (0, 1))
        for name, what, _, _ in jobs:
            results.setdefault(name, {})[what] = []
        for _ in range(runs):
            for name, what, command, job_env in jobs:
                t0 = time.perf_counter()
                subprocess.run(command, capture_output=True, check=False, env=job_env,
                               cwd=tmp, stdin=subprocess.DEVNULL)
                results[name][what].append((time.perf_counter() - t0) * 1000)
    return {name: {what: statistics.median(times) for what, times in by.items()}
            for name, by in results.items()}


def _peer_in_process(peer: Peer, jobs: list[tuple[str, str, int]]) -> dict[str, float]:
    """The peer's medians for ``jobs`` (label, text, repetitions), handed over in a file
    (node cannot always read a pipe in one go)."""
    with tempfile.TemporaryDirectory(prefix="rwt-bench-peers-") as tmp:
        path = Path(tmp) / "jobs.json"
        path.write_text(json.dumps(jobs), encoding="utf-8")
        done = subprocess.run(peer.in_process, capture_output=True, check=False,
                              env=dict(peer.env, RWT_BENCH_JOBS=str(path)),
                              stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise SystemExit(f"{peer.name} in process failed:\n"
                         f"{done.stderr.decode(errors='replace')[-2000:]}")
    return json.loads(done.stdout)


def bench_in_process(peers: Sequence[Peer], repeat: int) -> list[Row]:
    """Each text timed by RWT here and by each peer in its own long-lived process, one text
    at a time so the three are measured in the same minute."""
    checker = default_checker()
    checker.check(post_of(280))  # warm caches, as the peers' harnesses do
    cases: list[tuple[str, str, int, float | None]] = []
    for kind, base in [("typical", TYPICAL), ("dense", PARAGRAPH)]:
        for n, goal, times in [(280, 1.0, repeat), (2200, 4.0, repeat),
                               (63206, 100.0, max(repeat // 10, 5))]:
            cases.append((f"{n:,} characters, {kind}", post_of(n, base), times,
                          goal if kind == "typical" else None))
    cases.append(("1 MB paste of short sentences", short_sentences_1mb(), 3, 400.0))
    rows: list[Row] = []
    for label, text, times, target in cases:
        mine, _ = median_ms(lambda t=text: checker.check(t), times)
        theirs = {peer.name: _peer_in_process(peer, [(label, text, times)])[label]
                  for peer in peers}
        rows.append((label, mine, theirs, target))
    return rows


def _ms(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.0f} ms" if value >= 100 else f"{value:.2f} ms" if value < 10 \
        else f"{value:.1f} ms"


def _ratio(mine: float | None, theirs: float | None) -> str:
    return "—" if mine is None or not theirs else f"{mine / theirs:.2f}"


def print_table(title: str, names: Sequence[str], rows: list[Row]) -> None:
    head = ["", "RWT", *names, *(f"RWT/{n}" for n in names), "target", "RWT/target"]
    lines = [head]
    for label, mine, theirs, target in rows:
        lines.append([label, _ms(mine), *(_ms(theirs.get(n)) for n in names),
                      *(_ratio(mine, theirs.get(n)) for n in names),
                      _ms(target), _ratio(mine, target)])
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    print(title)
    for line in lines:
        print("  " + "  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i])
                               for i, cell in enumerate(line)))


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--proselint", metavar="PATH",
                    help="proselint's command (default: RWT_BENCH_PROSELINT, then PATH)")
    ap.add_argument("--alex", metavar="PATH",
                    help="alex's command (default: RWT_BENCH_ALEX, then PATH)")
    ap.add_argument("--runs", type=int, default=7,
                    help="fresh processes per figure (default 7)")
    ap.add_argument("--repeat", type=int, default=51,
                    help="in-process repetitions for 280 and 2,200 characters (default 51; "
                         "63,206 characters get a tenth, the 1 MB paste 3)")
    args = ap.parse_args(argv)

    peers: list[Peer] = []
    print(f"on {os.cpu_count()} cores, load average at the start {_load()}")
    for name, found in [("proselint", find_proselint(args.proselint)),
                        ("alex", find_alex(args.alex))]:
        if isinstance(found, Peer):
            peers.append(found)
            print(f"{name}: {found.command[0]} (through {found.found_through})")
        else:
            print(f"{name}: {found}")
    names = [p.name for p in peers]

    started = time.perf_counter()
    processes = bench_processes(peers, args.runs)
    interpreters = {"python": statistics.median(
        _wall([sys.executable, "-c", "pass"], b"", {}) for _ in range(args.runs)) * 1000}
    node = shutil.which("node")
    if node:
        interpreters["node"] = statistics.median(
            _wall([node, "-e", "0"], b"", {}) for _ in range(args.runs)) * 1000
    print(f"\nmedians of {args.runs} fresh processes each, interleaved; the 99 posts are "
          f"{POSTS_SOURCE} (rwt-check --jsonl reads them as lines, proselint check and "
          f"alex --text as 99 files); the one post is 280 characters from a file ("
          + ", ".join(f"{k} alone starts in {v:.0f} ms" for k, v in interpreters.items())
          + ")")
    print_table("whole programs, including their start:", names, [
        ("99 posts in one process", processes["rwt"]["99"],
         {n: processes[n]["99"] for n in names}, 250.0),
        ("one post from a cold start", processes["rwt"]["one"],
         {n: processes[n]["one"] for n in names}, 200.0),
    ])

    print(f"\nin process, medians ({args.repeat} runs at 280 and 2,200 characters, "
          f"{max(args.repeat // 10, 5)} at 63,206, 3 for 1 MB; each peer warmed up first):")
    print_table("checking one text (rwt: Checker.check; proselint: LintFile.lint; "
                "alex: text()):", names, bench_in_process(peers, args.repeat))
    print(f"\nload average at the end {_load()}; whole run "
          f"{time.perf_counter() - started:.0f} s. Ratios are RWT's time over the other's: "
          f"below 1, RWT is faster.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
