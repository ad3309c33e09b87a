"""Harper: the built-in offline spelling and grammar checker (harper-py, British English).

No Java, no download and no network, so a volunteer's ``.exe`` has spelling and grammar out
of the box. Building the ``Linter`` (its curated dictionary) takes about half a second, so it
happens on a background thread; a check of a 280-character post then takes a few
milliseconds. A ``Linter`` is not thread-safe (a second concurrent call raises), which the
engine's lock takes care of.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rwt_desktop.core.grammar.base import (
    EngineStatus,
    GrammarEngine,
    GrammarResult,
    RawIssue,
    plain_message,
    safe_text,
)

log = logging.getLogger(__name__)

#: Harper's lint kind for misspellings; everything else is grammar, style or punctuation.
SPELLING_KIND = "Spelling"

#: A family name in the plural ("the Hendersons"): not a misspelling if the name alone is fine.
_PLURAL_NAME = re.compile(r"[A-Z][a-z]+s")

#: Harper's rules switched off whatever grammar.toml says: on the clean posts of the sample and
#: judgement corpora every one of their findings was wrong ("We were worried it would rain"
#: is not missing a preposition). CompoundNouns asks for two nouns to be written as one
#: ("sun hat" as "sunhat", "back room", "street light", "bank card", "the Bull Ring"): both
#: are good British English, and on 6,000 clean posts and the slips sets it found no slip.
_WRONG_ON_POSTS = frozenset({"MissingPreposition", "CompoundNouns"})

#: Everyday British words Harper knows only as something else ("nan" as the computing "NaN").
_EVERYDAY_WORDS = frozenset({"nan", "nans", "nan's", "nan’s"})

#: Words that are good English said twice: "I said that that was it", "we had had enough".
_GOOD_DOUBLES = frozenset({"that", "had"})


def _near_miss(word: str, other: str) -> bool:
    """True if ``other`` is one slip of the finger from ``word``: a letter missing, extra, two
    swapped, or a letter wrong for its neighbour on the keyboard or for another vowel (or, in a
    long word, two such slips with the first two letters right, as in "Wensday"). A name is
    seldom that close to an unrelated word ("Callum" and "callus" differ by a far key)."""
    a, b = word.casefold(), other.casefold()
    if abs(len(a) - len(b)) > 2 or a == b:
        return False
    distance = _edit_distance(a, b)
    return distance <= 1 or (distance == 2 and len(a) >= 7 and a[:2] == b[:2])


def _edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment): swaps count as one."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = _substitution_cost(a[i - 1], b[j - 1])
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


#: Row and column of each letter on a UK keyboard.
_KEYS = {c: (r, i) for r, row in enumerate(("qwertyuiop", "asdfghjkl", "zxcvbnm"))
         for i, c in enumerate(row)}
_VOWELS = frozenset("aeiouy")


def _keyboard_neighbours(x: str, y: str) -> bool:
    """Keys next to each other on a UK keyboard, in a row or in the rows above and below."""
    if x not in _KEYS or y not in _KEYS:
        return False
    (rx, ix), (ry, iy) = _KEYS[x], _KEYS[y]
    return abs(rx - ry) <= 1 and abs(ix - iy) <= 1 and (rx, ix) != (ry, iy)


def _substitution_cost(x: str, y: str) -> int:
    """0 for the same letter, 1 for a slip (a neighbouring key, or one vowel for another),
    2 for any other letter: a different word, not a typing slip."""
    if x == y:
        return 0
    if (x in _VOWELS and y in _VOWELS) or _keyboard_neighbours(x, y):
        return 1
    return 2


def _a_name(problem: str, guesses: list[str], words: tuple[str, ...]) -> bool:
    """An unknown word with a capital is most often a name (a person, a place, a Bakewell
    tart), so it is not called misspelt unless one of Harper's guesses or the organisation's
    own words is a near miss ("Satruday", "Wittton"). At the start of a sentence the capital
    tells nothing, but a misspelt word there still has its near miss ("Tommorow")."""
    if not problem[:1].isupper() or problem.isupper() or not problem[1:2].isalpha():
        return False
    return not any(_near_miss(problem, other) for other in (*guesses, *words))


#: Words joined up that are slips, not compounds: Harper's "Typo" for these stands.
_JOINED_SLIPS = frozenset({"thankyou", "eachother", "alot", "aswell", "infact", "incase",
                           "atleast", "inbetween", "alittle", "abit", "everytime",
                           # an apostrophe left out, not a compound ("everyones" is "everyone's")
                           "everyones", "everybodys", "anyones", "someones", "noones",
                           "nobodys"})


def _compound_written_solid(kind: str, problem: str, guesses: list[str]) -> bool:
    """A compound written as one word whose only fault, for Harper, is a missing hyphen (a
    misspelling to it: "Shoutout" for "Shout-out", "meetup") or a missing space (a typo:
    "kickflip" for "kick flip", "handyperson"): everyday writing joins these up. The joined
    slips volunteers make ("thankyou", "eachother") stay flagged."""
    folded = problem.casefold()
    if kind == SPELLING_KIND:
        return any("-" in g and g.replace("-", "").casefold() == folded for g in guesses)
    return (kind == "Typo" and folded not in _JOINED_SLIPS
            and any(" " in g and g.replace(" ", "").casefold() == folded
                    and all(len(part) >= 3 for part in g.split()) for g in guesses))


#: The end of the text before a word in the middle of a sentence: a word, a comma or the like.
_MID_SENTENCE = re.compile(r"[\w,;:'’)\-–]\s+$")


def _short_name(problem: str, before: str, words: tuple[str, ...]) -> bool:
    """A short word with a capital in the middle of a sentence ("well done to Kai", "ask Zak")
    is a name: with four letters or fewer, Harper always has a near guess ("Kali", "Zack"), so
    only the organisation's own words count as one."""
    return (2 <= len(problem) <= 4 and problem[:1].isupper() and problem[1:].islower()
            and _MID_SENTENCE.search(before) is not None
            and not any(_near_miss(problem, w) for w in words))


