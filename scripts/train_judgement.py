#!/usr/bin/env python3
"""Train the learned layer (``resources/judgement/model.json``) from the labelled corpus.

    python scripts/train_judgement.py            # train, calibrate, write the model
    python scripts/train_judgement.py --report   # also print leave-one-writer-out figures

Needs scikit-learn (``pip install -e ".[train]"``); the program itself never does. What it does:

1. Reads the judgement corpus (``tests/data/judgement/*.jsonl``, one file per writer) and the
   development corpus (``tests/data/dev-corpus/``). The writers listed as ``holdout`` in
   ``tests/data/judgement/datasheet.toml`` are never read: they are the project's own
   held-out set (``scripts/eval_corpus.py`` scores them). Nor are those under
   ``not_trained``: writers the rules are tuned on but the shipped layer was not trained on
   (the datasheet says why).
2. Per category, fits a logistic regression over the features of
   ``rwt_desktop.core.judgement.features`` (tf-idf weighted, l2-normalised), on whole posts.
   At run time each sentence is scored on its own, so a finding has a span.
3. Keeps the strongest features per category and refits on just those, so the table is small.
4. Sets each category's threshold from out-of-fold scores (folds by writer, so a writer is
   never scored by a model that read them): greedily, the threshold that buys the most
   recall per clean post flagged, until the layer as a whole would warn on ``--budget`` of
   clean posts (0.5%). Only the categories switched on in ``resources/rules/judgement.toml``
   share that budget and get a threshold: switching one on means training again.
5. Reads every must-pass example of a category's rules (the look-alikes the rules were written
   to let through) as clean for that category while training (since session 8: with them
   only as a floor, the thresholds sat so high that the layer warned on 0.2% of clean posts
   where its budget is 0.5%, and caught 8 points fewer of new writers' problems; see
   docs/judgement.md), then raises a threshold, where needed, above the final model's score
   on every one of them, so the shipped layer warns on none. A look-alike that the
   category's own rule in ``judgement.toml`` lets through by its ``unless`` (a hustings that
   lists every party, a prize for over-18s only) is left out: the layer never warns on it.

Deterministic: the same corpus and seed give the same file (a slow test checks).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rwt_desktop.core.judgement import JudgementModel, features, units  # noqa: E402
from rwt_desktop.core.text import Sentences  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "judgement"
DEV = ROOT / "tests" / "data" / "dev-corpus"
OUT = ROOT / "resources" / "judgement"

#: Categories the layer may learn. The rest are left to rules and detectors that know them
#: exactly: lengths, images, grammar, and links (the link rules caught 214 of 225 new-writer
#: links on their own, the layer added 8, and it could not point at the address itself).
LEARNABLE = ("personal_data", "confidential", "unannounced_plans", "discrimination",
             "offensive", "bullying", "criticism", "defamation", "unlawful",
             "copyright", "tone", "incident", "purpose")


def load_posts(include_holdout: bool = False, not_trained: bool = False) -> list[dict]:
    """Every labelled post with a ``group`` (the writer or file it came from). The writers
    under ``not_trained`` in the datasheet are read only when ``not_trained`` is true; the
    held-out ones only with ``include_holdout``."""
    sheet = tomllib.loads((CORPUS / "datasheet.toml").read_text(encoding="utf-8")) \
        if (CORPUS / "datasheet.toml").is_file() else {}
    holdout = set(sheet.get("holdout", []))
    if not not_trained:
        holdout |= set(sheet.get("not_trained", []))
    posts = []
    files = sorted(CORPUS.glob("*.jsonl")) + sorted(DEV.glob("*.jsonl"))
    for path in files:
        group = path.stem
        if group in holdout and not include_holdout:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                post = json.loads(line)
                post["group"] = group
                post["new_writer"] = path.parent == CORPUS
                posts.append(post)
    return posts


_FEATURES: dict[str, list[str]] = {}


def _analyse(text: str) -> list[str]:
    """The features of a post, remembered across folds (the same text gives the same ones)."""
    found = _FEATURES.get(text)
    if found is None:
        found = _FEATURES[text] = sorted(features(text))
    return found


def _vectoriser(vocabulary=None):
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    # A feature seen in one post only cannot generalise; leaving those out makes the first
    # fit several times quicker.
    return TfidfVectorizer(analyzer=_analyse, binary=True, norm="l2", use_idf=True,
                           smooth_idf=True, vocabulary=vocabulary, lowercase=False,
                           min_df=1 if vocabulary is not None else 2, dtype=np.float64)


def fit(posts: list[dict], categories: tuple[str, ...], c: float, keep: int, seed: int,
        options: dict | None = None):
    """Fit per-category models on ``posts``; return (vectoriser, {category: (coef, b)}).

    ``options`` are for ``scripts/layer_folds.py``'s experiments (the defaults are what ships):
    ``positive_weight`` (None: balanced classes; a number: that weight on a problem post),
    ``nb`` (scale each feature by its log-count ratio, NB-SVM style, per category) and
    ``shared`` (add this much of one problem-against-clean model to every category),
    ``negatives`` ((category, text) pairs read as clean for that category only). Each only
    changes the weights, so the run-time scorer is the same."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    opts = {"positive_weight": None, "nb": False, "shared": 0.0, "negatives": (),
            **(options or {})}

    # Every sentence of a clean post is clean too: adding them teaches the model that a short
    # passage holding a few telling words ("Order number 07123…", "the wifi password is on
    # the board") is not a problem on its own. (Sentences of a post that breaks the policy
    # cannot be labelled like that: only one of them may be the problem.)
    texts = [p["text"] for p in posts]
    expects = [p["expect"] for p in posts]
    for p in posts:
        if not p["expect"]:
            parts = [p["text"][s:e] for s, e in Sentences(p["text"]).spans]
            if len(parts) > 1:
                texts.extend(parts)
                expects.extend([[]] * len(parts))
    only = [""] * len(texts) + [cat for cat, _ in opts["negatives"]]
    texts += [text for _, text in opts["negatives"]]
    expects += [[]] * len(opts["negatives"])
    vec = _vectoriser()
    x = vec.fit_transform(texts)
    vocab = vec.get_feature_names_out()
    chosen: dict[str, list[str]] = {}
    labels = {cat: np.array([cat in e for e in expects]) for cat in categories}
    shared = "\x00shared"  # a key no category has
    if opts["shared"]:
        labels[shared] = np.array([bool(set(e) & set(categories)) for e in expects])

    def regression(xs, cat):
        y = labels[cat]
        if opts["negatives"]:  # a category's own look-alikes only
            rows = np.array([o in ("", cat) for o in only])
            xs, y = xs.tocsr()[rows], y[rows]
        weight = opts["positive_weight"]
        model = LogisticRegression(
            C=c, solver="liblinear", random_state=seed, max_iter=1000,
            class_weight="balanced" if weight is None else {False: 1.0, True: weight})
        if opts["nb"]:  # log of a feature's share among positives over that among negatives
            pos, neg = (np.asarray(xs[m].sum(axis=0)).ravel() + 1.0 for m in (y, ~y))
            ratio = np.log((pos / pos.sum()) / (neg / neg.sum())).reshape(1, -1)
            model.fit(xs.multiply(ratio).tocsr(), y)
            return model.coef_[0] * np.asarray(ratio).ravel(), float(model.intercept_[0])
        model.fit(xs, y)
        return model.coef_[0], float(model.intercept_[0])

    for cat in labels:
        y = labels[cat]
        if y.sum() < 5:
            continue
        coef, _ = regression(x, cat)
        order = np.argsort(-np.abs(coef), kind="stable")[:keep]
        chosen[cat] = [str(vocab[i]) for i in order if coef[i] != 0]
    # One vocabulary (so one normalisation for every category), but each category is refitted
    # on its own strongest features only: at run time a feature then weighs on one or two
    # categories, not all fourteen.
    union = sorted({f for feats in chosen.values() for f in feats})
    vec2 = _vectoriser(vocabulary=union)
    x2 = vec2.fit_transform(texts).tocsc()
    column = {f: j for j, f in enumerate(union)}
    fitted = {}
    for cat, feats in chosen.items():
        cols = np.array(sorted(column[f] for f in feats))
        weights, intercept = regression(x2[:, cols], cat)
        coef = np.zeros(len(union))
        coef[cols] = weights
        fitted[cat] = (coef, intercept)
    if shared in fitted:
        common, base = fitted.pop(shared)
        fitted = {cat: (coef + opts["shared"] * common, b + opts["shared"] * base)
                  for cat, (coef, b) in fitted.items()}
    return vec2, fitted


