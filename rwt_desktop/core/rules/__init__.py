"""The rule engine: turns the rules written as data into findings.

Most rules are phrases and patterns with a context (``requires``/``unless`` in the same
sentence); the engine runs those itself. Checks that need more than phrases (phone numbers,
checksums, disguised swearing, links, tone, lengths) are *detectors*: small classes registered
here by name and named from the data with ``detector = "..."``. Either way the rule's
severity, message, clause, suggestions and examples stay in the data.

Nothing here imports Qt: the window runs this on a worker thread.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar

from rwt_desktop.core.findings import Finding, Severity
from rwt_desktop.core.policy import Policy, RuleSpec
from rwt_desktop.core.rules import windowing
from rwt_desktop.core.text import Sentences, normalise, undisguise_found
from rwt_desktop.core.vocabulary import proximity_terms

FLAGS = re.IGNORECASE | re.UNICODE


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a detector matched, and which of the rule's outcomes applies."""

    start: int
    end: int
    #: Key into the rule's ``variants``; "" for the rule's own severity and message.
    variant: str = ""
    #: Replacements worked out by the detector (they win over the data's): words that take
    #: the place of the hit's text, never advice.
    suggestions: tuple[str, ...] | None = None
    #: Advice worked out by the detector for this hit (wins over the data's advice).
    advice: str | None = None
    #: Values for ``{name}`` placeholders in the message.
    params: Mapping[str, str] = field(default_factory=dict)
    #: A severity worked out by the detector (graded swearing); wins over the variant's.
    severity: Severity | None = None
    #: For a finding about an attached image: which one (then start == end == 0).
    image: str = ""


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
        #: Categories already flagged at warn or block by the rules run so far (the learned
        #: layer, which runs last, stays quiet on those).
        self.flagged: set[str] = set()

    def sentence_at(self, pos: int) -> tuple[int, int]:
        return self.sentences.around(pos)

    @cached_property
    def present_literals(self) -> frozenset[str]:
        """The trigger literals in the post; a word-start one (marked) only where it begins
        a word."""
        lower = self.lower
        if self.trigger_finder is None:
            return frozenset(t for t in self.trigger_universe if _occurs(lower, t))
        found: set[str] = set()
        for end, literal in self.trigger_finder.iter(lower):
            found.add(literal)
            start = end - len(literal) + 1
            if start == 0 or not _is_word_char(lower[start - 1]):
                found.add(WORD_START + literal)
        return frozenset(found)

    def any_present(self, literals: frozenset[str]) -> bool:
        """Whether one of ``literals`` (lower case; WORD_START-marked ones at a word's start)
        occurs in the post, as written or with its disguises undone (:attr:`plain`)."""
        if literals <= self.trigger_universe:
            found = not literals.isdisjoint(self.present_literals)
        else:
            found = any(_occurs(self.lower, t) for t in literals)
        if found or self.plain is None:
            return found
        return any(_occurs(self.plain, t) for t in literals)

    @cached_property
    def _undisguised(self) -> tuple[str | None, list[tuple[int, int]]]:
        # The swearing detector's scan already found every word with a digit or symbol in
        # it and every row of single letters: one scan serves both.
        from rwt_desktop.core.rules.offensive import scan_for_disguises

        tokens, rows = scan_for_disguises(self)
        plain, runs = undisguise_found(self.lower, tokens, rows)
        return (None if plain == self.lower else plain), runs

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


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _occurs(lower: str, trigger: str) -> bool:
    if not trigger.startswith(WORD_START):
        return trigger in lower
    literal = trigger[1:]
    i = lower.find(literal)
    while i != -1:
        if i == 0 or not _is_word_char(lower[i - 1]):
            return True
        i = lower.find(literal, i + 1)
    return False


class Detector:
    """Base for checks written in Python. Subclasses implement :meth:`find`."""

    name: ClassVar[str] = ""

    #: Literals one of which must be in the (lower-cased) post for this detector to find
    #: anything; None means always run. Set by detectors that can tell.
    triggers: frozenset[str] | None = None

    #: Run after every other rule (the learned layer, which defers to the rules).
    runs_last: ClassVar[bool] = False

    def __init__(self, spec: RuleSpec, policy: Policy) -> None:
        self.spec = spec
        self.policy = policy

    def find(self, ctx: Context) -> Iterable[Hit]:  # pragma: no cover - interface
        raise NotImplementedError