#: A word with a capital straight before another ("Brenda Hough", "Callum Henshaw").
_CAPITALISED_BEFORE = re.compile(r"(?<![\w'’])([A-Z][a-z]+)[ \t]+$")


def _good_english_doubled(kind: str, problem: str) -> bool:
    """Harper's "Repetition" of a word that is right said twice ("that that", "had had")."""
    parts = problem.casefold().split()
    return (kind == "Repetition" and len(parts) == 2 and parts[0] == parts[1]
            and parts[0] in _GOOD_DOUBLES)


#: Nouns for a group that "one of the" takes in the singular ("one of the team").
_GROUP_NOUNS = frozenset({
    "team", "family", "group", "crew", "gang", "staff", "committee", "board", "club", "choir",
    "class", "household", "congregation", "community", "lot", "party", "troop", "pack",
})

#: Words Harper may take for the noun after "one of the" that are not nouns at all.
_NOT_NOUNS = frozenset({
    "if", "and", "or", "but", "who", "that", "which", "when", "where", "while", "to", "for",
    "in", "on", "at", "with", "from", "by", "is", "was", "are", "were", "will", "can", "has",
    "have", "had", "so", "as", "because", "please", "too",
})

#: Words before "every one" that show "everyone" was meant ("thank you every one!").
_GREETINGS = frozenset({"you", "to", "hello", "hi", "morning", "evening", "afternoon", "night",
                        "christmas", "year", "thanks", "dear", "all", "and", "welcome"})

#: A question that starts by asking whether there is something ("Are there new dates?");
#: after "where" or "when" ("Where are there day trips?") "their" may well be meant.
_ASKING_THERE_AT_START = re.compile(
    r"(?:^|[.!?:]\s+|\n)\s*(?:is|are|was|were|isn['’]t|aren['’]t|wasn['’]t|weren['’]t)\s+$",
    re.IGNORECASE)

#: What follows "there" when it says where, not whose: a time ("out there today", "sat there 3
#: hours", "there day and night"), the end of a clause, or a kiss ("see you there x").
_THERE_SAYS_WHERE = re.compile(
    r"\s*(?:$|[.,!?;:)\n]|x\b|(?:today|tonight|tomorrow|yesterday|now|again|already|anyway|"
    r"too|day\s+and\s+night|all\s+(?:day|night|week|year)|every\s+\w+|each\s+\w+|"
    r"for\s+(?:you|us|them|ages)|months|weeks|years|ages)\b|\d+\s*(?:hours?|hrs?|mins?|"
    r"minutes?|days?|weeks?|months?|years?)\b)", re.IGNORECASE)

