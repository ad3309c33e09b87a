#!/usr/bin/env python3
"""The figures ``train_judgement.py --report`` prints: out of fold on the new writers' posts,
the learned layer alone, the rules alone (switched off layer), and both. Kept apart from the
training script, which needs none of it to train."""

from __future__ import annotations

from train_judgement import LEARNABLE, is_quiet, quietened, switched_on


def rules_only_findings(posts: list[dict]) -> list[set[str]]:
    """Per post, the categories the hand-written rules flag at warn or block."""
    import dataclasses

    from rwt_desktop.core.checker import Checker
    from rwt_desktop.core.findings import Severity
    from rwt_desktop.core.policy import builtin_policy

    policy = builtin_policy()
    rules_only = dataclasses.replace(
        policy, rules=tuple(r for r in policy.rules if r.detector != "judgement"))
    checker = Checker(rules_only)
    return [{f.category for f in checker.check(p["text"]).findings
             if f.severity is not Severity.INFO} & set(LEARNABLE) for p in posts]


def report(posts: list[dict], scores, thresholds, new_writers: set[str]) -> None:
    """Out-of-fold figures on the new writers' posts: the layer alone, the rules alone, both.
    The layer counts for the categories whose rule in ``judgement.toml`` is switched on."""

    idx = [i for i, p in enumerate(posts) if p["group"] in new_writers]
    rules = dict(zip(idx, rules_only_findings([posts[i] for i in idx]), strict=True))
    on = switched_on()
    print("  layer switched on for: " + ", ".join(sorted(on)))

    unless = quietened()

    def layer(i: int) -> set[str]:
        return {c for c, t in thresholds.items() if c in on and scores[i][c] >= t
                and not is_quiet(unless, c, posts[i]["text"])}

    clean = [i for i in idx if not posts[i]["expect"]]
    print(f"new writers, out of fold: {len(idx)} posts, {len(clean)} clean")
    print("  thresholds: " + ", ".join(f"{c} {t:.3f}" for c, t in sorted(thresholds.items())))
    print("  clean posts the layer warns on, per category: " + ", ".join(
        f"{c} {sum(1 for i in clean if c in layer(i))}" for c in sorted(thresholds)))
    for name, got in (("rules", lambda i: rules[i]), ("layer", layer),
                      ("both", lambda i: rules[i] | layer(i))):
        fp = sum(1 for i in clean if got(i))
        caught = total = 0
        per = []
        for cat in LEARNABLE:
            pos = [i for i in idx if cat in posts[i]["expect"]]
            hit = sum(1 for i in pos if cat in got(i))
            caught += hit
            total += len(pos)
            per.append(f"{cat} {hit}/{len(pos)}")
        print(f"  {name:<6} recall {caught}/{total} ({caught / max(total, 1):.0%}), "
              f"clean flagged {fp}/{len(clean)} ({fp / max(len(clean), 1):.1%})")
        print("         " + ", ".join(per))
