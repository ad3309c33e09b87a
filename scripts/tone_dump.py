#!/usr/bin/env python3
"""Every tone finding and tone meter result for every post in tests/data, one JSON line each.

Run it before and after a change to the tone code and compare the two files: a refactor
must leave them identical. Each line holds the post's id, the tone findings of a full check
(rule, severity, span, message, advice), the post's tone report (the meter) and the full
analysis the tone rules share.

    python scripts/tone_dump.py OUT.jsonl            # write the dump
    python scripts/tone_dump.py --compare A.jsonl B.jsonl
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def _posts() -> Iterator[tuple[str, str]]:
    """(id, text) of every post of every labelled corpus under tests/data, in a fixed order
    (the sample posts, the dev corpus, the judgement batches, tone ratings, public
    organisations' posts, and the golden-rule, hate and obscenity sets)."""
    for path in sorted(DATA.rglob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines, 1):
            post = json.loads(line) if line.strip() else None
            if isinstance(post, dict) and isinstance(post.get("text"), str):
                yield f"{path.relative_to(DATA).as_posix()}:{n}", post["text"]


def _plain(value: Any) -> Any:
    """Dataclasses, tuples and sets as JSON-ready values, floats kept exact (repr)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(_plain(v) for v in value)
    if isinstance(value, float):
        return repr(value)
    return value


def dump(out: Path) -> int:
    from rwt_desktop.core.checker import default_checker
    from rwt_desktop.core.policy import builtin_policy
    from rwt_desktop.core.rules.tone_rule import settings_from_policy
    from rwt_desktop.core.tone import ToneAnalyser

    checker = default_checker()
    analyser = ToneAnalyser(settings_from_policy(builtin_policy()))
    count = 0
    with out.open("w", encoding="utf-8") as fh:
        for post_id, text in _posts():
            report = checker.check(text)
            findings = [
                {"rule": f.rule, "severity": f.severity.value, "start": f.start, "end": f.end,
                 "message": f.message, "advice": f.advice,
                 "suggestions": list(f.suggestions)}
                for f in report.findings if f.category == "tone" or f.rule.startswith("tone.")]
            line = {"id": post_id, "findings": findings, "meter": _plain(report.tone),
                    "analysis": _plain(analyser.analyse(text))}
            fh.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    print(f"{count} posts written to {out}")
    return 0


def compare(a: Path, b: Path) -> int:
    left = a.read_text(encoding="utf-8").splitlines()
    right = b.read_text(encoding="utf-8").splitlines()
    if len(left) != len(right):
        print(f"different numbers of posts: {len(left)} and {len(right)}")
        return 1
    differ = [json.loads(x)["id"] for x, y in zip(left, right, strict=True) if x != y]
    for post_id in differ[:20]:
        print(f"differs: {post_id}")
    print(f"{len(left)} posts compared, {len(differ)} differ")
    return 1 if differ else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("A", "B"))
    ap.add_argument("out", nargs="?", type=Path)
    args = ap.parse_args()
    if args.compare:
        return compare(*args.compare)
    if args.out is None:
        ap.error("give a file to write, or --compare A B")
    return dump(args.out)


if __name__ == "__main__":
    sys.exit(main())
