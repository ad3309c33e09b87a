"""How the offline spelling and grammar check does on volunteers' slips: prints figures.

    .venv/bin/python scripts/eval_slips.py [FILE.toml ...] [--no-slips] [--verbose]
    .venv/bin/python scripts/eval_slips.py --clean-posts [--verbose]

Each file has ``correct = [...]`` (good sentences: any spelling or grammar finding is a false
alarm) and ``[[slip]]`` tables with ``text`` and ``flag`` (the slipped words: a finding must
touch them to count as caught). By default every file in tests/data/grammar-slips/: the
heldout*.toml sets were written before the rules were tuned; blind-A.toml was written blind,
measured once, then used for tuning (see its header). The engine is Harper with the
policy's local words, as in the window; ``--no-slips`` turns off the grammar_slips.toml
layer to compare.

``--clean-posts`` instead counts the spelling and grammar findings on the clean posts of the
sample corpus (tests/data/sample-posts.jsonl) and of the judgement corpus (all writers but
the datasheet's ``holdout``): good posts, so a change to the slips or to Harper's filters
should not raise the count.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rwt_desktop.core.grammar.base import default_config  # noqa: E402
from rwt_desktop.core.grammar.harper_engine import HarperEngine  # noqa: E402
from rwt_desktop.core.policy import builtin_policy  # noqa: E402

DATA = ROOT / "tests" / "data"
DEFAULT = sorted((DATA / "grammar-slips").glob("*.toml"))


def clean_posts() -> list[tuple[str, str]]:
    """(id, text) of each clean post of the sample and judgement corpora, held-out writers
    left out."""
    sheet = tomllib.loads((DATA / "judgement" / "datasheet.toml").read_text(encoding="utf-8"))
    holdout = set(sheet.get("holdout", []))
    paths = [DATA / "sample-posts.jsonl"]
    paths += [p for p in sorted((DATA / "judgement").glob("w*.jsonl")) if p.stem not in holdout]
    out: list[tuple[str, str]] = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            post = json.loads(line) if line.strip() else None
            if post and not post["expect"]:
                out.append((post["id"], post["text"]))
    return out


def count_clean(engine: HarperEngine, verbose: bool, label: str) -> None:
    """Print how many findings the clean posts get, by rule."""
    posts = clean_posts()
    by_rule: Counter[str] = Counter()
    flagged = 0
    for pid, text in posts:
        findings = engine.check(text).findings
        flagged += bool(findings)
        by_rule.update(f.rule for f in findings)
        if verbose:
            for f in findings:
                print(f"  {pid}: {f.text!r} {f.rule}")
    print(f"clean posts ({label}): {sum(by_rule.values())} findings on {flagged} of "
          f"{len(posts)} posts")
    for rule, n in by_rule.most_common():
        print(f"  {n:4d}  {rule}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path, default=DEFAULT)
    ap.add_argument("--no-slips", action="store_true", help="Harper alone, without the slips")
    ap.add_argument("--verbose", "-v", action="store_true", help="show every miss and alarm")
    ap.add_argument("--clean-posts", action="store_true",
                    help="count the findings on the corpora's clean posts instead")
    args = ap.parse_args()

    config = dataclasses.replace(default_config(), slips=not args.no_slips)
    engine = HarperEngine(builtin_policy().local_words, config=config)
    engine.wait_until_started()
    label = "Harper alone" if args.no_slips else "Harper + slips"
    try:
        if args.clean_posts:
            count_clean(engine, args.verbose, label)
            return 0
        for path in args.files:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            slips, correct = data.get("slip", []), data.get("correct", [])
            caught = 0
            for item in slips:
                text, flag = item["text"], item["flag"]
                # The slipped words as a whole word ("to" in "is to early", not in
                # "Winnington"); a flag that is part of a word falls back to its first place.
                whole = re.search(rf"(?<!\w){re.escape(flag)}(?!\w)", text)
                at = whole.start() if whole else text.index(flag)
                findings = engine.check(text).findings
                hit = [f for f in findings if f.start < at + len(flag) and at < f.end]
                caught += bool(hit)
                if args.verbose and not hit:
                    print(f"  missed: {text}  (found: {[f.text for f in findings]})")
            alarms = 0
            for text in correct:
                findings = engine.check(text).findings
                alarms += bool(findings)
                if args.verbose and findings:
                    print(f"  false alarm: {text}  "
                          f"{[(f.text, f.rule) for f in findings]}")
            print(f"{path.name} ({label}): caught {caught} of {len(slips)} slips; "
                  f"flagged {alarms} of {len(correct)} correct sentences")
    finally:
        engine.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
