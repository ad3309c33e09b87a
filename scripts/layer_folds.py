#!/usr/bin/env python3
"""Measure variants of the learned layer on writers it never read: leave-writers-out folds.

    python scripts/layer_folds.py rules                 # the rules' findings, once (minutes)
    python scripts/layer_folds.py run shipped plus39    # out-of-fold scores of two variants
    python scripts/layer_folds.py table shipped plus39  # the figures, side by side
    python scripts/layer_folds.py table shipped neg@0.0005  # a variant at its own budget

Needs scikit-learn (``pip install -e ".[train]"``). Every writer of the judgement corpus but
the held-out ones (``holdout`` in the datasheet, never opened here) is put in one of
``--folds`` folds (sorted, every fifth writer, as ``train_judgement.py`` does; the
development corpus's files too). Each fold's writers are scored by a layer trained on the
other folds only, with ``train_judgement.py``'s own ``fit``. A variant (``VARIANTS``) is a
set of training settings, and whether the ``not_trained`` writers are trained on (the
shipped layer leaves them out, but they are always scored).

Thresholds are set as the shipped ones are (``train_judgement.calibrate``: at most 0.5% of
clean posts, bought by recall per clean post across the categories switched on), but for
each fold only from the other folds' out-of-fold scores, then raised above that fold's
model's score on every must-pass example of the category's rules. So a writer's clean posts
never set the threshold they are judged by, and "clean posts flagged" is an honest estimate.

The table gives, per category and overall: the layer alone (caught, clean posts flagged),
rules and layer together, and what the layer catches among the problems the rules miss.
The rules were tuned on these writers, so their share (and so "rules + layer") flatters the
checker on new writers; the layer's own figures do not. Results are kept in
``build/layer_folds/`` (``run`` reuses nothing: delete a file to redo it, or name a new
variant).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

import train_judgement as tj  # noqa: E402
from judgement_report import rules_only_findings  # noqa: E402

from rwt_desktop.core.judgement import JudgementModel  # noqa: E402

CACHE = ROOT / "build" / "layer_folds"

#: Variant name: (train on the not_trained writers too, settings for ``train_judgement.fit``).
VARIANTS: dict[str, tuple[bool, dict]] = {
    # "shipped" is the layer as it was before session 8 (look-alikes only a floor); the one
    # shipped since is "neg" (train_judgement.py's default now reads them as clean).
    "shipped": (False, {}),
    "plus39": (True, {}),
    "c30": (False, {"c": 30.0}),
    "keep16k": (False, {"keep": 16000}),
    "pos2": (False, {"positive_weight": 2.0}),
    "nb": (False, {"nb": True}),
    "shared05": (False, {"shared": 0.5}),
    # the rules' must-pass look-alikes read as clean for their category (all, or every other)
    "neg": (False, {"negatives": "all"}),
    "neg_half": (False, {"negatives": "half"}),
    "plus39_neg": (True, {"negatives": "all"}),
    "neg_shared05": (False, {"negatives": "all", "shared": 0.5}),
}


def load() -> tuple[list[dict], set[str]]:
    """Every post of the writers not held out and of the development corpus, and the names
    of the ``not_trained`` writers. Held-out files are never opened."""
    sheet = tomllib.loads((tj.CORPUS / "datasheet.toml").read_text(encoding="utf-8"))
    holdout = set(sheet.get("holdout", []))
    posts = []
    for path in sorted(tj.CORPUS.glob("*.jsonl")) + sorted(tj.DEV.glob("*.jsonl")):
        if path.stem in holdout:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                post = json.loads(line)
                post["group"] = path.stem
                post["new_writer"] = path.parent == tj.CORPUS
                posts.append(post)
    return posts, set(sheet.get("not_trained", []))


def fold_of(posts: list[dict], folds: int) -> dict[str, int]:
    groups = sorted({p["group"] for p in posts})
    return {g: k % folds for k, g in enumerate(groups)}


def rules_cached(posts: list[dict]) -> dict[str, list[str]]:
    """Per post id, the categories the hand-written rules flag (computed by ``rules``)."""
    path = CACHE / "rules.json"
    if not path.is_file():
        sys.exit("run `python scripts/layer_folds.py rules` first")
    return json.loads(path.read_text(encoding="utf-8"))


def run(name: str, posts: list[dict], not_trained: set[str], folds: int, seed: int) -> None:
    """Out-of-fold scores of every post, and each fold's model's scores of the look-alikes."""
    with_extra, settings = VARIANTS[name]
    settings = dict(settings)
    c, keep = settings.pop("c", 10.0), settings.pop("keep", 8000)
    fold = fold_of(posts, folds)
    unless = tj.quietened()
    extra = [(cat, t) for cat, t in tj.lookalike_texts() if not tj.is_quiet(unless, cat, t)]
    if "negatives" in settings:
        settings["negatives"] = extra if settings["negatives"] == "all" else extra[::2]
    scores: dict[str, dict[str, float]] = {}
    look: list[list[dict[str, float]]] = []
    started = time.perf_counter()
    for k in range(folds):
        train = [p for p in posts if fold[p["group"]] != k
                 and (with_extra or p["group"] not in not_trained)]
        vec, fitted = tj.fit(train, tj.LEARNABLE, c, keep, seed, settings)
        model = JudgementModel.from_table(tj.to_table(vec, fitted, {}))
        for p in posts:
            if fold[p["group"]] == k:
                scores[p["id"]] = dict(zip(model.categories, tj.post_scores(model, p["text"]),
                                           strict=True))
        look.append([dict(zip(model.categories, tj.post_scores(model, t), strict=True))
                     for _, t in extra])
        print(f"  {name}: fold {k + 1}/{folds} done at {time.perf_counter() - started:.0f} s",
              flush=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / f"{name}.json").write_text(json.dumps(
        {"folds": folds, "scores": scores, "lookalikes": [c for c, _ in extra],
         "lookalike_texts": [t for _, t in extra],
         "lookalike_scores": look}), encoding="utf-8")


def thresholds_per_fold(posts: list[dict], saved: dict, budget: float,
                        lookalike_budget: float, floor: str) -> list[dict[str, float]]:
    """For each fold, thresholds calibrated on the other folds' scores only, then raised
    just above that fold's model's highest score on a look-alike of the category (``floor``:
    "all" look-alikes, as shipped; "own": only the judgement rules' own must-pass examples,
    which their tests require; "none")."""
    on = tj.switched_on()
    own = own_examples()
    fold = fold_of(posts, saved["folds"])
    out = []
    for k in range(saved["folds"]):
        scores = {i: {c: v for c, v in saved["scores"][p["id"]].items() if c in on}
                  for i, p in enumerate(posts) if fold[p["group"]] != k}
        look = [(cat, {c: v for c, v in s.items() if c in on})
                for cat, s in zip(saved["lookalikes"], saved["lookalike_scores"][k],
                                  strict=True)]
        thresholds = tj.calibrate(posts, scores, budget, look, lookalike_budget)
        for (cat, s), text in zip(look, saved["lookalike_texts"], strict=True):
            if floor == "none" or (floor == "own" and (cat, text) not in own):
                continue
            if cat in thresholds and s[cat] + tj.LOOKALIKE_MARGIN > thresholds[cat]:
                thresholds[cat] = s[cat] + tj.LOOKALIKE_MARGIN
        out.append(thresholds)
    return out


def own_examples() -> set[tuple[str, str]]:
    """The must-pass examples of the layer's own rules in ``judgement.toml``."""
    from rwt_desktop.core.policy import builtin_policy

    return {(r.category, t) for r in builtin_policy().rules if r.detector == "judgement"
            for t in r.must_pass}