#: Verbs of staying, standing or going somewhere: a "there" straight after them says where
#: ("lived there in Witton", "stood there laughing", "been there all day"), never whose. Not
#: "be", "got" or "moved", which may well be followed by "their" ("it was there idea").
_WHERE_VERBS = frozenset({
    "live", "lives", "lived", "living", "stand", "stands", "stood", "standing", "sit", "sits",
    "sat", "sitting", "stay", "stays", "stayed", "staying", "wait", "waits", "waited",
    "waiting", "lie", "lies", "lay", "lying", "park", "parked", "parking", "camp", "camped",
    "been", "bean", "go", "goes", "went", "gone", "going", "hang", "hung", "hanging",
    "stop", "stopped", "settled", "grew", "queued", "queuing", "queueing",
})

#: Harper's "sentence does not start with a capital letter".
_NO_CAPITAL_AT_START = "does not start with a capital"

#: The words before "are there…" that make it a question ("where are there…").
_QUESTION_WORDS = frozenset({"", "where", "when", "what", "how", "why", "which", "who", "so"})


def _a_misreading(kind: str, problem: str, message: str, before: str, after: str) -> bool:
    """Harper's guesses that misread a sentence's structure, each checked on the words
    around it (``before`` and ``after`` are a few characters either side of the problem):

    - "one of the ... should use a plural noun" on a word that is not the noun ("a photo of
      one of the old Co-op"), on a group or on the word after it ("tell one of the team if…");
    - "every one" as "everyone" when "of" follows or it is not a greeting ("thank you to
      every one of you", "we sold every one");
    - "it's" as "its" before a name or a verb in -ing ("It's Volunteers' Week", "it's riding
      better than my car");
    - "are there day" as a question when a subject comes first ("Samaritans are there day
      and night");
    - a plural after "thank you" as a verb's subject ("Thank you ladies!");
    - "a" for "an" when the "A" is part of a short form ("A&E");
    - "your" as "you're" before a describing word that has its noun ("your kind words");
    - "there" as "their" in a question that starts by asking whether there is something
      ("Are there new dates for the course?", "Was there new stock in?"), or when a time, the
      end of a clause or a kiss follows ("cold out there today", "sat there 3 hours", "see
      you there x");
    - "there" as "their" straight after a verb of staying or going ("lived there",
      "stood there swearing", "been there"), and "there in" as "therein" ("lived there in
      Witton": nobody writes "therein" in a post);
    - a sentence "not starting with a capital" when it starts with a masked part, a short
      form or a number ("RWT youth club is back", "12 volunteers came"): Harper sees the
      masked part as blank, so the next word looks like the start;
    - "nan" (a grandmother) put in capitals as the computing "NaN".
    """
    folded = problem.casefold()
    if kind == "Capitalization" and folded in _EVERYDAY_WORDS:
        return True
    if (kind == "Capitalization" and _NO_CAPITAL_AT_START in message
            and re.search(r"\w[^.!?\n]*$", before)):
        return True
    words_before = re.findall(r"[\w'’]+", before.casefold())
    if kind == "Usage" and "one of the" in message:
        return (bool(re.match(r"[ \t]+[A-Z]", after)) or folded in _GROUP_NOUNS
                or any(w in _GROUP_NOUNS for w in words_before[-1:])
                or folded in _NOT_NOUNS)
    if folded == "every one":
        # "every one of you", "sold every one": only a greeting means "everyone".
        return bool(re.match(r"\s+of\b", after)) or (
            bool(words_before) and words_before[-1] not in _GREETINGS)
    if folded in {"it's", "it’s"} and re.match(r"\s+(?:[A-Z]|[a-z]+ing\b)", after):
        # "It's Volunteers' Week", "it's riding better than my car": "it is" is meant.
        return True
    if kind == "Agreement" and re.match(r"(?:are|is)\s+there\b", folded):
        return (words_before[-1] if words_before else "") not in _QUESTION_WORDS
    if (kind == "Agreement" and words_before[-2:] in (["thank", "you"], ["thanks"])
            and " " not in problem):
        return True
    if folded == "there" and "their" in message and (
            _ASKING_THERE_AT_START.search(before) or _THERE_SAYS_WHERE.match(after)
            or (words_before[-1] if words_before else "") in _WHERE_VERBS):
        return True
    if re.fullmatch(r"there\s+in", folded) and "therein" in message:
        return True
    if folded == "your" and "you're" in message:
        # "your kind words": the describing word has its noun, so "your" is right.
        following = re.match(r"\s+[a-z'’-]+\s+([a-z]+)\b", after)
        return following is not None and following.group(1) not in _NOT_NOUNS
    return kind == "Miscellaneous" and problem == "A" and after[:1] not in {"", " ", "\n"}


