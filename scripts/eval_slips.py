"""How the offline spelling and grammar check does on volunteers' slips: prints figures.

    .venv/bin/python scripts/eval_slips.py [FILE.toml ...] [--no-slips] [--verbose]

Each file has ``correct = [...]`` (good sentences: any spelling or grammar finding is a false
alarm) and ``[[slip]]`` tables with ``text`` and ``flag`` (the slipped words: a finding must
touch them to count as caught). The default file is tests/data/grammar-slips/heldout.toml,
written before the rules were tuned. The engine is Harper with the policy's local words, as
in the window; ``--no-slips`` turns off the grammar_slips.toml layer to compare.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rwt_desktop.core.grammar.base import default_config  # noqa: E402
from rwt_desktop.core.grammar.harper_engine import HarperEngine  # noqa: E402
from rwt_desktop.core.policy import builtin_policy  # noqa: E402

DEFAULT = ROOT / "tests" / "data" / "grammar-slips" / "heldout.toml"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path, default=[DEFAULT])
    ap.add_argument("--no-slips", action="store_true", help="Harper alone, without the slips")
    ap.add_argument("--verbose", "-v", action="store_true", help="show every miss and alarm")
    args = ap.parse_args()

    config = dataclasses.replace(default_config(), slips=not args.no_slips)
    engine = HarperEngine(builtin_policy().local_words, config=config)
    engine.wait_until_started()
    try:
        for path in args.files:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            slips, correct = data.get("slip", []), data.get("correct", [])
            caught = 0
            for item in slips:
                text, flag = item["text"], item["flag"]
                at = text.index(flag)
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
            label = "Harper alone" if args.no_slips else "Harper + slips"
            print(f"{path.name} ({label}): caught {caught} of {len(slips)} slips; "
                  f"flagged {alarms} of {len(correct)} correct sentences")
    finally:
        engine.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
