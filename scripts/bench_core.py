#!/usr/bin/env python3
"""Speed of the checking core, printed as medians (never asserted: machines are noisy).

Targets from issue 14: a 280-character post ≤ 1 ms, 2,200 ≤ 4 ms, 63,206 ≤ 100 ms, a 1 MB
paste ≤ 400 ms (in-process, every rule on); `rwt-check` on one post from a cold start ≤ 0.2 s,
and 99 posts in one `rwt-check --jsonl` process ≤ 0.25 s including its start (both with the
compiled policy already in the cache folder, as on every run after the first).
Also prints each category on its own, character counting for every channel, awkward text
for the counters, and a big photo through the image functions.

    python scripts/bench_core.py [--repeat N] [--startup-only]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rwt_desktop.core.checker import default_checker

# A realistic mix: warm community news with a few things worth flagging.
PARAGRAPH = (
    "Thank you to everyone who came to the Christmas Fayre at Witton Church Hall! 🎄 "
    "We raised £1,240 for the food bank. Our next drop-in is on Tuesday 3 December, 10am–12pm "
    "at the community hub – no need to book. If you're feeling low this winter, Samaritans "
    "are there on 116 123. Tickets: https://www.eventbrite.co.uk/e/rwt-gala and more at "
    "tinyurl.com/rwtgala. Off the record, the board can't agree. Call Dave on 07700 900321. "
    "WHY DO PEOPLE KEEP PARKING ON THE GRASS?!?! #Rudheath #Witton #Northwich "
)


# Ordinary community news with nothing wrong in it: most posts look like this.
TYPICAL = (
    "Our Tuesday toddler group is back after the holidays, with tea for grown-ups and toys "
    "for little ones. Thank you to the volunteers who repainted the hall! The repair café is "
    "open on Saturday from 10am: bring your broken toasters and wobbly chairs. If you're "
    "worried about money this winter, our friendly advisers can help – pop in on Mondays. "
    "The community garden needs your ideas for next year, so come to the open day on 3 April. "
    "Free digital skills drop-in at the library every Thursday, 2–4pm. "
)


def post_of(n: int, base: str = PARAGRAPH) -> str:
    return (base * (n // len(base) + 1))[:n]


def short_sentences_1mb() -> str:
    """A 1 MB paste of short sentences: the sentence splitter's and tone's worst day."""
    return ("Lovely day. " * 90_000)[:1_000_000]


def median_ms(fn, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def bench_images() -> None:
    """An 8,000 x 6,000 phone photo: inspect, thumbnail and a 2,048-pixel clean copy."""
    import tempfile
    from pathlib import Path

    from PIL import Image

    from rwt_desktop.core.images import export_image, inspect_image, make_thumbnail

    with tempfile.TemporaryDirectory(prefix="rwt-bench-") as tmp:
        path = Path(tmp) / "huge.jpg"
        im = Image.new("RGB", (8000, 6000), (90, 140, 200))
        im.paste((240, 200, 40), (0, 0, 4000, 6000))
        im.save(path, quality=85)
        del im
        steps = []
        for label, fn in [("inspect", lambda: inspect_image(path)),
                          ("256-pixel thumbnail", lambda: make_thumbnail(path, 256)),
                          ("2,048-pixel clean copy",
                           lambda: export_image(path, Path(tmp) / "out", max_side=2048))]:
            t0 = time.perf_counter()
            fn()
            steps.append(f"{label} {(time.perf_counter() - t0) * 1000:.0f} ms")
    print("an 8,000 x 6,000 JPEG (one run each): " + ", ".join(steps))


def _rwt_check() -> list[str]:
    """``rwt-check`` as the module (what the installed script runs, and the same for a copy
    of older code put first on PYTHONPATH for a before-and-after)."""
    return [sys.executable, "-m", "rwt_desktop.core.cli"]


def _posts_99() -> bytes:
    """99 posts as --jsonl lines: the 60 sample posts and the first 39 of the rules' dev set."""
    data = Path(__file__).resolve().parent.parent / "tests" / "data"
    lines = (data / "sample-posts.jsonl").read_text(encoding="utf-8").splitlines()
    lines += (data / "dev-corpus" / "policy-rules-dev.jsonl").read_text(
        encoding="utf-8").splitlines()[:39]
    posts = [json.loads(line) for line in lines if line.strip()][:99]
    return "".join(json.dumps({"id": p.get("id", n), "text": p["text"]}) + "\n"
                   for n, p in enumerate(posts)).encode()


