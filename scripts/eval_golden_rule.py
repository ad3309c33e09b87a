"""How well the read-back's golden-rule questions fit the posts they are asked about.

    python scripts/eval_golden_rule.py                    # the labelled golden-rule corpus
    python scripts/eval_golden_rule.py --dev              # also the clean dev-corpus posts
    python scripts/eval_golden_rule.py --show-misses

For each property in tests/data/golden-rule/*.jsonl (names a person, a business, a
child, a change to come, ...) it prints how many of the posts with it get the matching
question, and how many questions the plain event notices get. With --dev it prints how many
questions the clean posts of tests/data/dev-corpus (those expected to have no finding) get
on average.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rwt_desktop.core.checker import default_checker  # noqa: E402
from rwt_desktop.core.golden_rule import golden_questions  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "golden-rule"
DEV = ROOT / "tests" / "data" / "dev-corpus"


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", action="store_true", help="also the clean dev-corpus posts")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    checker = default_checker()
    posts = [post for path in sorted(CORPUS.glob("*.jsonl")) for post in load(path)]
    have: Counter[str] = Counter()
    got: Counter[str] = Counter()
    extra: Counter[str] = Counter()
    plain_counts: list[int] = []
    for post in posts:
        asked = {q.id for q in golden_questions(post["text"], checker.check(post["text"]).findings)}
        for prop in post["expect"]:
            have[prop] += 1
            if prop in asked:
                got[prop] += 1
            elif args.show_misses:
                print(f"miss {prop:9} {post['id']}: {post['text']}")
        for q in asked - set(post["expect"]):
            extra[q] += 1
            if args.show_misses and not post["plain"]:
                print(f"also {q:9} {post['id']}: {post['text']}")
        if post["plain"]:
            plain_counts.append(len(asked))
            if args.show_misses and asked:
                print(f"plain {len(asked)} {sorted(asked)} {post['id']}: {post['text']}")
    print(f"{len(posts)} labelled posts in {CORPUS.relative_to(ROOT)}")
    for prop in sorted(have):
        print(f"  {prop:10} {got[prop]:3}/{have[prop]:3} get the question "
              f"({100 * got[prop] / have[prop]:.1f}%)")
    print(f"  plain notices: {len(plain_counts)}, most questions on one: "
          f"{max(plain_counts, default=0)}, with any question: "
          f"{sum(1 for n in plain_counts if n)}, "
          f"average {sum(plain_counts) / len(plain_counts):.2f}")
    print(f"  questions beyond the labels: {dict(extra)}")
    if args.dev:
        counts: Counter[int] = Counter()
        kinds: Counter[str] = Counter()
        n = total = 0
        for path in sorted(DEV.glob("*.jsonl")):
            for post in load(path):
                if post.get("expect"):
                    continue
                asked = golden_questions(post["text"], checker.check(post["text"]).findings)
                n += 1
                total += len(asked)
                counts[len(asked)] += 1
                kinds.update(q.id for q in asked)
        print(f"{n} clean dev-corpus posts: {total / n:.3f} questions on average; "
              f"posts by number of questions {dict(sorted(counts.items()))}; "
              f"by question {dict(kinds.most_common())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