def to_table(vec, fitted, thresholds: dict[str, float]) -> dict:
    cats = sorted(fitted)
    vocab = vec.get_feature_names_out()
    idf = vec.idf_
    table: dict[str, list] = {}
    for j, feat in enumerate(vocab):
        pairs = [[i, round(float(fitted[cat][0][j]), 5)] for i, cat in enumerate(cats)
                 if abs(fitted[cat][0][j]) >= 1e-5]
        if pairs:
            table[str(feat)] = [round(float(idf[j]), 5), pairs]
    return {
        "about": "RWT Post Checker learned layer: made by scripts/train_judgement.py",
        "categories": cats,
        "intercepts": [round(fitted[c][1], 6) for c in cats],
        "thresholds": {c: round(t, 6) for c, t in sorted(thresholds.items())},
        "features": table,
    }


def post_scores(model: JudgementModel, text: str) -> list[float]:
    """Per category, the highest score of the passages the model reads in the post (the
    whole post, unless it is long)."""
    best = [-1e9] * len(model.categories)
    for unit in units(Sentences(text).spans or [(0, len(text))]):
        for i, s in enumerate(model.scores(text[unit[0][0]:unit[-1][1]])):
            if s > best[i]:
                best[i] = s
    return best


def lookalike_texts() -> list[tuple[str, str]]:
    """Every rule's must-pass examples, as (category, text): the hard look-alikes the rules
    were written to let through ("Call Samaritans on 116 123", "Order number 0712… has
    shipped"). Never trained on; each category's threshold is kept from flagging more than a
    few of its own."""
    from rwt_desktop.core.policy import builtin_policy

    sys.path.insert(0, str(ROOT / "tests"))  # the image examples' mini-language is a test helper
    from image_examples import parse_example

    pairs = {(rule.category, parse_example(example)[0]) for rule in builtin_policy().rules
             for example in rule.must_pass}
    return sorted((c, t) for c, t in pairs if t.strip())


