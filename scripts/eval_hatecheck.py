#!/usr/bin/env python3
"""Figures for the functional test sets: hateful language, obscene words, public bodies' posts.

* ``tests/data/hatecheck-style/``: short hateful and identity-neutral/positive sentences in
  the style of HateCheck. A sentence counts as flagged when it gets a warning or a block in
  any policy category (tone, grammar, spelling and length aside).
* ``tests/data/obscene-in-sentence/``: obscene and sexual words in friendly sentences, each
  of which should be warned about (same counting).
* ``tests/data/public-org-posts/``: posts in the style of police forces, councils and
  charities, none of which should draw a policy warning outside tone.

Targets (issue 11): hateful >= 80% flagged, every hateful functionality >= 60%,
identity-positive 0%; obscene >= 90% warned; public-org posts <= 1% warned.

    python scripts/eval_hatecheck.py [--show]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from rwt_desktop.core.checker import default_checker
from rwt_desktop.core.findings import Severity

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
IGNORED = {"tone", "grammar", "spelling", "length"}
SERIOUS = {Severity.WARN, Severity.BLOCK}


def _rows(folder: str) -> list[dict]:
    rows: list[dict] = []
    for path in sorted((DATA / folder).glob("*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    return rows


def _policy_findings(checker, text: str) -> list:
    return [f for f in checker.check(text).findings
            if f.severity in SERIOUS and f.category not in IGNORED]


def _pct(n: int, d: int) -> str:
    return f"{n}/{d} ({n / d:.0%})" if d else "0/0"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print each miss and false alarm")
    args = ap.parse_args(argv)
    checker = default_checker()

    print("hatecheck-style")
    total: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for row in _rows("hatecheck-style"):
        func = row["functionality"]
        labels[func] = row["label"]
        total[func] += 1
        found = _policy_findings(checker, row["text"])
        flagged[func] += bool(found)
        if args.show and bool(found) != (row["label"] == "hateful"):
            what = [f"{f.rule}:{f.text!r}" for f in found]
            print(f"  {'FALSE ALARM' if found else 'MISSED'} {row['id']}: {row['text']} {what}")
    for label in ("hateful", "not_hateful"):
        funcs = [f for f in total if labels[f] == label]
        for func in funcs:
            print(f"  {label:12} {func:20} flagged {_pct(flagged[func], total[func])}")
        print(f"  {label:12} {'all':20} flagged "
              f"{_pct(sum(flagged[f] for f in funcs), sum(total[f] for f in funcs))}")

    rows = _rows("obscene-in-sentence")
    warned = 0
    for row in rows:
        hit = bool(_policy_findings(checker, row["text"]))
        warned += hit
        if args.show and not hit:
            print(f"  MISSED {row['id']}: {row['text']}")
    print(f"obscene-in-sentence: warned {_pct(warned, len(rows))}")

    rows = _rows("public-org-posts")
    alarms = 0
    for row in rows:
        found = _policy_findings(checker, row["text"])
        alarms += bool(found)
        if args.show and found:
            what = [f"{f.rule}:{f.text!r}" for f in found]
            print(f"  FALSE ALARM {row['id']}: {row['text']} {what}")
    print(f"public-org-posts: policy warning outside tone {_pct(alarms, len(rows))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
