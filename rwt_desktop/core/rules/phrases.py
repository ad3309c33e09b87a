"""The default detector: a rule's phrases and patterns, wherever they occur in a post."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rwt_desktop.core.policy import Policy, RuleSpec
from rwt_desktop.core.rules import sentence_windows, windowing
from rwt_desktop.core.rules.engine import Context
from rwt_desktop.core.rules.pattern_analysis import PatternAnalysis, is_text
from rwt_desktop.core.rules.prefilter import FLAGS, plain_literal
from rwt_desktop.core.rules.registry import Detector, Hit, register


def phrase_body(phrase: str) -> str:
    """A plain phrase as an any-spacing regular expression (without word bounds).

    "off the record" also matches "Off  the\nrecord"; "drop-in" also "drop in" and "dropin".
    """
    parts = []
    for word in phrase.strip().split():
        word = re.escape(word).replace(r"\-", r"[-\s]?").replace("'", "'?")
        parts.append(word)
    return r"\s+".join(parts)


def phrases_regex(phrases: Iterable[str]) -> str | None:
    """Whole-word matching of many phrases in one expression.

    The word bound sits outside the alternation: Python's engine then tests it once per
    position instead of once per phrase, which measured 8x faster for twenty phrases.
    """
    bodies = [phrase_body(p) for p in phrases if p.strip()]
    if not bodies:
        return None
    # Longest first, so "strictly confidential" wins over "confidential" at one position.
    bodies.sort(key=len, reverse=True)
    return rf"(?<![\w@#])(?:{'|'.join(bodies)})(?!\w)"


def _kept_phrases_regex(phrases: Sequence[str], analysis: PatternAnalysis) -> str | None:
    """:func:`phrases_regex`, kept with the policy's cache (the key is the phrases
    themselves): escaping and joining every rule's phrases was a part of each start."""
    if not phrases:
        return phrases_regex(phrases)
    kept = analysis.prepared("phrases.regex\0" + "\0".join(phrases),
                             lambda: phrases_regex(phrases) or "", is_text)
    return kept or None


class _Search:
    """One pattern of a phrase rule, compiled the first time a post needs it.

    Most patterns are skipped for most posts (their literals are not there), so compiling
    them all up front was most of ``rwt-check``'s start-up time.
    """

    __slots__ = ("_analysis", "_located", "_regex", "all_of", "on_lower", "pattern",
                 "sentence_margin", "triggers")

    def __init__(self, pattern: str, triggers: frozenset[str] | None, on_lower: bool,
                 all_of: tuple[frozenset[str], ...] = (),
                 analysis: PatternAnalysis | None = None,
                 sentence_margin: int | None = None) -> None:
        self.pattern = pattern
        #: Compiles it (from kept code when the policy cache has some).
        self._analysis = analysis
        self.triggers = triggers
        #: Its matches stay within a sentence: a post is searched only in the sentences
        #: holding one of :attr:`located` (the triggers unmarked), its look-aheads given
        #: this many characters more (see :mod:`~rwt_desktop.core.rules.sentence_windows`).
        self.sentence_margin = sentence_margin if triggers is not None else None
        self._located: tuple[frozenset[str], tuple[frozenset[str], ...]] | None = None
        #: Literal sets one of each of which must be present (proximity terms, and every
        #: part the pattern cannot do without).
        self.all_of = all_of
        #: Runs on ``ctx.lower`` without IGNORECASE (else on ``ctx.norm`` with it).
        self.on_lower = on_lower
        self._regex: re.Pattern[str] | None = None

    @property
    def located(self) -> frozenset[str]:
        """The triggers without word-start marks (worked out when a long post first asks:
        for every pattern at each start, it was a part of building the checker)."""
        return self._unmarked()[0]

    @property
    def located_all_of(self) -> tuple[frozenset[str], ...]:
        """:attr:`all_of` without word-start marks."""
        return self._unmarked()[1]

    def _unmarked(self) -> tuple[frozenset[str], tuple[frozenset[str], ...]]:
        if self._located is None:
            self._located = (frozenset(plain_literal(t) for t in self.triggers or ()),
                             tuple(frozenset(plain_literal(t) for t in needed)
                                   for needed in self.all_of))
        return self._located

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:  # a race only compiles twice; the result is the same
            flags = re.UNICODE if self.on_lower else FLAGS
            self._regex = (re.compile(self.pattern, flags) if self._analysis is None
                           else self._analysis.regex(self.pattern, flags))
        return self._regex