def quietened() -> dict[str, re.Pattern[str]]:
    """Per category, the ``unless`` of its rule in ``judgement.toml``: a sentence it matches
    is never warned on by the layer for that category (the engine sees to it at run time)."""
    from rwt_desktop.core.policy import builtin_policy
    from rwt_desktop.core.rules.engine import compile_any

    out = {}
    for rule in builtin_policy().rules:
        if rule.detector == "judgement" and rule.unless:
            pattern = compile_any(rule.unless)
            if pattern is not None:
                out[rule.category] = pattern
    return out


def is_quiet(unless: dict[str, re.Pattern[str]], category: str, text: str) -> bool:
    """Whether the layer's ``category`` rule stays quiet on ``text`` whatever it scores.
    (Judged on the whole text, a little stricter than the engine, which looks at the
    sentence the layer points at; so the figures below never flatter the layer.)"""
    from rwt_desktop.core.text import normalise

    pattern = unless.get(category)
    return pattern is not None and pattern.search(normalise(text)) is not None


def out_of_fold(posts: list[dict], c: float, keep: int, seed: int, folds: int,
                extra: list[tuple[str, str]], options: dict | None = None):
    """Scores of each post by a model that never read its writer's posts, and of each
    ``extra`` text by one of those models (none of them read it)."""
    groups = sorted({p["group"] for p in posts})
    scores: dict[int, dict[str, float]] = {}
    extra_scores: list[dict[str, float]] = [{} for _ in extra]
    for k in range(folds):
        test_groups = set(groups[k::folds])
        train = [p for p in posts if p["group"] not in test_groups]
        vec, fitted = fit(train, LEARNABLE, c, keep, seed, options)
        model = JudgementModel.from_table(to_table(vec, fitted, {}))
        for idx, p in enumerate(posts):
            if p["group"] in test_groups:
                s = post_scores(model, p["text"])
                scores[idx] = dict(zip(model.categories, s, strict=True))
        for idx in range(k, len(extra), folds):
            extra_scores[idx] = dict(zip(model.categories, post_scores(model, extra[idx][1]),
                                         strict=True))
    return scores, extra_scores


