"""How fast Harper answers, and what it costs in memory.

Prints medians for a 280-character post:

* the check itself (``HarperEngine.check``, which includes masking, the dictionary filter and
  building Findings);
* a runner round trip: from the moment the typing pause ends (``GrammarRunner.submit``) to
  the result callback on the worker thread, i.e. what the window waits for after its pause
  timer fires (target 150 ms end to end);
* the resident memory added by constructing a Harper ``Linter`` (RSS before and after), and
  the time that construction takes (it happens on a background thread).

Usage: ``.venv/bin/python scripts/bench_grammar.py [--runs N]``
"""

from __future__ import annotations

import argparse
import gc
import statistics
import threading
import time


def rss_mb() -> float:
    try:
        import psutil

        return psutil.Process().memory_info().rss / 2**20
    except ImportError:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    return float("nan")


POST = ("Come along to the café in Rudheath on Saturday for tea, cake and a natter with your "
        "neighbours 🎉 Everyone is welcome, whatever your age. Bring a friend, and help us plan "
        "the summer fun day at Witton park. Thank you to the volunteers who made it hapen last "
        "year! See you there, #RWT")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    post = POST[:280]

    from rwt_desktop.core.policy import builtin_policy

    words = builtin_policy().local_words
    import harper  # noqa: F401 (import cost is not the engine's idle memory)

    from rwt_desktop.core.grammar import GrammarRunner
    from rwt_desktop.core.grammar.harper_engine import HarperEngine

    gc.collect()
    before = rss_mb()
    began = time.perf_counter()
    engine = HarperEngine(words)
    engine.wait_until_started()
    construct = time.perf_counter() - began
    gc.collect()
    after = rss_mb()

    engine.check(post)  # warm-up
    checks = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        result = engine.check(post)
        checks.append(time.perf_counter() - t0)
    assert result.checked

    runner = GrammarRunner(engine)
    trips = []
    done = threading.Event()
    for rev in range(args.runs):
        done.clear()
        t0 = time.perf_counter()
        runner.submit(post, rev, lambda r: done.set())
        done.wait(5)
        trips.append(time.perf_counter() - t0)
    runner.close()
    engine.close()

    def ms(values: list[float]) -> str:
        q = statistics.quantiles(values, n=20)
        return (f"median {statistics.median(values) * 1000:.2f} ms, "
                f"p95 {q[18] * 1000:.2f} ms")

    print(f"post: {len(post)} characters, {len(result.findings)} findings "
          f"({', '.join(f.text for f in result.findings)})")
    print(f"Harper check itself:            {ms(checks)}  ({args.runs} runs)")
    print(f"pause -> result via the runner: {ms(trips)}  (target <= 150 ms)")
    print(f"Linter construction:            {construct * 1000:.0f} ms (background thread)")
    print(f"idle memory added by Harper:    {after - before:.1f} MB RSS "
          f"({before:.1f} -> {after:.1f} MB)")


if __name__ == "__main__":
    main()