@register("phrases")
class PhraseDetector(Detector):
    """The default: the rule's phrases and patterns, wherever they occur.

    Each pattern is kept apart with the literals it needs, so a post is only searched with
    the patterns whose words are in it (one substring test per literal), and a long post
    only near those words (see :mod:`rwt_desktop.core.rules.windowing`).
    """

    def __init__(self, spec: RuleSpec, policy: Policy,
                 analysis: PatternAnalysis | None = None) -> None:
        super().__init__(spec, policy)
        analysis = analysis if analysis is not None else PatternAnalysis()
        phrases = _kept_phrases_regex(spec.phrases, analysis)
        patterns = ([phrases] if phrases else []) + list(spec.patterns)
        self.searches = []
        for p in patterns:
            found = analysis.get(p)
            self.searches.append(_Search(p, found.triggers, found.on_lower, found.all_of,
                                         analysis, found.sentence_margin))
        every = [s.triggers for s in self.searches]
        self.triggers = (None if any(t is None for t in every)
                         else frozenset().union(*every) if every else None)
        #: Which searches each literal sets off, and those that always run: a post's live
        #: searches are then found with one set intersection, not a test per search.
        self._literals = frozenset().union(*(t for t in every if t is not None))
        self._by_literal: dict[str, list[int]] = {}
        for i, t in enumerate(every):
            for literal in t or ():
                self._by_literal.setdefault(literal, []).append(i)
        self._always = [i for i, t in enumerate(every) if t is None]
        #: Every literal :meth:`_live` asks about (the other words searches need too): when
        #: the post's one scan looks for them all, set tests answer for each.
        self._tracked = self._literals.union(
            *(needed for search in self.searches for needed in search.all_of))
        #: The searches one literal sets off, with those that always run, in order: worked
        #: out when a post first holds it (most posts hold only one of a rule's words).
        self._set_off: dict[str, list[_Search]] = {}

    @classmethod
    def build(cls, spec: RuleSpec, policy: Policy,
              analysis: PatternAnalysis | None = None) -> PhraseDetector:
        return cls(spec, policy, analysis)

    def _live(self, ctx: Context) -> list[_Search]:
        """The searches that may match the post, in order: those whose trigger literals are
        in it (or that have none) and that find one of each set of words they also need."""
        if not ctx.tracks(self._tracked):
            return [s for s in self.searches
                    if (s.triggers is None or ctx.any_present(s.triggers))
                    and all(ctx.any_present(needed) for needed in s.all_of)]
        # The same tests as above, made on the post's literals directly (ctx.any_present
        # gives this answer for every literal the one scan looks for).
        present = ctx.present_anywhere
        found = self._literals.intersection(present)
        if len(found) == 1:
            candidates = self._set_off_by(next(iter(found)))
        else:
            picked = set(self._always)
            for literal in found:
                picked.update(self._by_literal[literal])
            candidates = [self.searches[i] for i in sorted(picked)]
        return [s for s in candidates
                if not s.all_of or all(not needed.isdisjoint(present) for needed in s.all_of)]

    def _set_off_by(self, literal: str) -> list[_Search]:
        """The searches ``literal`` sets off and those that always run, in order."""
        searches = self._set_off.get(literal)
        if searches is None:
            picked = sorted({*self._always, *self._by_literal[literal]})
            searches = self._set_off[literal] = [self.searches[i] for i in picked]
        return searches

    def find(self, ctx: Context) -> Iterable[Hit]:
        lower = ctx.lower
        long_post = len(lower) >= windowing.MIN_WINDOWED_LENGTH
        by_sentence = len(lower) >= sentence_windows.MIN_LENGTH
        for search in self._live(ctx):
            triggers = search.triggers
            text = lower if search.on_lower else ctx.norm
            if by_sentence and search.sentence_margin is not None:
                sentences = ctx.sentence_windows(search.located, search.on_lower,
                                                 all_of=search.located_all_of)
                if sentences is not None:
                    for start, end in sentence_windows.matches_in(
                            search.regex, text, sentences, search.sentence_margin):
                        yield Hit(start, end)
                    continue
            windows = (windowing.literal_windows(lower, triggers, ctx.literal_starts)
                       if long_post and triggers is not None else None)
            if windows is None:
                spans: Iterable[tuple[int, int]] = (
                    m.span() for m in search.regex.finditer(text) if m.end() > m.start())
            else:
                spans = windowing.windowed_matches(search.regex, text, windows)
            for start, end in spans:
                yield Hit(start, end)
        if ctx.plain is not None:
            yield from self._find_disguised(ctx)

    def _find_disguised(self, ctx: Context) -> Iterable[Hit]:
        """Matches that only show once disguises are undone ("v3rm1n", "k i l l").

        A long post is searched only around its disguised words, as :meth:`find` searches
        it only around a pattern's literals: elsewhere the undone text is the post itself.
        """
        plain = ctx.plain
        assert plain is not None
        windows = (windowing.around_spans(ctx.disguise_spans, len(plain))
                   if len(plain) >= windowing.MIN_WINDOWED_LENGTH else None)
        for search in self.searches:
            if search.triggers is not None and not ctx.in_plain(search.triggers):
                continue
            if search.all_of and not all(ctx.any_present(t) for t in search.all_of):
                continue
            subject = ctx.lower if search.on_lower else ctx.norm
            # A short post: only the sentences holding the pattern's words (in the undone
            # text), when its matches stay within one.
            sentences = (None if windows is not None or search.sentence_margin is None
                         or len(plain) < sentence_windows.MIN_LENGTH
                         else ctx.sentence_windows(search.located, search.on_lower, True,
                                                   search.located_all_of))
            spans: Iterable[tuple[int, int]]
            if sentences is not None:
                spans = sentence_windows.matches_in(search.regex, plain, sentences,
                                                    search.sentence_margin or 0)
            elif windows is None:
                spans = (m.span() for m in search.regex.finditer(plain) if m.end() > m.start())
            else:
                spans = windowing.windowed_matches(search.regex, plain, windows)
            for start, stop in spans:
                if not search.regex.match(subject, start):
                    end = ctx.stretch(stop)
                    while end > start and ctx.text[end - 1].isspace():
                        end -= 1
                    yield Hit(start, end)