DETECTORS: dict[str, type[Detector]] = {}


def register(name: str) -> Callable[[type[Detector]], type[Detector]]:
    def deco(cls: type[Detector]) -> type[Detector]:
        cls.name = name
        DETECTORS[name] = cls
        return cls

    return deco


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


try:  # the stdlib regex parser, internal but stable since 3.11
    from re import _constants as _CONSTANTS  # type: ignore[attr-defined]
    from re import _parser as _PARSER  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _PARSER = _CONSTANTS = None
_MIN_TRIGGER = 3

_Lits = frozenset[str]


#: Marks a trigger literal that the pattern needs at the start of a word ("\bpain" must not
#: be set off by "repainted"). Never searched for in text: see Context.present_literals.
WORD_START = "\x00"


def plain_literal(trigger: str) -> str:
    return trigger[1:] if trigger.startswith(WORD_START) else trigger


def _size(trigger: str) -> int:
    return len(plain_literal(trigger))


#: Words so common in posts that a pattern triggered by them runs on nearly every post.
#: A set of literals free of them is preferred when a pattern offers one (any set the
#: pattern cannot match without is equally correct; this only chooses the quickest).
_COMMON_WORDS = frozenset("""
    a about after all also an and any are as at back be been but by can come could day did
    do for free from get go going good got had has have he help her here him his how i if in
    into is it its just know like little make many more most much my need needs new no not
    now of on one only open or our out over people please see she so some take than that the
    their them then there they this time to up us was we were what when which who will with
    would you your
    """.split())  # noqa: SIM905 - a word list reads better as text


def _common(literal: str) -> bool:
    words = plain_literal(literal).split()
    return not words or all(w in _COMMON_WORDS for w in words)


def _best(candidates: list[_Lits]) -> _Lits | None:
    """The most selective of several alternative literal sets: one without common words;
    then the longest shortest member; then sets that need a word start; then the smaller."""
    usable = [c for c in candidates if c and min(_size(x) for x in c) >= _MIN_TRIGGER]
    if not usable:
        return None
    return max(usable, key=lambda c: (not any(_common(x) for x in c),
                                      min(_size(x) for x in c),
                                      all(x.startswith(WORD_START) for x in c), -len(c)))


def _is_space_class(op: Any, av: Any) -> bool:
    c = _CONSTANTS
    if op is c.IN:
        return bool(av) and all((o is c.CATEGORY and a is c.CATEGORY_SPACE)
                                or (o is c.LITERAL and chr(a).isspace()) for o, a in av)
    if op is c.LITERAL:
        return chr(av).isspace()
    return False


def _starts_word(op: Any, av: Any) -> bool:
    """Whether a zero-width item puts the next character at the start of a word."""
    c = _CONSTANTS
    if op is c.AT:
        return av in (c.AT_BOUNDARY, c.AT_BEGINNING, c.AT_BEGINNING_STRING)
    if op is c.ASSERT_NOT and av[0] == -1:  # (?<![\w...]) : no word character before
        inner = list(av[1])
        return (len(inner) == 1 and inner[0][0] is c.IN
                and any(o is c.CATEGORY and a is c.CATEGORY_WORD for o, a in inner[0][1]))
    return False


def _ends_in_space(items: list[Any]) -> bool:
    """Whether every way through ``items`` ends with white space (so a word starts next)."""
    c = _CONSTANTS
    if not items:
        return False
    op, av = items[-1]
    if _is_space_class(op, av):
        return True
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
        return av[0] >= 1 and _ends_in_space(list(av[2]))
    if op is c.SUBPATTERN:
        return _ends_in_space(list(av[-1]))
    if op is c.BRANCH:
        return all(_ends_in_space(list(b)) for b in av[1])
    return False


