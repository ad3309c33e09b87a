#!/usr/bin/env python3
"""Every finding for every post in tests/data, one JSON line per post, to compare two versions.

A speed change must not change a single result: run this before and after it and compare
the outputs (``cmp``, or their digests). Covers the sample posts, the dev corpus and the
whole judgement corpus, with the checker built both ways the program builds it: afresh,
and from a compiled policy read back from a cache folder.

    python scripts/dump_findings.py > before.jsonl
    python scripts/dump_findings.py --from-cache > before-cached.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from rwt_desktop.core.checker import Checker, default_checker
from rwt_desktop.core.policy_cache import PolicyCache

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def corpus_files() -> list[Path]:
    return [DATA / "sample-posts.jsonl", *sorted((DATA / "dev-corpus").glob("*.jsonl")),
            *sorted((DATA / "judgement").glob("w*.jsonl"))]


def posts() -> Iterator[tuple[str, str, str]]:
    """(file name, post id, text) for every post."""
    for path in corpus_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                yield path.name, str(record.get("id")), record.get("text") or ""


def cached_checker(folder: Path) -> Checker:
    """A checker from a policy compiled, saved and read back, as every start after the first."""
    cache = PolicyCache(folder)
    compiled = cache.load(None)
    Checker(compiled.policy, analysis=compiled.analysis)
    cache.save(compiled)
    compiled = cache.load(None)
    return Checker(compiled.policy, analysis=compiled.analysis)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from-cache", action="store_true",
                        help="build the checker from a compiled policy read back from a cache")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rwt-dump-") as tmp:
        checker = cached_checker(Path(tmp)) if args.from_cache else default_checker()
        for name, post_id, text in posts():
            report = checker.check(text)
            row = {"file": name, "id": post_id,
                   "findings": [f.to_dict() for f in report.findings]}
            sys.stdout.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