def figures(name: str, posts: list[dict], rules: dict[str, list[str]], budget: float,
            lookalike_budget: float, writers: set[str],
            floor: str = "all") -> dict[str, tuple[int, int]]:
    """(caught, of) per category and for "all", for the layer alone, the rules and layer,
    and the layer among the rules' misses; clean posts flagged."""
    saved = json.loads((CACHE / f"{name}.json").read_text(encoding="utf-8"))
    per_fold = thresholds_per_fold(posts, saved, budget, lookalike_budget, floor)
    fold = fold_of(posts, saved["folds"])
    unless = tj.quietened()
    out: dict[str, list[int]] = {}

    def add(key: str, hit: bool) -> None:
        counts = out.setdefault(key, [0, 0])
        counts[0] += hit
        counts[1] += 1

    for p in posts:
        if p["group"] not in writers:
            continue
        s, t = saved["scores"][p["id"]], per_fold[fold[p["group"]]]
        layer = {c for c, v in t.items() if s[c] >= v and not tj.is_quiet(unless, c, p["text"])}
        ruled = set(rules[p["id"]])
        if not p["expect"]:
            add("clean: layer", bool(layer))
            add("clean: rules + layer", bool(layer | ruled))
            continue
        for cat in set(p["expect"]) & set(tj.LEARNABLE):
            for key in (cat, "all"):
                add(f"{key}: layer", cat in layer)
                add(f"{key}: rules + layer", cat in layer | ruled)
                if cat not in ruled:
                    add(f"{key}: rules' misses", cat in layer)
    return {k: (v[0], v[1]) for k, v in out.items()}