def _required(items: list[Any], at_word: bool = False) -> _Lits | None:
    """A set of literals one of which every match of this sequence must contain.

    Looks at each part the sequence cannot do without (a run of literal characters, a group,
    a branch, a repeat of at least one) and keeps the most selective. None when no part
    gives a usable literal. ``at_word`` says the sequence starts at the start of a word; a
    run of letters that must start a word is marked with WORD_START.
    """
    c = _CONSTANTS
    candidates: list[_Lits] = []
    run: list[str] = []
    run_at_word = False

    def flush() -> None:
        if run:
            text = "".join(run).lower()
            marked = run_at_word and text[:1].isalnum()
            candidates.append(frozenset({WORD_START + text if marked else text}))
            run.clear()

    for op, av in items:
        if op is c.LITERAL:
            if not run:
                run_at_word = at_word
            run.append(chr(av))
            at_word = chr(av).isspace()
            continue
        flush()
        got: _Lits | None = None
        after = False
        if op is c.SUBPATTERN:
            got = _required(list(av[-1]), at_word)
        elif op is c.BRANCH:
            got = _branches(av[1], at_word)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            body = list(av[2])
            if av[0] >= 1:
                got = _required(body, at_word)
                after = _ends_in_space(body)
            else:  # optional: the next part starts here or after it
                after = at_word and _ends_in_space(body)
        elif op is getattr(c, "ATOMIC_GROUP", None):
            got = _required(list(av), at_word)
        elif _starts_word(op, av):
            after = True
        elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            after = at_word  # other zero-width checks leave the position as it was
        elif _is_space_class(op, av):
            after = True
        if op is c.SUBPATTERN or op is c.BRANCH:
            after = _ends_in_space([(op, av)])
        at_word = after
        if got is not None:
            candidates.append(got)
    flush()
    return _best(candidates)


def _branches(alternatives: Iterable[Any], at_word: bool = False) -> _Lits | None:
    found: set[str] = set()
    for alternative in alternatives:
        got = _required(list(alternative), at_word)
        if got is None:
            return None
        found |= got
    return frozenset(found)


def _parse(pattern: str) -> Any | None:
    if _PARSER is None:  # pragma: no cover - a Python without the internal parser
        return None
    try:
        return _PARSER.parse(pattern, FLAGS)
    except Exception:  # an odd pattern only loses the shortcuts
        return None


def _triggers_of(parsed: Any) -> frozenset[str] | None:
    """Trigger literals of a parsed pattern, word-start ones marked with WORD_START."""
    got = _required(list(parsed))
    if got is None or not all(plain_literal(x).isascii() for x in got):
        return None
    return got


def literal_triggers(patterns: Iterable[str]) -> frozenset[str] | None:
    """Literals (lower case) one of which must occur in the text for ``patterns`` to match.

    None when some pattern can match without any literal we can name (then its rule always
    runs). Used only to skip work, never to decide a match, and tested against the regex
    engine itself.
    """
    found: set[str] = set()
    for pattern in patterns:
        parsed = _parse(pattern)
        got = None if parsed is None else _triggers_of(parsed)
        if got is None:
            return None
        found |= {plain_literal(t) for t in got}
    return frozenset(found)


def compile_any(patterns: Iterable[str]) -> re.Pattern[str] | None:
    patterns = list(patterns)
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), FLAGS)


def _case_blind(pattern: str) -> bool:
    """True when ``pattern`` can run on lower-cased text without IGNORECASE.

    That is 1.4x quicker here and gives the same matches, unless the pattern names capital
    letters itself or switches case-sensitivity on for a part.
    """
    parsed = _parse(pattern)
    return parsed is not None and _case_blind_parsed(parsed)


def _case_blind_parsed(parsed: Any) -> bool:
    c = _CONSTANTS

    def clean(items: Iterable[Any]) -> bool:
        for op, av in items:
            if op in (c.LITERAL, c.NOT_LITERAL) and chr(av) != chr(av).lower():
                return False
            if op is c.IN and not clean(av):
                return False
            if op is c.RANGE and any(chr(x) != chr(x).lower() for x in range(av[0], av[1] + 1)):
                return False
            if op is c.SUBPATTERN:
                if av[2] & re.IGNORECASE:  # (?-i:...) asks for exact case
                    return False
                if not clean(av[-1]):
                    return False
            elif op is c.BRANCH:
                if not all(clean(b) for b in av[1]):
                    return False
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
                if not clean(av[2]):
                    return False
            elif op in (c.ASSERT, c.ASSERT_NOT):
                if not clean(av[1]):
                    return False
            elif op is getattr(c, "ATOMIC_GROUP", None) and not clean(av):
                return False
        return True

    return clean(parsed)


