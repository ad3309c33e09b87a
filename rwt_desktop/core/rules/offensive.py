"""Swearing and crude language, including the disguised kinds people use to get past filters.

The policy's golden rule asks: "If it could be misconstrued as offensive ... do not post".
Word lists live in ``resources/rules/offensive.toml`` with their grade (strong words block,
mild ones warn), so staff can move a word between lists or add one without touching code.

The detector works on whole *tokens*, never on parts of words, so Scunthorpe, Essex, cocktail,
Dickens or therapist are never flagged. Each token is undisguised before it is looked up:

* leetspeak and symbols are read as letters (``sh1t``, ``$hit``, ``b0llocks``, ``sh!t``);
* a masking character (``*``, ``#``, ``_``, ``•``) stands for exactly one letter, so ``f***``,
  ``f**king`` and ``c**t`` match a listed word of the same length and first letter;
* stretched letters are allowed (``fuuuuck``), but a word must keep at least the listed
  number of each letter, so "as" never matches "ass";
* single letters with separators are joined up (``s.h.i.t``, ``f-u-c-k``, ``f u c k``).

Nothing here imports Qt.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from rwt_desktop.core.policy import Policy, RuleSpec
from rwt_desktop.core.rules.engine import Context
from rwt_desktop.core.rules.options import option_table, option_texts
from rwt_desktop.core.rules.pattern_analysis import PatternAnalysis
from rwt_desktop.core.rules.registry import Detector, Hit, register

#: After a capitalised mild word: two more Title-case words, so the three make a name
#: ("Damn Good Coffee"); one is not enough ("What a Bloody Shambles").
_TITLE_NEXT = re.compile(r"(?: [A-Z][a-z][a-z'\u2019]*\b){2}")
#: "Cock o' the North", "the Cock o' Budworth": a name (a pub's, a song's), not the crude sense.
_O_APOSTROPHE_AFTER = re.compile(r"\s+o['’]\s")
#: "at the" just before a word: with the word capitalised, the name of a place ("lunch at the
#: Cock o' Budworth", "quiz at the Swan"). "The Crap Council" on its own is no place.
_AT_THE_BEFORE = re.compile(
    r"\b(?:at|to|from|in|outside|near|by|opposite|behind|past|into|round)\s+the $",
    re.IGNORECASE)
#: Grades from the worst down; the first is the rule's own outcome, the others are variants.
GRADES = ("strong", "mild", "acronym")
_RANK = {g: i for i, g in enumerate(GRADES)}

#: Characters that may stand in for a letter someone has hidden.
MASKS = "*#_\u2022\u25cf"
#: Characters (besides letters) that can be part of a disguised word.
_TOKEN_CHARS = "\\w*#$@!\u2022\u25cf\u00ad\u200b-\u200d\u2060\ufeff\u0300-\u036f"
#: Leetspeak read as letters. "1" may be i or l: both are tried.
_LEET = str.maketrans({"3": "e", "4": "a", "0": "o", "5": "s", "$": "s", "@": "a", "!": "i",
                       "7": "t", "8": "b", "9": "g"})
#: Invisible characters slipped inside a word to get past filters (soft hyphen, zero-width
#: space and joiners, combining accents): part of the word's span, dropped when matching.
_INVISIBLE = "\u00ad\u200b-\u200d\u2060\ufeff\u0300-\u036f"
_DROP_INVISIBLE = {cp: None for cp in [0xAD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF,
                                       *range(0x300, 0x370)]}

_VOWELS = "aeiouy"
_DEFAULT_SUFFIXES = ("s", "es", "ed", "er", "ers", "ing", "in", "y")

_TOK = rf"[{_TOKEN_CHARS}]"
#: Plain words, for a quick look at which words a post uses at all.
_PLAIN = re.compile(r"[a-z]+")  # listed words are ASCII; the text is folded already
#: Three of a letter in a row: the sign of a stretched word (fuuuuck).
_TRIPLE = re.compile(r"([a-z])\1\1")
_LETTERS_BEFORE = re.compile(r"[^\W\d_]*$")
_LETTERS_AFTER = re.compile(r"[^\W\d_]*")
_TOK_CHAR = re.compile(_TOK)
#: The end of a word: "!" may follow ("ffs!!!") but not run on into letters ("sh!t").
_WORD_END = rf"(?!{_TOK.replace('!', '')}|!++{_TOK})"
#: A word with digits, symbols or masks in it (sh1t, f***, $hit, #tag, 10am). Letters first
#: are taken possessively, so a plain word fails at once and the cost stays linear.
_DISGUISED = re.compile(
    rf"(?<!{_TOK})[^\W\d_]*+(?:[\d*#$@_\u2022\u25cf{_INVISIBLE}]|!(?={_TOK})){_TOK}*")
#: Two single characters in a row (" u c"): cheap to look for, and rare in ordinary text.
_SPACED_HINT = re.compile(r"[ .\-](?:[^\W_]|[*#$@!])[ .\-](?:[^\W_]|[*#$@!])(?![^\W_])")
#: A row of single characters with separators: f u c k, s.h.i.t, f-u-c-k.
_SPACED = re.compile(
    rf"(?<!{_TOK})(?:[^\W_]|[*#$@!])(?:(?:[ .\-]|\s)(?:[^\W_]|[*#$@!])){{2,}}(?!{_TOK})")
_NOT_LEET = re.compile(r"[a-z]\d+|\d+[a-z]{0,2}")
_DIGIT_PAIR = re.compile(r"\d\d")


def _runs(word: str) -> tuple[str, tuple[int, ...]]:
    """("fuuck") -> ("fuck", (1, 2, 1, 1)): the letters and how often each repeats."""
    letters: list[str] = []
    counts: list[int] = []
    prev = ""
    for ch in word:
        if ch == prev:
            counts[-1] += 1
        else:
            letters.append(ch)
            counts.append(1)
            prev = ch
    return "".join(letters), tuple(counts)


@dataclass(frozen=True, slots=True)
class Form:
    """One listed spelling: the listed word plus an ending ("fuck" + "ing")."""

    text: str
    base: str
    grade: str
    counts: tuple[int, ...]
    inflected: bool

    def beats(self, other: Form) -> bool:
        """When a masked token fits several words, prefer plain words, then the worst grade."""
        return (self.inflected, _RANK[self.grade]) < (other.inflected, _RANK[other.grade])


def _phrase_words(phrase: str) -> tuple[str, ...]:
    return tuple(m.group() for m in re.finditer(r"[^\W_]+", phrase.lower()))


def _phrase_body(phrase: str) -> str:
    """Words of a phrase with any spaces, apostrophes or hyphens between: "sods law"."""
    return r"[\s'\-]*".join(re.escape(w) for w in _phrase_words(phrase))


@dataclass(frozen=True, slots=True)
class _Scan:
    """What every swearing rule needs from one post, found once (in C where possible)."""

    #: The distinct plain words.
    words: frozenset[str]
    #: Whole words with a letter stretched (three in a row), as (start, end).
    stretched: list[tuple[int, int]]
    #: Words with digits, symbols or masks in them, as (start, text).
    disguised: list[tuple[int, str]]
    #: Rows of single characters, as (start, end, text).
    spaced: list[tuple[int, int, str]]


def _scan(ctx: Context) -> _Scan:
    found = ctx.results.get("_offensive.scan")
    if isinstance(found, _Scan):
        return found
    low = ctx.lower
    stretched: list[tuple[int, int]] = []
    last = -1
    for m in _TRIPLE.finditer(low):
        if m.start() < last:
            continue
        # Widen to the whole word; a word inside a disguised one is left to that pass.
        before = _LETTERS_BEFORE.search(low, max(0, m.start() - 64), m.start())
        after = _LETTERS_AFTER.match(low, m.end())
        start = before.start() if before else m.start()  # both patterns match the empty text
        end = after.end() if after else m.end()
        last = end
        if not ((start and _TOK_CHAR.match(low, start - 1)) or _TOK_CHAR.match(low, end)):
            stretched.append((start, end))
    found = _Scan(
        words=frozenset(_PLAIN.findall(low)),
        stretched=stretched,
        disguised=[(m.start(), m.group()) for m in _DISGUISED.finditer(low)],
        spaced=([(m.start(), m.end(), m.group()) for m in _SPACED.finditer(low)]
                if _SPACED_HINT.search(low) else []),
    )
    ctx.results["_offensive.scan"] = found
    return found


def scan_for_disguises(ctx: Context) -> tuple[list[tuple[int, str]],
                                                list[tuple[int, int, str]]]:
    """Words with digits or symbols in them, and rows of single characters, as this module's
    scan found them: what :func:`rwt_desktop.core.text.undisguise_found` needs."""
    from rwt_desktop.core.text import spaced_rows

    scan = _scan(ctx)
    # The rows are looked for again only where the cheap hint saw two single characters:
    # this module's rows stop short of a word followed by "!" ("v e r m i n!").
    rows = spaced_rows(ctx.lower) if _SPACED_HINT.search(ctx.lower) else []
    return scan.disguised, rows


def _is_forms_data(data: object) -> bool:
    """Whether ``data`` read back from a cache file is what the swearing detector keeps
    (a wrong shape raises, which counts as no)."""
    if type(data) is not list:
        return False
    for key, bucket in data:
        if type(key) is not str or type(bucket) is not list:
            return False
        for text, base, grade, counts, inflected in bucket:
            # The counts are the text's runs of letters, so they add up to its length.
            if not (type(text) is str and type(base) is str and grade in _RANK
                    and type(counts) is tuple and sum(counts) == len(text)
                    and type(inflected) is bool):
                return False
    return True


@register("swearing")
class SwearingDetector(Detector):
    """Finds listed swear words and phrases, however they are disguised.

    Options (all optional): ``strong_words``, ``mild_words``, ``acronyms`` (lists of words,
    graded by the list they are in), ``strong_phrases``, ``mild_phrases``, ``suffixes`` (endings
    that make a listed word's other forms), ``never`` (words never flagged), ``name_words``
    (listed words that are also first names: "Dick" with a capital is left alone),
    ``unless_near`` ({word = [words that make it innocent in the same sentence]}).
    """

    def __init__(self, spec: RuleSpec, policy: Policy,
                 analysis: PatternAnalysis | None = None) -> None:
        super().__init__(spec, policy)
        # The policy's pattern cache, when there is one, gives the word lists' compiled code.
        regex = re.compile if analysis is None else analysis.regex
        suffixes = (option_texts(spec, "suffixes", lower=True) if "suffixes" in spec.options
                    else _DEFAULT_SUFFIXES)
        self.never = set(option_texts(spec, "never", lower=True))
        self.name_words = set(option_texts(spec, "name_words", lower=True))
        #: collapsed spelling -> forms with that spelling
        self.forms: dict[str, list[Form]] = {}
        #: (first letter, length) -> forms, for masked tokens (f***)
        self.by_shape: dict[tuple[str, int], list[Form]] = {}
        lists = (("strong", "strong_words"), ("mild", "mild_words"), ("acronym", "acronyms"))

        def make_forms() -> list[tuple[str, list[tuple[str, str, str, tuple[int, ...], bool]]]]:
            for grade, key in lists:
                for word in option_texts(spec, key, lower=True):
                    self._add(word, word, grade, False)
                    if grade != "acronym" and " " not in word:
                        for suffix in suffixes:
                            self._add(word + suffix, word, grade, True)
                            if suffix[:1] in _VOWELS:
                                if word[-1] == "e":  # arse -> arsing
                                    self._add(word[:-1] + suffix, word, grade, True)
                                elif word[-1] not in _VOWELS:  # sod -> sodding, crap -> crappy
                                    self._add(word + word[-1] + suffix, word, grade, True)
            return [(k, [(f.text, f.base, f.grade, f.counts, f.inflected) for f in bucket])
                    for k, bucket in self.forms.items()]

        if analysis is None:
            make_forms()
        else:
            # Every listed word with every ending, worked out once per policy version and
            # read back from the policy's cache on later starts (most of building this).
            key = "swearing\0" + spec.id + "\0" + repr(sorted(
                (k, repr(v)) for k, v in spec.options.items())) + "\0" + repr(suffixes)
            kept = analysis.prepared(key, make_forms, _is_forms_data)
            if not self.forms:
                self.forms = {k: [Form(*f) for f in bucket] for k, bucket in kept}
        for bucket in self.forms.values():
            for form in bucket:
                if form.grade != "acronym":
                    self.by_shape.setdefault((form.text[0], len(form.text)), []).append(form)
        #: Phrases as (key word, grade, expression). A post is searched only for the
        #: phrases whose key word it uses, so most posts never run this at all. The key is
        #: the phrase's longest word, the least likely to be in every post ("jerk", not "off").
        self.phrases: list[tuple[str, str, str]] = []
        for grade, key in (("strong", "strong_phrases"), ("mild", "mild_phrases")):
            for text in option_texts(spec, key, lower=True):
                words = _phrase_words(text)
                if words:
                    keyword = max((w for w in words if w.isalpha()), key=len,
                                  default=words[-1])
                    self.phrases.append((keyword, grade, _phrase_body(text)))
        self.phrases.sort(key=lambda p: -len(p[2]))  # longest first wins at one place
        self.plain_forms = frozenset(f.text for bucket in self.forms.values() for f in bucket)
        self._regex_cache: dict[tuple[str, frozenset[str]], re.Pattern[str]] = {}
        self.has_words = any(f.grade != "acronym" for b in self.forms.values() for f in b)
        self.unless_near: dict[str, re.Pattern[str]] = {}
        for word, near in option_table(spec, "unless_near").items():
            if near:
                body = "|".join(re.escape(n) for n in near)
                self.unless_near[word] = regex(rf"(?<![^\W_])(?:{body})", re.IGNORECASE)
        self.replacements = {k: tuple(v) for k, v in spec.replacements.items()}

    @classmethod
    def build(cls, spec: RuleSpec, policy: Policy,
              analysis: PatternAnalysis | None = None) -> SwearingDetector:
        return cls(spec, policy, analysis)

    def _add(self, text: str, base: str, grade: str, inflected: bool) -> None:
        if text in self.never:
            return
        key, counts = _runs(text)
        form = Form(text, base, grade, counts, inflected)
        bucket = self.forms.setdefault(key, [])
        # One spelling, two readings ("asshole" listed, and "ass" + "hole"): keep the better
        # one, so a strong word is never downgraded by a mild word's ending.
        if any(f.text == text and not form.beats(f) for f in bucket):
            return
        bucket[:] = [f for f in bucket if f.text != text]
        bucket.append(form)

    # ------------------------------------------------------------------ token matching

    def _lookup(self, word: str) -> Form | None:
        """A listed form that ``word`` (letters only) spells, allowing stretched letters."""
        if word in self.never:
            return None
        bucket = self.forms.get(word)
        if bucket is not None:
            for form in bucket:
                if form.text == word:
                    return form
        key, counts = _runs(word)
        bucket = self.forms.get(key)
        if not bucket or key in self.never:
            return None
        best: Form | None = None
        for form in bucket:
            # A letter may be stretched (fuuuuck, shiiiit: three or more), but a doubled
            # letter must be listed: "assess" is not "asses", "as" is not "ass".
            fits = all(c == f or c >= 3 > f for c, f in zip(counts, form.counts, strict=True))
            if fits and (best is None or form.beats(best)):
                best = form
        return best

    def _masked(self, word: str) -> Form | None:
        """``f***``, ``f**king``: masks stand for one letter each; the first letter is real."""
        masks = sum(ch in MASKS for ch in word)
        if not word[0].isalpha() or len(word) < 3 or (len(word) == 3 and masks > 1):
            return None  # "s*" or "a**" (an A-level grade) is too little to go on
        best: Form | None = None
        for form in self.by_shape.get((word[0], len(word)), ()):
            fits = all(w == f or w in MASKS for w, f in zip(word, form.text, strict=True))
            if fits and (best is None or form.beats(best)):
                best = form
        return best

    def _decode(self, word: str) -> Form | None:
        """A token with digits, symbols or masks in it."""
        if _NOT_LEET.fullmatch(word):
            return None
        letters = sum(ch.isalpha() for ch in word)
        if letters < 1:
            return None
        has_mask = any(ch in MASKS for ch in word)
        # One letter is too little to go on, unless symbols stand in for two more: "@$$".
        if not has_mask and letters < 2 and sum(ch in "$@" for ch in word) < 2:
            return None
        candidates = [word.translate(_LEET)]
        if "1" in word:
            candidates = [candidates[0].replace("1", "i"), candidates[0].replace("1", "l")]
        for cand in candidates:
            if not all(ch.isalpha() or ch in MASKS for ch in cand):
                continue
            form = self._masked(cand) if any(ch in MASKS for ch in cand) else self._lookup(cand)
            if form is not None:
                return form
        if letters >= 2 and _DIGIT_PAIR.search(word) is None:
            # A digit or symbol that is not the usual stand-in still hides a letter: f4ck.
            # Two digits together are a number, not two hidden letters: C25K, B52s.
            return self._masked("".join(ch if ch.isalpha() else "*" for ch in word))
        return None

    def _match(self, word: str) -> Form | None:
        if word.isalpha():
            return self._lookup(word) if word.isascii() else None
        return self._decode(word)

    def _candidates(self, ctx: Context) -> Iterator[tuple[int, int, Form]]:
        """Every listed word in the post, however it is written, as (start, end, form)."""
        low = ctx.lower
        scan = _scan(ctx)
        # Plain spellings: only the listed words the post uses are looked for, so an
        # ordinary post costs one pass in C and a set intersection.
        used = scan.words & self.plain_forms
        if used:
            rx = self._regex("words", used, lambda: "|".join(
                re.escape(w) for w in sorted(used, key=len, reverse=True)))
            for m in rx.finditer(low):
                form = self._lookup(m.group())
                if form is not None:
                    yield m.start(), m.end(), form
        for start, end in scan.stretched:
            form = self._lookup(low[start:end])
            if form is not None:
                yield start, end, form
        if self.has_words:
            for start, raw in scan.disguised:
                found = self._disguised(raw, start)
                if found is not None:
                    yield found
        for start, end, raw in scan.spaced:
            joined = "".join(ch for ch in raw if not (ch.isspace() or ch in ".-"))
            form = self._match(joined)
            if form is None and joined[:1] in ("a", "i") and len(joined) > 3:
                # "a f u c k...": the article got swept into the row of letters.
                form = self._match(joined[1:])
                rest = raw[1:]
                start += 1 + len(rest) - len(rest.lstrip(" .-\t\n"))
            if form is not None:
                yield start, end, form

    def _disguised(self, raw: str, start: int) -> tuple[int, int, Form] | None:
        # Hashtags, mentions and emphasis marks around a word are not part of it.
        lead = len(raw) - len(raw.lstrip("#@*_!\u2022\u25cf"))
        trail_chars = "!_" + ("*#\u2022\u25cf" if lead else "")
        word = raw[lead:].rstrip(trail_chars)
        if not word:
            return None
        begin = start + lead
        end = begin + len(word)
        word = word.translate(_DROP_INVISIBLE)
        if not word:
            return None
        form = self._match(word)
        if form is None and lead and raw[lead - 1] == "@":
            form = self._match("a" + word)  # "@rse"
            begin -= 1
        return None if form is None else (begin, end, form)

    # ------------------------------------------------------------------ context

    @staticmethod
    def _is_name(ctx: Context, start: int, end: int) -> bool:
        """"Dick" or "Fanny" written with a capital (not all capitals) is someone's name."""
        written = ctx.norm[start:end]
        return written[:1].isupper() and not written.isupper()

    @staticmethod
    def _in_title(ctx: Context, start: int, end: int) -> bool:
        """A capitalised word that starts a three-word name ("Damn Good Coffee"): part of
        the name of a business or a show, not an oath."""
        written = ctx.norm[start:end]
        return (written[:1].isupper() and not written.isupper()
                and _TITLE_NEXT.match(ctx.norm, end) is not None)

    @staticmethod
    def _place_name(ctx: Context, start: int, end: int) -> bool:
        """A capitalised word after "at the", "to the" ("lunch booked at the Cock o'
        Budworth"): an old pub's or a place's name, not the crude sense."""
        written = ctx.norm[start:end]
        return (written[:1].isupper() and not written.isupper()
                and (_AT_THE_BEFORE.search(ctx.norm, max(0, start - 12), start) is not None
                     or _O_APOSTROPHE_AFTER.match(ctx.norm, end) is not None))

    def _innocent(self, ctx: Context, start: int, end: int, form: Form) -> bool:
        if form.base in self.name_words and self._is_name(ctx, start, end):
            return True
        if form.grade != GRADES[0] and (self._in_title(ctx, start, end)
                                        or self._place_name(ctx, start, end)):
            return True
        return self._near_an_innocent_word(ctx, start, end, form.base)

    def _near_an_innocent_word(self, ctx: Context, start: int, end: int, word: str) -> bool:
        """``unless_near``: one of the listed word's innocent company in its sentence."""
        near = self.unless_near.get(word)
        if near is None:
            return False
        s, e = ctx.sentence_at(start)
        return near.search(ctx.lower, s, max(e, end)) is not None

    def _suggest(self, ctx: Context, start: int, end: int, keys: Sequence[str]
                 ) -> tuple[str, ...] | None:
        for key in keys:
            found = self.replacements.get(key)
            if found:
                written = ctx.norm[start:end]
                if written[:1].isupper():
                    return tuple(s[:1].upper() + s[1:] for s in found)
                return found
        return None

    # ------------------------------------------------------------------ the scan

    def _regex(self, kind: str, used: frozenset[str], body: Callable[[], str]
               ) -> re.Pattern[str]:
        """A whole-word expression for the listed words or phrases one post uses (cached)."""
        key = (kind, used)
        rx = self._regex_cache.get(key)
        if rx is None:
            rx = re.compile(rf"(?<!{_TOK})(?:{body()}){_WORD_END}")
            if len(self._regex_cache) < 512:
                self._regex_cache[key] = rx
        return rx

    def _phrase_hits(self, ctx: Context) -> Iterator[Hit]:
        words = _scan(ctx).words
        used = [(grade, body) for last, grade, body in self.phrases if last in words]
        if not used:
            return
        rx = self._regex("phrases", frozenset(f"{g}:{b}" for g, b in used), lambda: "|".join(
            f"(?P<{grade}{i}>{body})" for i, (grade, body) in enumerate(used)))
        for m in rx.finditer(ctx.lower):
            grade = (m.lastgroup or "mild").rstrip("0123456789")
            parts = _phrase_words(m.group())
            # a phrase's last word keeps its innocent company too ("what a knob of butter")
            if self._near_an_innocent_word(ctx, m.start(), m.end(), parts[-1]):
                continue
            key = " ".join(parts)
            yield self._hit(ctx, m.start(), m.end(), grade, (key, m.group()))

    def find(self, ctx: Context) -> Iterable[Hit]:
        yield from self._phrase_hits(ctx)
        for start, end, form in self._candidates(ctx):
            if not self._innocent(ctx, start, end, form):
                yield self._hit(ctx, start, end, form.grade, (form.text, form.base))

    def _hit(self, ctx: Context, start: int, end: int, grade: str, keys: Sequence[str]) -> Hit:
        return Hit(start, end, variant="" if grade == GRADES[0] else grade,
                   suggestions=self._suggest(ctx, start, end, keys))