def calibrate(posts: list[dict], scores: dict[int, dict[str, float]], budget: float,
              lookalikes: list[tuple[str, dict[str, float]]],
              lookalike_budget: float) -> dict[str, float]:
    """Thresholds that warn on at most ``budget`` of the new writers' clean posts and at most
    ``lookalike_budget`` of each category's look-alikes (the development corpus's clean posts
    and the must-pass examples of that category's rules), bought greedily.

    For each category, allowing it k clean posts puts its threshold just above the
    (k+1)-th highest clean score; the clean posts are shared out one at a time to the
    category whose recall rises most for it, while the look-alikes it would flag still fit
    their budget. (Counting a post once per category is an upper bound on the union, so the
    real shares are at most the budgets.)
    """
    import numpy as np

    clean = [i for i, p in enumerate(posts) if not p["expect"] and i in scores
             and p["new_writer"]]
    dev_clean = [scores[i] for i, p in enumerate(posts) if not p["expect"] and i in scores
                 and not p["new_writer"]]
    allowed = int(budget * len(clean))
    cats = sorted({c for s in scores.values() for c in s})
    look = {cat: dev_clean + [s for c, s in lookalikes if c == cat] for cat in cats}
    allowed_look = {cat: int(lookalike_budget * len(look[cat])) for cat in cats}
    curves: dict[str, list[tuple[float, int, int]]] = {}
    for cat in cats:
        clean_scores = np.sort(np.array([scores[i][cat] for i in clean]))[::-1]
        look_scores = np.array([s[cat] for s in look[cat]])
        pos_scores = np.array([scores[i][cat] for i, p in enumerate(posts)
                               if cat in p["expect"] and i in scores and p["new_writer"]])
        if not len(pos_scores):
            continue
        # never low enough to flag more than its share of the look-alikes
        ranked = np.sort(look_scores)[::-1]
        floor = (float(np.nextafter(ranked[allowed_look[cat]], np.inf))
                 if allowed_look[cat] < len(ranked) else -1e9)
        curve = [(float("inf"), 0, 0)]
        for k in range(allowed + 1):
            # strictly above the (k+1)-th highest clean score
            t = float(np.nextafter(clean_scores[k], np.inf)) if k < len(clean_scores) else -1e9
            t = max(t, floor, 0.0)  # and never below the model's own decision boundary
            curve.append((t, int((pos_scores >= t).sum()), int((look_scores >= t).sum())))
        curves[cat] = curve
    given = {cat: 0 for cat in curves}  # index into the curve; 0 means off
    spent = 0
    while spent < allowed:
        best = None
        for cat, curve in curves.items():
            step = given[cat] + 1
            if step >= len(curve):
                continue
            gain = curve[step][1] - curve[given[cat]][1]
            if gain <= 0 or curve[step][2] > allowed_look[cat]:
                continue
            if best is None or gain > best[0]:
                best = (gain, cat)
        if best is None:
            break
        _, cat = best
        given[cat] += 1
        # the first step (turning a category on) costs no clean post by itself
        spent += 1 if given[cat] > 1 else 0
    return {cat: curves[cat][given[cat]][0] for cat in curves if given[cat] > 0}


def lookalike_floor(model: JudgementModel, thresholds: dict[str, float],
                    lookalikes: list[tuple[str, str]]) -> dict[str, float]:
    """``thresholds`` raised, where needed, just above ``model``'s highest score on each
    category's look-alikes, so the model warns on none of them. (The margin outlasts the
    rounding of the shipped table: thresholds to six places, weights to float32.)"""
    raised = dict(thresholds)
    for cat, text in lookalikes:
        if cat not in raised:
            continue
        score = post_scores(model, text)[model.categories.index(cat)]
        if score + LOOKALIKE_MARGIN > raised[cat]:
            raised[cat] = score + LOOKALIKE_MARGIN
    return raised


#: How far above a look-alike's score its category's threshold is put.
LOOKALIKE_MARGIN = 0.001