def analyse_pattern(pattern: str) -> tuple[frozenset[str] | None, bool]:
    """(trigger literals, runs on lower-cased text) for one pattern; parses it once."""
    parsed = _parse(pattern)
    if parsed is None:
        return None, False
    return _triggers_of(parsed), _case_blind_parsed(parsed)


class PatternAnalysis:
    """What :func:`analyse_pattern` found for each pattern, remembered between runs.

    Working it out parses every pattern with Python's regex parser: 0.2 s for the shipped
    rules, half of ``rwt-check``'s start-up. The results are kept in the user's cache folder
    and trusted only when written by the same code: the key is a hash of this module's source
    and the Python version. Where the source cannot be read (the frozen app) nothing is read
    or written. A missing, damaged or unwritable cache only costs the time it would save.

    The cache is bounded and belongs to the policy in use: :meth:`save` keeps only the
    patterns of the checker being built, so one huge policy loaded once does not slow every
    later run, and a file larger than :attr:`MAX_FILE_BYTES` is not read at all.
    """

    #: A cache file bigger than this is ignored (the shipped rules make about 150 KB).
    MAX_FILE_BYTES = 8_000_000

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.key = self._code_key()
        self._lock = threading.Lock()
        self._known: dict[str, tuple[frozenset[str] | None, bool]] = {}
        self._dirty = False
        if path is not None and self.key is not None:
            self._load(path)

    @staticmethod
    def _code_key() -> str | None:
        try:
            source = Path(__file__).read_bytes()
        except (OSError, NameError):
            return None
        return hashlib.sha256(source + sys.version.encode()).hexdigest()[:20]

    def _load(self, path: Path) -> None:
        try:
            if path.stat().st_size > self.MAX_FILE_BYTES:
                return
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("key") != self.key:
                return
            for pattern, (triggers, blind) in data["patterns"].items():
                self._known[pattern] = (
                    None if triggers is None else frozenset(triggers), bool(blind))
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            self._known.clear()

    def get(self, pattern: str) -> tuple[frozenset[str] | None, bool]:
        with self._lock:
            found = self._known.get(pattern)
        if found is None:
            found = analyse_pattern(pattern)
            with self._lock:
                self._known[pattern] = found
                self._dirty = True
        return found

    def save(self, keep: Iterable[str] | None = None) -> None:
        """Write what is new, atomically; silently does nothing where it cannot. With
        ``keep`` (the patterns of the policy in use), everything else is forgotten first."""
        if keep is not None:
            wanted = set(keep)
            with self._lock:
                extra = [p for p in self._known if p not in wanted]
                for p in extra:
                    del self._known[p]
                self._dirty = self._dirty or bool(extra)
        if not self._dirty or self.path is None or self.key is None:
            return
        with self._lock:
            data = {"key": self.key, "patterns": {
                p: [None if t is None else sorted(t), b] for p, (t, b) in self._known.items()}}
            self._dirty = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(data), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass


def _cache_folder() -> Path | None:
    folder = os.environ.get("RWT_CACHE_DIR")
    if folder:
        return Path(folder)
    try:
        import platformdirs

        return Path(platformdirs.user_cache_path("RWT Post Checker", "RWT"))
    except Exception:  # no home folder, odd platform: run without the cache
        return None


_ANALYSIS: PatternAnalysis | None = None


def pattern_analysis() -> PatternAnalysis:
    """The process's pattern analysis, with its cache file in the user's cache folder."""
    global _ANALYSIS
    if _ANALYSIS is None:
        folder = _cache_folder()
        _ANALYSIS = PatternAnalysis(None if folder is None else folder / "pattern-analysis.json")
    return _ANALYSIS


class _Search:
    """One pattern of a phrase rule, compiled the first time a post needs it.

    Most patterns are skipped for most posts (their literals are not there), so compiling
    them all up front was most of ``rwt-check``'s start-up time.
    """

    __slots__ = ("_regex", "all_of", "on_lower", "pattern", "triggers")

    def __init__(self, pattern: str, triggers: frozenset[str] | None, on_lower: bool,
                 all_of: tuple[frozenset[str], ...] = ()) -> None:
        self.pattern = pattern
        self.triggers = triggers
        #: For a proximity pattern: each term's literals, every one of which must be present.
        self.all_of = all_of
        #: Runs on ``ctx.lower`` without IGNORECASE (else on ``ctx.norm`` with it).
        self.on_lower = on_lower
        self._regex: re.Pattern[str] | None = None

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:  # a race only compiles twice; the result is the same
            self._regex = re.compile(self.pattern, re.UNICODE if self.on_lower else FLAGS)
        return self._regex


