"""Channel limits: too long, too many hashtags, characters a channel refuses, a long title.

One detector, ``channel_length``, serves the rules in ``resources/rules/length.toml``; each
rule picks what it checks with ``options.check``:

* ``"limit"``: the post is longer than a chosen channel allows. One finding, from the first
  character past the tightest limit to the end; the message names that channel and the amount
  to cut, and lists any other chosen channel the post is also too long for.
* ``"hashtags"``: more hashtags than a channel allows (Instagram: 5). One finding on each
  hashtag past the allowance.
* ``"forbidden"``: characters a channel does not accept (YouTube descriptions: ``<`` and
  ``>``). One finding on each (a run of them together is one finding).
* ``"title"``: the first line is longer than the channel's title limit (YouTube: 100). One
  finding on the part of that line past the limit.

Only the channels the caller chose (``ctx.channels``) are checked. Whatever rule runs first
also leaves ``ctx.results["channels"] = {channel_id: ChannelLength}`` for every chosen
channel, which the checker turns into the report's "channels" counters.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rwt_desktop.core.channels import (
    find_forbidden,
    find_hashtags,
    measure_all,
    measure_title,
    title_span,
)
from rwt_desktop.core.findings import ChannelLength
from rwt_desktop.core.policy import Channel, Policy, PolicyError, RuleSpec
from rwt_desktop.core.rules.engine import Context
from rwt_desktop.core.rules.registry import Detector, Hit, register

CHECKS = ("limit", "hashtags", "forbidden", "title")
#: At most this many findings for hashtags or refused characters, so a pasted page of markup
#: cannot bury the window in thousands of identical findings.
MAX_HITS = 200


def _n(value: int) -> str:
    return f"{value:,}"


def _plural(count: int, one: str, many: str) -> str:
    return f"{_n(count)} {one if count == 1 else many}"


@register("channel_length")
class ChannelLengthDetector(Detector):
    """Checks the post against the limits of the channels it is meant for."""

    def __init__(self, spec: RuleSpec, policy: Policy) -> None:
        super().__init__(spec, policy)
        check = spec.options.get("check", "limit")
        if check not in CHECKS:
            raise PolicyError(spec.file, spec.line,
                              f'rule "{spec.id}": options.check must be one of '
                              f"{', '.join(CHECKS)}, not {check!r}")
        self.check: str = check
        self._by_id = {ch.id: ch for ch in policy.channels}

    # ------------------------------------------------------------------ shared

    def _chosen(self, ctx: Context) -> list[Channel]:
        seen: dict[str, Channel] = {}
        for cid in ctx.channels:
            ch = self._by_id.get(cid)
            if ch is not None and cid not in seen:
                seen[cid] = ch
        return list(seen.values())

    @staticmethod
    def lengths(ctx: Context, chosen: list[Channel]) -> dict[str, ChannelLength]:
        """Every chosen channel's length, worked out once per check and kept in ctx.results."""
        cached = ctx.results.get("channels")
        if isinstance(cached, dict) and all(ch.id in cached for ch in chosen):
            return cached
        lengths = measure_all(ctx.text, chosen)
        ctx.results["channels"] = lengths
        return lengths

    def find(self, ctx: Context) -> Iterable[Hit]:
        chosen = self._chosen(ctx)
        lengths = self.lengths(ctx, chosen)
        if not chosen or not ctx.text:
            return ()
        if self.check == "limit":
            return self._limit(ctx, chosen, lengths)
        if self.check == "hashtags":
            return self._hashtags(ctx, chosen)
        if self.check == "forbidden":
            return self._forbidden(ctx, chosen)
        return self._title(ctx, chosen)

    # ------------------------------------------------------------------ checks

    def _limit(self, ctx: Context, chosen: list[Channel],
               lengths: dict[str, ChannelLength]) -> Iterator[Hit]:
        over = [(lengths[ch.id], ch) for ch in chosen
                if lengths[ch.id].overflow_start is not None]
        if not over:
            return
        # The channel whose limit is reached first decides the span; the others are named.
        over.sort(key=lambda item: (item[0].overflow_start, item[0].limit))
        first, channel = over[0]
        start = first.overflow_start
        assert start is not None
        if start >= len(ctx.text):  # only possible through normalisation; keep the span real
            start = max(0, len(ctx.text) - 1)
        also = ""
        if len(over) > 1:
            names = [f"{ch.name} (by {_n(cl.length - cl.limit)})" for cl, ch in over[1:]]
            listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            also = f" It is also too long for {listed}."
        yield Hit(start, len(ctx.text), params={
            "channel": channel.name,
            "length": _n(first.length),
            "limit": _n(first.limit),
            "over": _n(first.length - first.limit),
            "also": also,
        })

    def _hashtags(self, ctx: Context, chosen: list[Channel]) -> Iterator[Hit]:
        capped = sorted((ch for ch in chosen if ch.max_hashtags is not None),
                        key=lambda ch: ch.max_hashtags or 0)
        if not capped:
            return
        tags = find_hashtags(ctx.text)
        for ch in capped:
            allowed = ch.max_hashtags or 0
            if len(tags) <= allowed:
                continue
            extra = len(tags) - allowed
            for number, (start, end) in enumerate(tags[allowed:allowed + MAX_HITS],
                                                  allowed + 1):
                yield Hit(start, end, params={
                    "channel": ch.name,
                    "max": _n(allowed),
                    "count": _n(len(tags)),
                    "extra": _n(extra),
                    "extra_hashtags": _plural(extra, "hashtag", "hashtags"),
                    "number": _n(number),
                })

    def _forbidden(self, ctx: Context, chosen: list[Channel]) -> Iterator[Hit]:
        for ch in chosen:
            for start, end in find_forbidden(ctx.text, ch)[:MAX_HITS]:
                yield Hit(start, end, params={"channel": ch.name})

    def _title(self, ctx: Context, chosen: list[Channel]) -> Iterator[Hit]:
        for ch in chosen:
            title = measure_title(ctx.text, ch)
            if title is None or title.overflow_start is None:
                continue
            _, line_end = title_span(ctx.text)
            if line_end <= title.overflow_start:
                continue
            yield Hit(title.overflow_start, line_end, params={
                "channel": ch.name,
                "length": _n(title.length),
                "limit": _n(title.limit),
                "over": _n(title.length - title.limit),
            })
