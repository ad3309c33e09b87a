"""The rule engine: turns the rules written as data into findings.

Most rules are phrases and patterns with a context (``requires``/``unless`` in the same
sentence); the engine runs those itself. Checks that need more than phrases (phone numbers,
checksums, disguised swearing, links, tone, lengths) are *detectors*, registered by name in
:mod:`~rwt_desktop.core.rules.registry` and named from the data with ``detector = "..."``.
Either way the rule's severity, message, clause, suggestions and examples stay in the data.

Nothing here imports Qt: the window runs this on a worker thread.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from rwt_desktop.core.findings import Finding
from rwt_desktop.core.policy import Policy, RuleSpec
from rwt_desktop.core.rules import sentence_windows
from rwt_desktop.core.rules.prefilter import FLAGS, is_word_char, occurs
from rwt_desktop.core.rules.registry import Hit, detector_class, known_detectors
from rwt_desktop.core.text import Sentences, normalise, undisguise_found

if TYPE_CHECKING:
    from rwt_desktop.core.rules.pattern_analysis import PatternAnalysis


#: Unicode categories of emoji and their joiners: symbols, marks, format characters.
_EMOJI_CATEGORIES = frozenset({"So", "Sk", "Mn", "Me", "Cf"})


def _trailing_emoji_end(text: str, end: int, reach: int = 12) -> int:
    """``end`` moved past the emoji that close a sentence after its full stop ("You have
    been warned. ☕"): they are part of how it reads, and an ``unless`` may name them."""
    stop = min(len(text), end + reach)
    i = end
    last = end
    while i < stop:
        c = text[i]
        if c.isspace() and c != "\n":
            i += 1
            continue
        if unicodedata.category(c) in _EMOJI_CATEGORIES:
            i += 1
            last = i
            continue
        break
    return last


class Context:
    """One post being checked, with what several rules need worked out once."""

    def __init__(self, text: str, policy: Policy, channels: Sequence[str] = (),
                 options: Mapping[str, Any] | None = None,
                 attachments: Sequence[Any] = ()) -> None:
        self.text = text
        #: Images attached to the post (rwt_desktop.core.images), for the image rules.
        self.attachments = tuple(attachments)
        self.norm = normalise(text)
        self.policy = policy
        self.channels = tuple(channels)
        #: Switches from the caller, e.g. {"personal_account": True}.
        self.options = dict(options or {})
        #: Results one detector leaves for the checker (the tone report, channel lengths).
        self.results: dict[str, Any] = {}
        self.sentences = Sentences(self.text)
        #: Every trigger literal the checker's rules use, and an automaton that finds them
        #: all in one pass; set by the checker, so each literal is looked for once per check
        #: rather than once per rule.
        self.trigger_universe: frozenset[str] = frozenset()
        self.trigger_finder: Any = None
        #: Whether a set of literals is all in :attr:`trigger_universe`, remembered (the
        #: checker passes its own, kept between checks): the subset test cost more than
        #: the answer it guards.
        self.in_universe: dict[frozenset[str], bool] = {}
        #: Categories already flagged at warn or block by the rules run so far (the learned
        #: layer, which runs last, stays quiet on those).
        self.flagged: set[str] = set()

    def sentence_at(self, pos: int) -> tuple[int, int]:
        return self.sentences.around(pos)

    def _literals_in(self, text: str,
                     ends: dict[str, list[int]] | None = None) -> frozenset[str]:
        """The trigger literals in ``text``; a word-start one (marked) only where it begins
        a word. ``ends`` is given where each literal (unmarked) ends, every occurrence in
        order, from the same pass."""
        if self.trigger_finder is None:
            return frozenset(t for t in self.trigger_universe if occurs(text, t))
        found: set[str] = set()
        # A literal the rules only need anywhere is simply noted; one they need at a word's
        # start is looked at until it is found there once (short ones occur on every line).
        for end, (literal, marked) in self.trigger_finder.iter(text):
            if ends is not None:
                if literal in found:
                    ends[literal].append(end)
                else:
                    ends[literal] = [end]
            if marked is None:
                found.add(literal)
            elif marked not in found:
                found.add(literal)
                start = end - len(literal) + 1
                if start == 0 or not is_word_char(text[start - 1]):
                    found.add(marked)
        found.update(t for t in self.trigger_finder.short if occurs(text, t))
        return frozenset(found)

    @cached_property
    def _located(self) -> tuple[frozenset[str], dict[str, list[int]]]:
        """(:attr:`present_literals`, where each literal the automaton knows ends in
        :attr:`lower`, as its last character's index, every occurrence in order; only in
        a post long enough to be searched by sentence, else none is located)."""
        ends: dict[str, list[int]] = {}
        located = ends if len(self.lower) >= sentence_windows.MIN_LENGTH else None
        return self._literals_in(self.lower, located), ends

    @cached_property
    def _located_plain(self) -> tuple[frozenset[str], dict[str, list[int]]]:
        """:attr:`_located` for :attr:`plain` (nothing when there is none)."""
        ends: dict[str, list[int]] = {}
        plain = self.plain
        if plain is None:
            return frozenset(), ends
        located = ends if len(plain) >= sentence_windows.MIN_LENGTH else None
        return self._literals_in(plain, located), ends

    @cached_property
    def _literal_starts(self) -> dict[str, list[int]]:
        return {literal: [end - len(literal) + 1 for end in ends]
                for literal, ends in self._located[1].items()}

    def literal_starts(self, literal: str) -> list[int] | None:
        """Where a trigger literal (unmarked) starts in :attr:`lower`, every occurrence in
        order, from one more pass of the automaton over the post; None for a literal it
        does not know. Only long posts ask: the windows around a pattern's literals are
        then found without searching the post once per literal."""
        finder = self.trigger_finder
        if finder is None or not finder.exists(literal):
            return None
        return self._literal_starts.get(literal, [])

    @cached_property
    def present_literals(self) -> frozenset[str]:
        """The trigger literals in the (lower-cased) post."""
        if self.trigger_finder is None:
            return self._literals_in(self.lower)
        return self._located[0]

    def sentence_windows(self, literals: frozenset[str], exact_case: bool,
                         in_plain: bool = False, all_of: Iterable[frozenset[str]] = ()
                         ) -> list[tuple[int, int]] | None:
        """The sentences of the post holding one of ``literals`` (unmarked) and one of each
        set in ``all_of``, as ranges of :attr:`plain` (``in_plain``), :attr:`lower`
        (``exact_case``) or :attr:`norm`; None when that is not known or they cover most
        of it (see :mod:`~rwt_desktop.core.rules.sentence_windows`)."""
        if self.trigger_finder is None or (not exact_case and self._folds_to_ascii):
            return None
        key = "plain" if in_plain else "lower" if exact_case else "norm"
        # Many patterns are set off by the same words of a post ("the", "you"): the
        # sentences holding those, and their ranges, are worked out once per check.
        present = (self._located_plain if in_plain else self._located)[0]
        found = literals.intersection(present)
        memo = self._windows_memo
        kept = memo.get((key, found))
        if kept is None:
            text = getattr(self, key)
            ends = self._sentence_ends.get(key)
            if ends is None:
                ends = self._sentence_ends[key] = sentence_windows.sentence_ends(text)
            picked = self._sentences_holding(found, ends, key)
            kept = memo[(key, found)] = (picked, None if picked is None else
                                         sentence_windows.windows(ends, picked, len(text)))
        picked, got = kept
        if picked is None:
            return None
        if got is not None or not all_of:
            return got
        # Too many to be worth it: the sentences that also hold the other words it needs
        # (not asked first, since finding them costs more than it saves on most posts).
        ends = self._sentence_ends[key]
        for needed in all_of:
            also = self._sentences_holding(needed, ends, key)
            if also is not None:  # (a set not located narrows nothing)
                picked = picked & also  # (a new set: the kept one is shared)
        return sentence_windows.windows(ends, picked, len(getattr(self, key)))

    def _sentences_holding(self, literals: frozenset[str], ends: list[int], key: str
                           ) -> set[int] | None:
        """The sentences of :attr:`plain`, :attr:`lower` or :attr:`norm` (``key``) holding
        one of ``literals`` (unmarked); None when one of those in the post is too short for
        the automaton, so not located. The set returned may be shared: never change it."""
        present, located = self._located_plain if key == "plain" else self._located
        known = self._holding.setdefault(key, {})  # each literal's, for every pattern
        picked: set[int] | None = None
        for literal in literals.intersection(present):
            sentences = known.get(literal)
            if sentences is None:
                found = located.get(literal)
                if found is None:
                    return None
                size = len(literal) - 1
                sentences = known[literal] = sentence_windows.sentences_holding(
                    ends, [end - size for end in found])
            # One literal (the usual case): its own set, not a copy.
            picked = sentences if picked is None else picked | sentences
        return set() if picked is None else picked

    @cached_property
    def _windows_memo(self) -> dict[tuple[str, frozenset[str]],
                                    tuple[set[int] | None, list[tuple[int, int]] | None]]:
        """:meth:`sentence_windows`' first answer for each text and set of the post's
        literals: (the sentences holding them, their ranges)."""
        return {}

    @cached_property
    def _holding(self) -> dict[str, dict[str, set[int]]]:
        return {}

    @cached_property
    def _sentence_ends(self) -> dict[str, list[int]]:
        """Where the sentences of :attr:`plain`, :attr:`lower` and :attr:`norm` end, by
        name, each worked out when first asked for."""
        return {}

    @cached_property
    def _folds_to_ascii(self) -> bool:
        """Whether the post holds a character outside ASCII that matches an ASCII letter
        when case is ignored ("ſ", dotless "ı"...) though its lower case is not that
        letter: a pattern run on :attr:`norm` might match there without its literal being
        in :attr:`lower`."""
        norm = self.norm
        return not norm.isascii() and any(c in norm for c in "\u0130\u0131\u017f\u212a")

    @cached_property
    def present_plain_literals(self) -> frozenset[str]:
        """The trigger literals in :attr:`plain` (none when there is nothing to undo)."""
        plain = self.plain
        if plain is None:
            return frozenset()
        if self.trigger_finder is None:
            return self._literals_in(plain)
        return self._located_plain[0]

    @cached_property
    def present_anywhere(self) -> frozenset[str]:
        """The trigger literals in the post as written or with its disguises undone: one
        pass of the automaton over each, then every rule's question is one set test."""
        return self.present_literals | self.present_plain_literals

    def _in_universe(self, literals: frozenset[str]) -> bool:
        known = self.in_universe.get(literals)
        if known is None:
            known = self.in_universe[literals] = literals <= self.trigger_universe
        return known

    def tracks(self, literals: frozenset[str]) -> bool:
        """Whether the one scan of the post (:attr:`present_anywhere`) looks for every one of
        ``literals``, so a set test answers for them."""
        return self._in_universe(literals)

    def any_present(self, literals: frozenset[str]) -> bool:
        """Whether one of ``literals`` (lower case; WORD_START-marked ones at a word's start)
        occurs in the post, as written or with its disguises undone (:attr:`plain`)."""
        # Asked a few hundred times a check: the remembered answer first, without a call.
        if self.in_universe.get(literals) or self._in_universe(literals):
            return not literals.isdisjoint(self.present_anywhere)
        if any(occurs(self.lower, t) for t in literals):
            return True
        plain = self.plain
        return plain is not None and any(occurs(plain, t) for t in literals)

    def in_plain(self, literals: frozenset[str]) -> bool:
        """Whether one of ``literals`` occurs in :attr:`plain` (False when there is none)."""
        if self._in_universe(literals):
            return not literals.isdisjoint(self.present_plain_literals)
        plain = self.plain
        return plain is not None and any(occurs(plain, t) for t in literals)

    @cached_property
    def _undisguised(self) -> tuple[str | None, list[tuple[int, int]], list[tuple[int, int]]]:
        # The swearing detector's scan already found every word with a digit or symbol in
        # it and every row of single letters: one scan serves both.
        from rwt_desktop.core.rules.offensive import scan_for_disguises

        tokens, rows = scan_for_disguises(self)
        plain, runs = undisguise_found(self.lower, tokens, rows)
        if plain == self.lower:
            return None, runs, []
        # Where undoing disguises changed the text: those of the words and rows it looked
        # at that read differently now.
        spans = sorted(span for span in [(start, start + len(token)) for start, token in tokens]
                       + [(start, end) for start, end, _row in rows]
                       if plain[span[0]:span[1]] != self.lower[span[0]:span[1]])
        return plain, runs, spans

    @property
    def disguise_spans(self) -> list[tuple[int, int]]:
        """The spans outside which :attr:`plain` is the same as :attr:`lower` (in order;
        none when there is no :attr:`plain`)."""
        return self._undisguised[2]

    @property
    def plain(self) -> str | None:
        """The lower-cased text with disguised spellings undone (same length), or None when
        there is nothing to undo. See :func:`rwt_desktop.core.text.undisguise`."""
        return self._undisguised[0]

    def stretch(self, end: int) -> int:
        """A match in :attr:`plain` ending inside a closed-up row of letters ends with it."""
        for s, e in self._undisguised[1]:
            if s < end <= e:
                return e
        return end

    @cached_property
    def lower(self) -> str:
        """Normalised text in lower case, same length (ASCII lowering keeps length)."""
        low = self.norm.lower()
        if len(low) == len(self.norm):
            return low
        return "".join(c.lower() if len(c.lower()) == 1 else c for c in self.norm)


def compile_any(patterns: Iterable[str],
                analysis: PatternAnalysis | None = None) -> re.Pattern[str] | None:
    """One expression matching any of ``patterns`` (whatever their case), or None."""
    patterns = list(patterns)
    if not patterns:
        return None
    joined = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(joined, FLAGS) if analysis is None else analysis.regex(joined, FLAGS)


class CompiledRule:
    """A rule ready to run: its detector plus the context filters from the data."""

    #: Findings one rule reports on one post. A paste that repeats a problem thousands of
    #: times is told about the first ones, and nobody's window fills with underlines.
    MAX_FINDINGS = 200

    def __init__(self, spec: RuleSpec, policy: Policy,
                 analysis: PatternAnalysis | None = None) -> None:
        """``analysis`` is the policy's pattern analysis (see
        :mod:`~rwt_desktop.core.rules.pattern_analysis`); without one, the phrase rules work
        theirs out afresh."""
        self.spec = spec
        name = spec.detector or "phrases"
        detector_cls = detector_class(name)
        if detector_cls is None:
            from rwt_desktop.core.policy import PolicyError

            raise PolicyError(spec.file, spec.line,
                              f'rule "{spec.id}": there is no detector called "{name}" '
                              f"(known: {', '.join(sorted(known_detectors()))})")
        self.detector = detector_cls.build(spec, policy, analysis)
        self._analysis = analysis
        self.triggers = self.detector.triggers
        self._context_compiled = False
        self._requires: re.Pattern[str] | None = None
        self._unless: re.Pattern[str] | None = None

    def _compile_context(self) -> None:
        self._requires = compile_any(self.spec.requires, self._analysis)
        self._unless = compile_any(self.spec.unless, self._analysis)
        self._context_compiled = True

    @property
    def requires(self) -> re.Pattern[str] | None:
        if not self._context_compiled:
            self._compile_context()
        return self._requires

    @property
    def unless(self) -> re.Pattern[str] | None:
        if not self._context_compiled:
            self._compile_context()
        return self._unless

    #: How far either side of a hit ``requires``/``unless`` look within its sentence. A
    #: sentence is usually far shorter; the cap keeps a pasted wall of text with no full
    #: stops from costing (hits x sentence length).
    CONTEXT_REACH = 300

    def _window(self, ctx: Context, hit: Hit) -> str:
        s, e = ctx.sentence_at(hit.start)
        s = max(s, hit.start - self.CONTEXT_REACH)
        e = min(max(e, hit.end), hit.end + self.CONTEXT_REACH)
        return ctx.norm[s:_trailing_emoji_end(ctx.norm, e)]

    def _passes(self, window: str) -> bool:
        if self.requires is not None and not self.requires.search(window):
            return False
        return self.unless is None or not self.unless.search(window)

    def run(self, ctx: Context) -> list[Finding]:
        if self.triggers is not None and not ctx.any_present(self.triggers):
            return []
        return self.findings(ctx)

    def findings(self, ctx: Context) -> list[Finding]:
        """:meth:`run` without its first test, for a caller that has already found one of
        the rule's :attr:`triggers` in the post (the checker tests every rule at once)."""
        out: list[Finding] = []
        last_end = -1
        post_ok: bool | None = None
        hits = sorted(self.detector.find(ctx), key=lambda h: (h.start, -h.end))
        for hit in hits:
            if hit.image:
                out.append(self._finding(ctx, hit))
                continue
            if not (0 <= hit.start < hit.end <= len(ctx.text)):
                continue
            if hit.start < last_end:  # overlapping hits of one rule read as one finding
                continue
            if self.requires is not None or self.unless is not None:
                if self.spec.scope == "post":  # the whole post: decide once per check
                    if post_ok is None:
                        post_ok = self._passes(ctx.norm)
                    if not post_ok:
                        break
                elif not self._passes(self._window(ctx, hit)):
                    continue
            out.append(self._finding(ctx, hit))
            last_end = hit.end
            if len(out) >= self.MAX_FINDINGS:
                break
        return out

    def _finding(self, ctx: Context, hit: Hit) -> Finding:
        spec = self.spec
        severity, message, suggestions, advice = (
            spec.severity, spec.message, spec.suggestions, spec.advice)
        if hit.variant:
            v = spec.variants.get(hit.variant)
            if v is not None:
                severity, message = v.severity, v.message
                suggestions = v.suggestions or suggestions
                advice = v.advice or advice
        if hit.severity is not None:
            severity = hit.severity
        matched = "" if hit.image else ctx.text[hit.start:hit.end]
        if hit.advice is not None:
            advice = hit.advice
        if hit.suggestions is not None:
            suggestions = hit.suggestions
        elif spec.replacements:
            key = " ".join(ctx.norm[hit.start:hit.end].lower().split())
            suggestions = spec.replacements.get(key, suggestions)
        params = {"match": matched, **hit.params}
        for key, value in params.items():
            message = message.replace("{" + key + "}", value)
        return Finding(
            rule=spec.id,
            category=spec.category,
            severity=severity,
            start=hit.start,
            end=hit.end,
            text=matched,
            message=message,
            clause=spec.clause,
            suggestions=tuple(suggestions),
            advice=advice,
            image=hit.image,
        )