def table(names: list[str], posts: list[dict], budget: float, lookalike_budget: float,
          writers: set[str], floor: str) -> None:
    rules = rules_cached(posts)
    got = {}
    for n in names:  # "name@0.001": that variant at its own clean-post budget
        name, _, own = n.partition("@")
        got[n] = figures(name, posts, rules, float(own or budget), lookalike_budget, writers,
                         floor)
    rows = [f"{c}: {kind}" for c in (*sorted(tj.LEARNABLE), "all")
            for kind in ("layer", "rules' misses", "rules + layer")]
    rows += ["clean: layer", "clean: rules + layer"]
    print("| | " + " | ".join(names) + " |")
    print("|---" * (len(names) + 1) + "|")
    for row in rows:
        if row.endswith("rules + layer") and not row.startswith(("all", "clean")):
            continue  # per category, the layer's own figures say enough
        cells = []
        for n in names:
            hit, of = got[n].get(row, (0, 0))
            cells.append(f"{hit}/{of} ({hit / max(of, 1):.1%})")
        print(f"| {row} | " + " | ".join(cells) + " |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("action", choices=("rules", "run", "table"))
    ap.add_argument("variants", nargs="*", default=["shipped"])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--budget", type=float, default=0.005)
    ap.add_argument("--lookalike-budget", type=float, default=0.02)
    ap.add_argument("--floor", choices=("all", "own", "none"), default="all",
                    help="which look-alikes a threshold is raised above (shipped: all)")
    ap.add_argument("--writers", default="all",
                    help="score only these writers: 'all', 'trained' or 'not_trained'")
    args = ap.parse_args(argv)
    posts, not_trained = load()
    if args.action == "rules":
        judged = [p for p in posts if p["new_writer"]]
        found = rules_only_findings(judged)
        CACHE.mkdir(parents=True, exist_ok=True)
        (CACHE / "rules.json").write_text(json.dumps(
            {p["id"]: sorted(f) for p, f in zip(judged, found, strict=True)}), encoding="utf-8")
        return 0
    if args.action == "run":
        for name in args.variants:
            run(name, posts, not_trained, args.folds, args.seed)
        return 0
    writers = {p["group"] for p in posts if p["new_writer"]}
    if args.writers == "trained":
        writers -= not_trained
    elif args.writers == "not_trained":
        writers &= not_trained
    table(args.variants, posts, args.budget, args.lookalike_budget, writers, args.floor)
    return 0


if __name__ == "__main__":
    sys.exit(main())