def _about_a_masked_part(start: int, end: int, problem: str, message: str,
                         ignored: list[tuple[int, int]], before: str = "") -> bool:
    """Harper sees a masked part (a link, "PCSOs", a number) as blank and may comment on the
    blank: "Remove `the` before ` `", "Unnecessary space", or on the "s" left of "the WI's"
    (``before`` is the character before the problem). Those are not about the post."""
    if "` `" in message:
        return True
    touching = any(s <= end and start <= e + 1 for s, e in ignored)  # + 1: "WI's"
    return touching and (not problem.strip() or before in {"'", "’"})


class HarperEngine(GrammarEngine):
    name = "harper"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("start_timeout", 30.0)
        super().__init__(*args, **kwargs)
        self._linter: Any = None
        self._harper: Any = None
        self._own_words: frozenset[str] = frozenset()

    def _start(self) -> None:
        try:
            import harper
        except ImportError:
            self._set_state(EngineStatus.UNAVAILABLE,
                            "The built-in spelling checker (Harper) is missing from this "
                            "installation.")
            return
        linter = harper.Linter(harper.Dialect.BRITISH)
        disabled = set(self.config.harper_disabled_rules) | _WRONG_ON_POSTS
        if disabled:
            known = linter.get_default_lint_config()
            unknown = disabled - set(known)
            if unknown:
                log.warning("grammar.toml names Harper rules that do not exist: %s",
                            ", ".join(sorted(unknown)))
            linter.set_lint_config({rule: False for rule in disabled if rule in known})
        with self._lock:
            self._harper = harper
            self._linter = linter
            self._load_words()
        self._set_state(EngineStatus.READY)

    def _load_words(self) -> None:
        """Give Harper the word list (with possessives), replacing the last one. Lock held."""
        if self._linter is None:
            return
        words: list[str] = []
        for w in (*self.words, *self.config.harper_words):
            words.append(w)
            if w[-1:].isalpha():
                # The straight apostrophe only: Harper reads "’s" in a post as "'s", and an
                # imported "’s" form replaces the "'s" one, so "Rudheath's" was misspelt.
                words.append(f"{w}'s")
        self._own_words = frozenset(words)
        self._linter.clear_words()
        if words:
            self._linter.import_words(words)

    def _words_changed(self) -> None:
        with self._lock:
            self._load_words()

    def _name_not_a_slip(self, kind: str, problem: str, suggestions: Any) -> bool:
        """Harper's guesses about people's names that are wrong: "the Hendersons" (a known
        name in the plural) as a misspelling, and "Sam" as an acronym to put in capitals."""
        if kind == SPELLING_KIND and _PLURAL_NAME.fullmatch(problem):
            stem = problem[:-1]
            return not any(str(x.lint_kind) == SPELLING_KIND
                           for x in self._linter.lint(stem, language="plaintext"))
        if kind == "Capitalization" and problem.istitle() and len(problem) > 1:
            texts = [s.replacement_text for s in suggestions]
            return bool(texts) and all(s.isupper() for s in texts)
        return False

    @staticmethod
    def _small_letter_at_start(kind: str, problem: str, suggestions: Any, before: str) -> bool:
        """Harper's "canonical spelling" that would put a sentence's first word in small
        letters ("Who's coming?" to "who's"): a capital there is always right."""
        if kind != "Capitalization" or not problem[:1].isupper():
            return False
        at_start = not before.strip() or before.rstrip()[-1:] in {".", "!", "?", "\n"}
        texts = [s.replacement_text for s in suggestions]
        return at_start and bool(texts) and all(
            t == problem[:1].lower() + problem[1:] for t in texts)

    def _own_word_reshaped(self, kind: str, problem: str, suggestions: Any,
                           before: str) -> bool:
        """Harper's note that one of our listed words should be written another way: split
        or hyphenated ("wellbeing" to "well-being") or with a capital ("sudoku"). The list
        says how it is written here; a capital at the start of a sentence is still asked."""
        if kind == SPELLING_KIND or problem not in self._own_words:
            return False
        texts = [s.replacement_text for s in suggestions]
        if not texts:
            return False
        squeezed = problem.casefold()
        if all(re.sub(r"[\s-]", "", t).casefold() == squeezed for t in texts):
            at_start = not before.strip() or before.rstrip()[-1:] in {".", "!", "?", "\n"}
            return not (kind == "Capitalization" and at_start)
        return False

    def _known_possessive(self, kind: str, problem: str) -> bool:
        """A possessive Harper has not listed of a word it knows ("firemen's", "sheep's"): the
        "'s" is good English when the word without it is right."""
        if kind != SPELLING_KIND or len(problem) < 4 or problem[-2:-1] not in {"'", "’"}:
            return False
        if problem[-1:] != "s":
            return False
        stem = problem[:-2]
        return not any(str(x.lint_kind) == SPELLING_KIND
                       for x in self._linter.lint(stem, language="plaintext"))

    def _after_a_first_name(self, problem: str, before: str) -> bool:
        """A surname: a word with a capital straight after a first name, which Harper knows
        only with its capital ("Brenda", "Callum"). Surnames are too many to list, and
        Harper's guesses for them ("Hough" to "Hugh") are other words. After an everyday
        word with a capital ("Merry Chrismas", "Happy Birthdya") the slip is still shown."""
        bare = re.sub(r"['’]s$", "", problem)  # a surname's own "'s" ("Harold Whitby's trumpet")
        if not bare.istitle() or self._linter is None:
            return False
        m = _CAPITALISED_BEFORE.search(before)
        if m is None:
            return False
        name = m.group(1).casefold()
        return any(str(lint.lint_kind) == SPELLING_KIND
                   for lint in self._linter.lint(name, language="plaintext"))

    def _compound_plural(self, kind: str, problem: str, before: str) -> bool:
        """The plural end of a hyphenated noun ("run-throughs", "lie-ins", "get-togethers"):
        Harper checks the part after the hyphen alone, and a plural it has not listed is
        still good English when the word without its "s" is one it knows."""
        if kind != SPELLING_KIND or before != "-" or not problem.islower():
            return False
        if not problem.endswith("s") or len(problem) < 3:
            return False
        stem = problem[:-1]
        return not any(str(x.lint_kind) == SPELLING_KIND
                       for x in self._linter.lint(stem, language="plaintext"))

    def _check(self, text: str) -> GrammarResult:
        safe = safe_text(text)
        mask = self.config.ignore_regex or None
        lints = self._linter.lint(safe, language="plaintext", regex_mask=mask)
        ignored = self.config.ignored_spans(safe) if mask else []
        issues: list[RawIssue] = []
        for lint in lints:
            span = lint.span
            kind = str(lint.lint_kind)
            problem = lint.problem_text
            if self._name_not_a_slip(kind, problem, lint.suggestions):
                continue
            if _good_english_doubled(kind, problem):
                continue
            if self._compound_plural(kind, problem, safe[span.start - 1:span.start]):
                continue
            if self._known_possessive(kind, problem):
                continue
            near = safe[max(0, span.start - 30):span.start]  # the text just before the slip
            if self._own_word_reshaped(kind, problem, lint.suggestions, near):
                continue
            if self._small_letter_at_start(kind, problem, lint.suggestions, near):
                continue
            if _a_misreading(kind, problem, lint.message, near, safe[span.end:span.end + 40]):
                continue
            guesses = [s.replacement_text for s in lint.suggestions]
            if _compound_written_solid(kind, problem, guesses):
                continue
            if kind == SPELLING_KIND:
                before = safe[max(0, span.start - 40):span.start]
                if (_a_name(problem, guesses, self.words)
                        or self._after_a_first_name(problem, before)
                        or _short_name(problem, before, self.words)):
                    continue
            if _about_a_masked_part(span.start, span.end, problem, lint.message, ignored,
                                    safe[span.start - 1:span.start]):
                continue
            suggestions: list[str] = []
            for s in lint.suggestions:
                kind_value = int(s.kind)
                if kind_value == 0:  # REPLACE
                    suggestions.append(s.replacement_text)
                elif kind_value == 2:  # INSERT_AFTER: the whole span as it would read
                    suggestions.append(problem + s.replacement_text)
                # REMOVE has no text to offer as a button; the message says what to remove.
            spelling = kind == SPELLING_KIND
            message = (f"“{problem}” may be misspelt. Check it, or add it to your dictionary "
                       "if it is right." if spelling else plain_message(lint.message))
            issues.append(RawIssue(span.start, span.end, kind, spelling, message,
                                   tuple(suggestions)))
        state = self._set_state(EngineStatus.READY)
        return GrammarResult(text, self.findings_from(text, issues), state)
