#!/usr/bin/env python3
"""Per-category recall and clean-post false alarms on a labelled JSONL corpus.

Each line is {"id": ..., "text": ..., "expect": [category, ...]}; an empty "expect" marks a
clean post. A category counts as caught when the post has a finding of it at warn or block;
a clean post is a false alarm when it has any warn or block finding (grammar, spelling and
length aside, as the judge does).

    python scripts/eval_corpus.py ../shared/corpus/sample-posts.jsonl [--show]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from rwt_desktop.core.checker import default_checker
from rwt_desktop.core.findings import Severity

IGNORED = {"grammar", "spelling", "length"}
SERIOUS = {Severity.WARN, Severity.BLOCK}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--show", action="store_true", help="print each miss and false alarm")
    args = ap.parse_args(argv)

    checker = default_checker()
    total: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    extra: Counter[str] = Counter()  # categories flagged that the label did not expect
    clean = alarms = 0
    for _lineno, line in enumerate(args.corpus.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        post = json.loads(line)
        report = checker.check(post["text"])
        found = {f.category for f in report.findings if f.severity in SERIOUS} - IGNORED
        expected = set(post.get("expect", []))
        if not expected:
            clean += 1
            if found:
                alarms += 1
                if args.show:
                    bad = [f"{f.category}:{f.rule}:{f.text!r}" for f in report.findings
                           if f.severity in SERIOUS and f.category not in IGNORED]
                    print(f"FALSE ALARM {post['id']}: {bad}")
        for cat in expected:
            total[cat] += 1
            if cat in found:
                caught[cat] += 1
            elif args.show:
                print(f"MISSED {post['id']} [{cat}]: {post['text']}")
        for cat in found - expected:
            extra[cat] += 1

    print(f"{'category':<18} {'caught':>7} {'recall':>7}")
    for cat in sorted(total):
        print(f"{cat:<18} {caught[cat]:>3}/{total[cat]:<3} {caught[cat] / total[cat]:>7.0%}")
    all_caught, all_total = sum(caught.values()), sum(total.values())
    if all_total:
        print(f"{'all':<18} {all_caught:>3}/{all_total:<3} {all_caught / all_total:>7.0%}")
    rate = alarms / clean if clean else 0.0
    print(f"clean posts flagged at warn/block: {alarms}/{clean} ({rate:.0%})")
    if extra:
        print("categories also flagged on violating posts: "
              + ", ".join(f"{c} {n}" for c, n in sorted(extra.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