def _wall(command: list[str], data: bytes, env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(command, input=data, capture_output=True, check=False, env=env)
    return time.perf_counter() - t0


def bench_startup(runs: int = 9) -> None:
    """Fresh processes with their own cache folder: the first run compiles the policy into
    it; the medians are of the runs after, as a person's every run after the first."""
    posts = _posts_99()
    one = post_of(280).encode()
    with tempfile.TemporaryDirectory(prefix="rwt-bench-cache-") as cache:
        env = dict(os.environ, RWT_CACHE_DIR=cache)
        env.pop("RWT_POLICY_DIR", None)
        first = _wall([*_rwt_check(), "--format", "json", "-"], one, env)
        imports, cold, batch = [], [], []
        for _ in range(runs):  # interleaved, so a busy moment hits all three alike
            imports.append(_wall([sys.executable, "-c", "import rwt_desktop.core.cli"], b"",
                                 env))
            cold.append(_wall([*_rwt_check(), "--format", "json", "-"], one, env))
            batch.append(_wall([*_rwt_check(), "--jsonl", "-"], posts, env))
    python = statistics.median(_wall([sys.executable, "-c", "pass"], b"", {})
                               for _ in range(runs))
    print(f"rwt-check, median of {runs} fresh processes (Python itself starts in "
          f"{python * 1000:.0f} ms):")
    print(f"  import rwt_desktop.core.cli: {statistics.median(imports) * 1000:.0f} ms")
    for label, times, target in [("one 280-char post from a cold start", cold, 0.2),
                                 ("99 posts in one --jsonl process", batch, 0.25)]:
        med = statistics.median(times)
        print(f"  {label}: {med * 1000:.0f} ms (target {target * 1000:.0f} ms, "
              f"ratio {med / target:.2f})")
    print(f"  the very first run, compiling the policy into the cache: {first * 1000:.0f} ms")


def _policy_from_cache() -> None:
    """The compiled policy read back from a cache folder, and a checker built from it, in a
    fresh process (so nothing is already in memory)."""
    try:
        import rwt_desktop.core.policy_cache  # noqa: F401
    except ImportError:  # older code (a before-and-after): nothing to measure
        return
    script = ("import sys, time\n"
              "from rwt_desktop.core.policy_cache import PolicyCache\n"
              "from rwt_desktop.core.checker import Checker\n"
              "from pathlib import Path\n"
              "cache = PolicyCache(Path(sys.argv[1]))\n"
              "t0 = time.perf_counter(); c = cache.load(); t1 = time.perf_counter()\n"
              "Checker(c.policy, analysis=c.analysis); t2 = time.perf_counter()\n"
              "cache.save(c)\n"
              "print(f'{(t1 - t0) * 1000:.1f} {(t2 - t1) * 1000:.1f} {int(c.from_cache)}')\n")
    with tempfile.TemporaryDirectory(prefix="rwt-bench-cache-") as cache:
        runs = [subprocess.run([sys.executable, "-c", script, cache], capture_output=True,
                               text=True, check=True).stdout.split() for _ in range(6)]
    cached = [r for r in runs if r[2] == "1"]
    print(f"  first start (no cache): read the policy {float(runs[0][0]):.0f} ms, build the "
          f"checker {float(runs[0][1]):.0f} ms")
    print(f"  later starts (from the cache), median: read the policy "
          f"{statistics.median(float(r[0]) for r in cached):.1f} ms, build the checker "
          f"{statistics.median(float(r[1]) for r in cached):.0f} ms")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=200)
    ap.add_argument("--startup-only", action="store_true",
                    help="only the fresh-process figures for rwt-check")
    args = ap.parse_args()
    if args.startup_only:
        bench_startup()
        return 0

    t0 = time.perf_counter()
    checker = default_checker()
    print(f"load and compile the policy: {(time.perf_counter() - t0) * 1000:.1f} ms "
          f"({len(checker.rules)} rules)")
    _policy_from_cache()
    checker.check(post_of(280))  # warm caches

    for label, base in [("typical community news", TYPICAL),
                        ("dense: a problem in every sentence", PARAGRAPH)]:
        print(label)
        print(f"{'post length':>12} {'median':>10} {'p95':>10} {'target':>8} {'ratio':>6}")
        for n, target, repeat in [(280, 1.0, args.repeat), (2200, 4.0, args.repeat),
                                  (63206, 100.0, max(args.repeat // 20, 7))]:
            text = post_of(n, base)
            med, p95 = median_ms(lambda t=text: checker.check(t), repeat)
            print(f"{n:>12,} {med:>8.2f}ms {p95:>8.2f}ms {target:>6.0f}ms {med / target:>6.2f}")

    print("awkward pastes (median of 3; target for 1 MB of short sentences 400 ms):")
    for label, text in [("80,000 chars, no full stops", "you " * 20000),
                        ("51,000 chars, a hostile @mention 3,000 times",
                         "@ab stop moaning " * 3000),
                        ("1 MB of one letter", "x" * 1_000_000),
                        ("1 MB of short sentences", short_sentences_1mb())]:
        med, _ = median_ms(lambda t=text: checker.check(t), 3)
        print(f"  {label}: {med:.0f} ms")

    # One category at a time (what each part costs with the rest switched off).
    categories = sorted({rule.spec.category for rule in checker.rules})
    print("one category at a time (check(..., categories=[c])), median:")
    print(f"  {'category':<18} {'280':>9} {'2,200':>9} {'63,206':>9}")
    for cat in categories:
        row = []
        for n, repeat in [(280, 51), (2200, 21), (63206, 5)]:
            text = post_of(n)
            med, _ = median_ms(lambda t=text, c=cat: checker.check(t, categories=[c]), repeat)
            row.append(f"{med:>7.2f}ms")
        print(f"  {cat:<18} {' '.join(row)}")

    # Character counting on its own: the window calls it on every keystroke.
    from rwt_desktop.core.channels import measure_all
    from rwt_desktop.core.twitter_text import extract_urls

    channels = checker.policy.channels
    counted = ("Our warm space is open every Tuesday \u2615 with soup and a chat! "
               "Details: https://www.example.org/warm-spaces #Rudheath "
               "\U0001f468\u200d\U0001f469 caf\u00e9 ")
    counted = (counted * (63206 // len(counted) + 1))[:63206]
    med, _ = median_ms(lambda: measure_all(counted, channels), 15)
    print(f"counting 63,206 chars for every channel (measure_all): median {med:.2f} ms")
    print("awkward text for counting (one run each):")
    for label, fn in [
        ("2,000 links, a 20,000-char word, 10,000 'y.' (extract_urls)",
         lambda: extract_urls(("x" * 20000 + " ") + ("see example.com/a " * 2000)
                              + "y." * 10000)),
        ("400,000 chars of decomposed accents (measure_all)",
         lambda: measure_all("Cafe\u0301 au lait. " * 20000, channels)),
        ("1 MB with emoji and hashtags (measure_all)",
         lambda: measure_all(("Lovely day at the allotments \U0001f955 #grow " * 30000)
                             [:1_000_000], channels)),
    ]:
        t0 = time.perf_counter()
        fn()
        print(f"  {label}: {(time.perf_counter() - t0) * 1000:.0f} ms")

    bench_images()

    bench_startup()

    per_rule = []
    text = post_of(2200)
    from rwt_desktop.core.rules import Context

    for rule in checker.rules:
        med, _ = median_ms(lambda r=rule: r.run(Context(text, checker.policy,
                                                        [c.id for c in checker.policy.channels])),
                           50)
        per_rule.append((med, rule.spec.id))
    per_rule.sort(reverse=True)
    print("slowest rules on a 2,200-char post (median, includes building a context):")
    for med, rid in per_rule[:8]:
        print(f"  {med:6.3f} ms  {rid}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
