#!/usr/bin/env python3
"""Speed of the checking core, printed as medians (never asserted: machines are noisy).

Targets from the issues: a 280-character post ≤ 2 ms, 2,200 ≤ 5 ms, 63,206 ≤ 150 ms
(in-process, every rule on), and `rwt-check` on one post from a cold start ≤ 0.5 s.
Also prints each category on its own, character counting for every channel, awkward text
for the counters, and a big photo through the image functions.

    python scripts/bench_core.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

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


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=200)
    args = ap.parse_args()

    t0 = time.perf_counter()
    checker = default_checker()
    print(f"load and compile the policy: {(time.perf_counter() - t0) * 1000:.1f} ms "
          f"({len(checker.rules)} rules)")
    checker.check(post_of(280))  # warm caches

    for label, base in [("typical community news", TYPICAL),
                        ("dense: a problem in every sentence", PARAGRAPH)]:
        print(label)
        print(f"{'post length':>12} {'median':>10} {'p95':>10} {'target':>8} {'ratio':>6}")
        for n, target, repeat in [(280, 2.0, args.repeat), (2200, 5.0, args.repeat),
                                  (63206, 150.0, max(args.repeat // 20, 7))]:
            text = post_of(n, base)
            med, p95 = median_ms(lambda t=text: checker.check(t), repeat)
            print(f"{n:>12,} {med:>8.2f}ms {p95:>8.2f}ms {target:>6.0f}ms {med / target:>6.2f}")

    print("awkward pastes (one run each):")
    for label, text in [("80,000 chars, no full stops", "you " * 20000),
                        ("51,000 chars, a hostile @mention 3,000 times",
                         "@ab stop moaning " * 3000),
                        ("1 MB of one letter", "x" * 1_000_000),
                        ("1 MB of short sentences", ("Lovely day. " * 90_000)[:1_000_000])]:
        t0 = time.perf_counter()
        checker.check(text)
        print(f"  {label}: {(time.perf_counter() - t0) * 1000:.0f} ms")

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

    # A fresh process each time, with its own cache folder: the first run works out every
    # pattern's trigger literals and saves them; later runs read them back.
    import os
    import tempfile

    with tempfile.TemporaryDirectory(prefix="rwt-bench-cache-") as cache:
        env = dict(os.environ, RWT_CACHE_DIR=cache)
        cold = []
        for _ in range(8):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "rwt_desktop.core.cli", "--format", "json",
                            "-"], input=post_of(280).encode(), capture_output=True, check=False,
                           env=env)
            cold.append(time.perf_counter() - t0)
    first, med = cold[0], statistics.median(cold[1:])
    print(f"rwt-check cold start, one 280-char post: median {med * 1000:.0f} ms "
          f"(target 500 ms, ratio {med / 0.5:.2f}); the very first run, before the pattern "
          f"cache exists: {first * 1000:.0f} ms")

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
