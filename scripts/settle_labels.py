#!/usr/bin/env python3
"""Settle a writer's labels against a blind relabelling, as tests/data/judgement/README.md says.

    python scripts/settle_labels.py WRITTEN.jsonl RELABELLED.jsonl OUT.jsonl

WRITTEN has the writer's posts ({"id", "text", "expect", "channel"}); RELABELLED has a second
helper's labels for the same ids ({"id", "labels"}), made from the text alone. A post both
label alike is kept as it is; where both found problems but named different categories it is
kept with the categories both named; where one called it clean and the other did not, or they
share no category, it is dropped. Labels outside the policy's fourteen categories are left out.
Prints the datasheet's counts; also `--blind-input OUT` writes the text-only file to give the
relabeller (ids, text and channel, no labels).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

CATEGORIES = frozenset({
    "personal_data", "confidential", "unannounced_plans", "discrimination", "offensive",
    "bullying", "criticism", "defamation", "unlawful", "links", "copyright", "tone",
    "incident", "purpose",
})


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def settle(written: list[dict], relabelled: dict[str, list[str]],
           ) -> tuple[list[dict], dict[str, int]]:
    """The posts kept, with their settled labels, and the datasheet's counts."""
    kept: list[dict] = []
    counts = {"posts_written": len(written), "labels_agreed_exactly": 0,
              "kept_with_common_labels": 0, "dropped": 0}
    for post in written:
        mine = set(post.get("expect", [])) & CATEGORIES
        if post["id"] not in relabelled:
            counts["dropped"] += 1
            continue
        theirs = set(relabelled[post["id"]]) & CATEGORIES
        if mine == theirs:
            counts["labels_agreed_exactly"] += 1
            labels = mine
        elif mine and theirs and mine & theirs:
            counts["kept_with_common_labels"] += 1
            labels = mine & theirs
        else:
            counts["dropped"] += 1
            continue
        kept.append({"id": post["id"], "text": post["text"], "expect": sorted(labels),
                     "channel": post.get("channel", "facebook")})
    counts["kept"] = len(kept)
    counts["kept_clean"] = sum(1 for p in kept if not p["expect"])
    return kept, counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("written", type=Path)
    ap.add_argument("relabelled", type=Path, nargs="?")
    ap.add_argument("out", type=Path, nargs="?")
    ap.add_argument("--blind-input", type=Path, help="write the text-only file for the relabeller")
    args = ap.parse_args(argv)
    written = _read(args.written)
    if args.blind_input:
        args.blind_input.write_text("".join(
            json.dumps({"id": p["id"], "text": p["text"], "channel": p.get("channel", "facebook")},
                       ensure_ascii=False) + "\n" for p in written), encoding="utf-8")
        print(f"{len(written)} posts written to {args.blind_input} without labels")
        return 0
    if args.relabelled is None or args.out is None:
        ap.error("give WRITTEN, RELABELLED and OUT, or --blind-input FILE")
    relabelled = {r["id"]: r.get("labels", []) for r in _read(args.relabelled)}
    kept, counts = settle(written, relabelled)
    args.out.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in kept),
                        encoding="utf-8")
    for key, value in counts.items():
        print(f"{key} = {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