@register("phrases")
class PhraseDetector(Detector):
    """The default: the rule's phrases and patterns, wherever they occur.

    Each pattern is kept apart with the literals it needs, so a post is only searched with
    the patterns whose words are in it (one substring test per literal), and a long post
    only near those words (see :mod:`rwt_desktop.core.rules.windowing`).
    """

    def __init__(self, spec: RuleSpec, policy: Policy) -> None:
        super().__init__(spec, policy)
        phrases = phrases_regex(spec.phrases)
        patterns = ([phrases] if phrases else []) + list(spec.patterns)
        self.searches = []
        for p in patterns:
            triggers, blind = pattern_analysis().get(p)
            terms = proximity_terms(p)
            all_of = () if terms is None else tuple(
                t for t in (pattern_analysis().get(term)[0] for term in terms) if t)
            self.searches.append(_Search(p, triggers, blind, all_of))
        every = [s.triggers for s in self.searches]
        self.triggers = (None if any(t is None for t in every)
                         else frozenset().union(*every) if every else None)

    def find(self, ctx: Context) -> Iterable[Hit]:
        lower = ctx.lower
        long_post = len(lower) >= windowing.MIN_WINDOWED_LENGTH
        for search in self.searches:
            triggers = search.triggers
            if triggers is not None and not ctx.any_present(triggers):
                continue
            if search.all_of and not all(ctx.any_present(t) for t in search.all_of):
                continue
            text = lower if search.on_lower else ctx.norm
            windows = (windowing.literal_windows(lower, triggers)
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
        """Matches that only show once disguises are undone ("v3rm1n", "k i l l")."""
        plain = ctx.plain
        assert plain is not None
        for search in self.searches:
            if search.triggers is not None and not any(_occurs(plain, t)
                                                       for t in search.triggers):
                continue
            if search.all_of and not all(ctx.any_present(t) for t in search.all_of):
                continue
            subject = ctx.lower if search.on_lower else ctx.norm
            for m in search.regex.finditer(plain):
                if m.end() > m.start() and not search.regex.match(subject, m.start()):
                    end = ctx.stretch(m.end())
                    while end > m.start() and ctx.text[end - 1].isspace():
                        end -= 1
                    yield Hit(m.start(), end)


class CompiledRule:
    """A rule ready to run: its detector plus the context filters from the data."""

    #: Findings one rule reports on one post. A paste that repeats a problem thousands of
    #: times is told about the first ones, and nobody's window fills with underlines.
    MAX_FINDINGS = 200

    def __init__(self, spec: RuleSpec, policy: Policy) -> None:
        self.spec = spec
        name = spec.detector or "phrases"
        try:
            detector_cls = DETECTORS[name]
        except KeyError:
            from rwt_desktop.core.policy import PolicyError

            raise PolicyError(spec.file, spec.line,
                              f'rule "{spec.id}": there is no detector called "{name}" '
                              f"(known: {', '.join(sorted(DETECTORS))})") from None
        self.detector = detector_cls(spec, policy)
        self.triggers = self.detector.triggers
        self._context_compiled = False
        self._requires: re.Pattern[str] | None = None
        self._unless: re.Pattern[str] | None = None

    def _compile_context(self) -> None:
        self._requires = compile_any(self.spec.requires)
        self._unless = compile_any(self.spec.unless)
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
        return ctx.norm[s:e]

    def _passes(self, window: str) -> bool:
        if self.requires is not None and not self.requires.search(window):
            return False
        return self.unless is None or not self.unless.search(window)

    def run(self, ctx: Context) -> list[Finding]:
        if self.triggers is not None and not ctx.any_present(self.triggers):
            return []
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


def _load_detectors() -> None:
    """Import the modules that register detectors (kept here so import order is obvious)."""
    from rwt_desktop.core.rules import detectors  # noqa: F401


_load_detectors()
