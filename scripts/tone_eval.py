"""How well the tone score tracks human ratings, next to plain VADER.

    python scripts/tone_eval.py                       # the rated set in tests/data
    python scripts/tone_eval.py path/to/tweets_GroundTruth.txt

The second form reads the VADER paper's tweet ratings (Hutto & Gilbert 2014), which ship in
the vaderSentiment source package (additional_resources/hutto_ICWSM_2014.tar.gz), e.g. after
``pip download vaderSentiment --no-binary :all: --no-deps``. Lines are
``id<TAB>mean rating (-4..4)<TAB>text``. Nothing is downloaded here.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from rwt_desktop.core.policy import builtin_policy
from rwt_desktop.core.rules.tone_rule import settings_from_policy
from rwt_desktop.core.tone import ToneAnalyser

ROOT = Path(__file__).resolve().parent.parent
RATED = ROOT / "tests" / "data" / "tone_ratings.jsonl"


def pearson(xs: list[float], ys: list[float]) -> float:
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / (sxx * syy) ** 0.5 if sxx and syy else 0.0


def load(path: Path) -> list[tuple[str, float]]:
    if path.suffix == ".jsonl":
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip()]
        return [(r["text"], float(r["rating"])) for r in rows]
    out = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3:
            out.append(("\t".join(parts[2:]), float(parts[1]) / 4.0))
    return out


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("-")]
    path = Path(args[0]) if args else RATED
    data = load(path)
    plain = SentimentIntensityAnalyzer()
    ours = ToneAnalyser(settings_from_policy(builtin_policy()))
    human = [r for _, r in data]
    p_scores = [plain.polarity_scores(t)["compound"] for t, _ in data]
    t0 = time.perf_counter()
    o_scores = [ours.analyse(t).report.score for t, _ in data]
    per_post = (time.perf_counter() - t0) / len(data) * 1000
    print(f"{path.name}: {len(data)} rated texts")
    print(f"  Pearson r, plain VADER : {pearson(p_scores, human):.3f}")
    print(f"  Pearson r, tone score  : {pearson(o_scores, human):.3f}")
    print(f"  mean time per text     : {per_post:.3f} ms")
    if "-v" in argv:
        worst = sorted(zip(data, p_scores, o_scores, strict=True),
                       key=lambda x: -abs(x[2] - x[0][1]) + abs(x[1] - x[0][1]))
        for (text, r), p, o in worst[:25]:
            print(f"  human {r:+.2f} vader {p:+.2f} ours {o:+.2f}  {text[:110]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