def switched_on() -> set[str]:
    """The categories whose learned-layer rule in ``judgement.toml`` is enabled."""
    from rwt_desktop.core.policy import builtin_policy

    return {r.category for r in builtin_policy().rules if r.detector == "judgement" and r.enabled}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--c", type=float, default=10.0, help="inverse regularisation strength")
    ap.add_argument("--keep", type=int, default=8000, help="features kept per category")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--budget", type=float, default=0.005,
                    help="share of clean posts the layer may warn on (out of fold)")
    ap.add_argument("--lookalike-budget", type=float, default=0.02,
                    help="share of look-alikes (development clean posts, rules' must-pass "
                         "examples) the layer may warn on (out of fold)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=OUT, help="folder for model.json and model.f32")
    ap.add_argument("--report", action="store_true")
    ap.add_argument("--lookalikes-unread", action="store_true",
                    help="do not train on the rules' must-pass examples (the layer before "
                         "session 8: they only set the floor under each threshold)")
    ap.add_argument("--with-not-trained", action="store_true",
                    help="train on the datasheet's not_trained writers too")
    ap.add_argument("--keep-thresholds", action="store_true",
                    help="skip calibration and keep the shipped model's thresholds "
                         "(what the reproducibility test does)")
    args = ap.parse_args(argv)

    started = time.perf_counter()
    posts = load_posts(not_trained=args.with_not_trained)
    options: dict = {}
    if not args.lookalikes_unread:
        unless = quietened()
        options["negatives"] = [(c, t) for c, t in lookalike_texts() if not is_quiet(unless, c, t)]
    print(f"{len(posts)} posts from {len({p['group'] for p in posts})} writers and files")
    if args.keep_thresholds:
        thresholds = json.loads((OUT / "model.json").read_text(encoding="utf-8"))["thresholds"]
    else:
        unless = quietened()
        extra = [(c, t) for c, t in lookalike_texts() if not is_quiet(unless, c, t)]
        scores, extra_scores = out_of_fold(posts, args.c, args.keep, args.seed, args.folds,
                                           extra, options)
        # The clean-post budget is shared only among the categories that can warn: one
        # switched off in judgement.toml gets no threshold (switching it on means retraining).
        on = switched_on()
        lookalikes = [(cat, {c: v for c, v in s.items() if c in on})
                      for (cat, _), s in zip(extra, extra_scores, strict=True)]
        thresholds = calibrate(posts, {i: {c: v for c, v in s.items() if c in on}
                                       for i, s in scores.items()},
                               args.budget, lookalikes, args.lookalike_budget)
    vec, fitted = fit(posts, LEARNABLE, args.c, args.keep, args.seed, options)
    if not args.keep_thresholds:
        final = JudgementModel.from_table(to_table(vec, fitted, {}))
        thresholds = lookalike_floor(final, thresholds, extra)
        if args.report:
            from judgement_report import report

            report(posts, scores, thresholds,
                   {p["group"] for p in posts if p["new_writer"]})
    write_model(to_table(vec, fitted, thresholds), args.out)
    print(f"trained in {time.perf_counter() - started:.0f} s")
    return 0


def write_model(table: dict, folder: Path) -> None:
    """``model.json`` (names and settings) and ``model.f32`` (float32: every feature's idf
    squared, then for each category in turn every feature's idf times weight: the arrays the
    scorer sums over, so loading them is a copy)."""
    from array import array

    names = sorted(table["features"])
    k = len(table["categories"])
    idf = [table["features"][f][0] for f in names]
    values = array("f", [d * d for d in idf])
    columns = [array("f", [0.0]) * len(names) for _ in range(k)]
    for j, f in enumerate(names):
        for i, w in table["features"][f][1]:
            columns[i][j] = idf[j] * w
    for column in columns:
        values.extend(column)
    if sys.byteorder != "little":
        values.byteswap()
    meta = {key: table[key] for key in ("about", "categories", "intercepts", "thresholds")}
    meta["features"] = names
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(meta, ensure_ascii=False, sort_keys=True, indent=0)
    (folder / "model.json").write_text(text + "\n", encoding="utf-8")
    (folder / "model.f32").write_bytes(values.tobytes())
    size = (len(text) + len(values) * 4) / 1e6
    print(f"wrote {folder}: {len(names)} features x {k} categories, {size:.1f} MB")


if __name__ == "__main__":
    sys.exit(main())
