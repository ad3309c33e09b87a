"""The golden rule as the few questions that matter for one post.

The policy's golden rule asks the writer to read a post back and ask whether it could be
misconstrued as offensive, breaching confidentiality or harmful to RWT. A tick box for that
is easy to tick without thinking; a question about *this* post is not. :func:`golden_questions`
reads the post (its words, its pictures and what the check found) and returns a question for
each thing in it that the checks cannot judge alone: a person it names, a business, a
child, health, money, staffing or a meeting, a change still to come, a picture with people,
a reply to someone. Each question says what it is based on (spans of the post), so the
read-back can show the words.

The questions come from the post's structure (capitalised names, titles, business endings,
ages, "from January", a leading @mention), never from a judgement of what is true, and a
plain event notice raises at most one. Their wording and word lists are data, in
``resources/golden_rule.toml``.

Pure Python with no Qt: the read-back dialog shows the questions, the record keeps the
answers, and the tests run the corpus in ``tests/data/golden-rule/`` through this module.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, cached_property
from typing import Any

from rwt_desktop.core.findings import Finding
from rwt_desktop.core.policy import Policy
from rwt_desktop.core.text import Sentences, normalise

#: Longest text read for questions: more than any channel takes (Facebook's 63,206), so a
#: real post is read whole, while a pasted book does not hold up the read-back.
MAX_READ_CHARS = 100_000

#: Question ids, in the order the read-back asks them.
QUESTION_IDS = ("reply", "person", "child", "business", "sensitive", "future", "picture")


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    NOT_SURE = "not sure"

    @property
    def words(self) -> str:
        return {"yes": "Yes", "no": "No", "not sure": "Not sure"}[self.value]


@dataclass(frozen=True, slots=True)
class Basis:
    """What a question is based on: a span of the post (Python indices), or a picture."""

    start: int
    end: int
    text: str
    picture: str = ""


@dataclass(frozen=True, slots=True)
class GoldenQuestion:
    """One question for the read-back."""

    id: str
    text: str
    based_on: tuple[Basis, ...] = ()

    def record_line(self, answer: Answer) -> str:
        """How the question and its answer read in the confirmation record."""
        return f"Golden rule: {self.text} Answer: {answer.words}."


class GoldenRuleError(ValueError):
    """The golden rule data file is missing something it needs."""


# --------------------------------------------------------------------------- the data


@dataclass(frozen=True)
class GoldenRuleData:
    """``resources/golden_rule.toml``, checked and compiled once."""

    wording: Mapping[str, str]
    answers: Mapping[str, str]
    titles: frozenset[str]
    not_after_title: frozenset[str]
    relations: tuple[str, ...]
    described: tuple[re.Pattern[str], ...]
    cues_before: tuple[str, ...]
    cues_after: tuple[str, ...]
    not_names: frozenset[str]
    place_words: frozenset[str]
    place_before: frozenset[str]
    given_names: frozenset[str]
    ambiguous_names: frozenset[str]
    suffixes: tuple[str, ...]
    generic_first_words: frozenset[str]
    sentence_openers: frozenset[str]
    known_businesses: tuple[str, ...]
    venue_words: tuple[str, ...]
    claim_words: re.Pattern[str]
    child_family: tuple[str, ...]
    child_own: tuple[str, ...]
    child_single: tuple[str, ...]
    child_not_after: frozenset[str]
    adult_age: int
    sensitive: Mapping[str, re.Pattern[str]]
    health_conditions: re.Pattern[str]
    topic_words: Mapping[str, str]
    future: tuple[re.Pattern[str], ...]
    greetings: tuple[str, ...]
    everyone: frozenset[str]

    # Compiled once per data file: a read-back of a 60,000-character post must not wait.

    @cached_property
    def suffix_rx(self) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w@#])(?:{_alternatives(self.suffixes)})(?!\w)")

    @cached_property
    def business_follows_rx(self) -> re.Pattern[str]:
        return re.compile(rf"(?:\s+[A-Z][\w'’&-]*){{0,2}}\s+(?:{_alternatives(self.suffixes)})"
                          r"(?!\w)")

    @cached_property
    def known_rx(self) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w@#])(?:{_alternatives(self.known_businesses)})(?![\w'’-])")

    @cached_property
    def cues_before_rx(self) -> re.Pattern[str]:
        return re.compile(rf"(?:^|\s)(?:{_alternatives(self.cues_before)})[,:!]?$")

    @cached_property
    def cues_after_rx(self) -> re.Pattern[str]:
        plain = [c for c in self.cues_after if not c.startswith("'s ")]
        return re.compile(rf"(?:{_alternatives(plain)})\b")

    @cached_property
    def possessive_cues_rx(self) -> re.Pattern[str]:
        owned = [c[3:] for c in self.cues_after if c.startswith("'s ")]
        return re.compile(rf"(?:{_alternatives(owned)})\b")

    @cached_property
    def relations_rx(self) -> re.Pattern[str]:
        return re.compile(rf"\b(?:my|our|his|her|their|your)\s+(?:(?:next[-\s]door|elderly|old|"
                          rf"best|lovely|new)\s+)?(?:{_alternatives(self.relations)})\b",
                          re.IGNORECASE)

    @classmethod
    def from_toml(cls, text: str, where: str = "golden_rule.toml") -> GoldenRuleData:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise GoldenRuleError(f"{where}: {exc}") from None

        def table(name: str) -> Mapping[str, Any]:
            value = data.get(name)
            if not isinstance(value, dict):
                raise GoldenRuleError(f"{where}: the [{name}] table is missing")
            return value

        def words(tbl: str, key: str) -> tuple[str, ...]:
            value = table(tbl).get(key)
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise GoldenRuleError(f"{where}: [{tbl}] {key} must be a list of words")
            return tuple(v.strip() for v in value if v.strip())

        wording = {k: v for k, v in table("questions").items() if isinstance(v, str)}
        needed = ("person_one", "person_many", "person_mention", "business_one",
                  "business_many", "child", "sensitive", "future", "picture_one",
                  "picture_many", "reply")
        for key in needed:
            if key not in wording:
                raise GoldenRuleError(f"{where}: [questions] {key} is missing")
        answers = {k: v for k, v in table("answers").items() if isinstance(v, str)}
        for key in ("no", "not_sure"):
            if key not in answers:
                raise GoldenRuleError(f"{where}: [answers] {key} is missing")
        sens = table("sensitive")
        topics = sens.get("topic_words", {})
        sensitive: dict[str, re.Pattern[str]] = {}
        for topic in ("health", "money", "staffing", "meeting"):
            sensitive[topic] = _phrases(words("sensitive", topic))
        future: list[re.Pattern[str]] = []
        for n, pattern in enumerate(words("future", "patterns"), 1):
            try:
                future.append(re.compile(pattern, re.IGNORECASE))
            except re.error as exc:
                raise GoldenRuleError(f"{where}: [future] pattern {n}: {exc}") from None
        ambiguous = frozenset(words("people", "ambiguous_names"))
        age = table("children").get("adult_age", 18)
        if not isinstance(age, int) or isinstance(age, bool):
            raise GoldenRuleError(f"{where}: [children] adult_age must be a whole number")
        return cls(
            wording=wording,
            answers=answers,
            titles=frozenset(words("people", "titles")),
            not_after_title=frozenset(words("people", "not_after_title")),
            relations=words("people", "relations"),
            described=tuple(re.compile(x, re.IGNORECASE) for x in words("people", "described")),
            cues_before=words("people", "cues_before"),
            cues_after=words("people", "cues_after"),
            not_names=frozenset(words("people", "not_names")),
            place_words=frozenset(words("people", "place_words")),
            place_before=frozenset(words("people", "place_before")),
            given_names=frozenset(words("people", "given_names")) - ambiguous,
            ambiguous_names=ambiguous,
            suffixes=words("businesses", "suffixes"),
            generic_first_words=frozenset(words("businesses", "generic_first_words")),
            sentence_openers=frozenset(words("businesses", "sentence_openers")),
            known_businesses=words("businesses", "known"),
            venue_words=words("businesses", "venue_words"),
            claim_words=re.compile(
                rf"\b(?:{'|'.join(re.escape(w) for w in words('businesses', 'claim_words'))})",
                re.IGNORECASE),
            child_family=words("children", "family"),
            child_own=words("children", "own"),
            child_single=words("children", "single"),
            child_not_after=frozenset(w.lower() for w in words("children", "not_after")),
            adult_age=age,
            sensitive=sensitive,
            health_conditions=_phrases(words("sensitive", "health_conditions")),
            topic_words={k: str(v) for k, v in topics.items()},
            future=tuple(future),
            greetings=words("reply", "greetings"),
            everyone=frozenset(w.lower() for w in words("reply", "everyone")),
        )


def _alternatives(items: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))


def _phrase_body(phrase: str) -> str:
    star = phrase.endswith("*")
    body = r"\s+".join(re.escape(w) for w in phrase.rstrip("*").split())
    body = body.replace("'", "['’]?")
    return body + (r"\w*" if star else "")


def _phrases(phrases: Iterable[str]) -> re.Pattern[str]:
    bodies = sorted((_phrase_body(p) for p in phrases), key=len, reverse=True)
    return re.compile(rf"(?<![\w@#])(?:{'|'.join(bodies)})(?!\w)", re.IGNORECASE)


@cache
def builtin_golden_rule() -> GoldenRuleData:
    from rwt_desktop.resources_path import read_text

    return GoldenRuleData.from_toml(read_text("golden_rule.toml"))


# --------------------------------------------------------------------------- reading a post

_CAP = r"[A-Z][a-zA-Z'’\-]*[a-z][a-zA-Z'’\-]*|[A-Z]"
#: A capitalised word or one in capitals ("PCSO"), as the people reader sees words.
_ANY_CAP = rf"{_CAP}|[A-Z]{{2,}}"
_CAP_WORD = re.compile(rf"(?<![\w@#&'’])(?:{_ANY_CAP})(?![\w&])")
_HANDLE = re.compile(r"(?<![\w@])@\w{1,30}")
_AGE_AFTER = re.compile(r"\s*(?:,\s*|\(|\s+aged\s+)\d{1,2}\b")
_AGE_WORDS = re.compile(
    r"\b(?:aged?\s+(\d{1,2})(?!\s*(?:\+|and\s+over|or\s+over|plus|-|–|to\b))"
    r"|(\d{1,2})[-\s]?(?:years?|yrs?)[-\s]?old\b|(?:year|yr)\s?([1-9]|1[0-3])\b(?!\s*(?:olds?|\+))"
    r"|(?<=[a-z]),\s*(\d{1,2})(?=\s*[,!)]|\.(?!\d)|\s+(?:from|at|of|in|and)\b))",
    re.IGNORECASE)


#: A person in a sentence without a name: "she", "his", "our treasurer has".
_PERSON_WORD = re.compile(r"\b(?:he|she|him|his|her|hers|himself|herself)\b|\b(?:our|my)\s+"
                          r"[a-z]+\s+(?:is|was|has|had)\b", re.IGNORECASE)


def _possessive_free(word: str) -> str:
    return re.sub(r"['’]s$", "", word)


class _Reader:
    """One post read once for every question."""

    def __init__(self, text: str, data: GoldenRuleData, policy: Policy | None) -> None:
        self.text = text
        self.norm = normalise(text)
        self.data = data
        self.sentences = Sentences(self.norm)
        self.sentence_starts = set()
        for a, _b in self.sentences.spans:
            j = a
            while j < len(self.norm) and not self.norm[j].isalnum():
                j += 1
            self.sentence_starts.add(j)
        own: set[str] = set()
        if policy is not None:
            for phrase in (*policy.local_words, policy.name, policy.short_name,
                           *(a.name for a in policy.admins),
                           *(r.name for r in policy.reviewers)):
                own.update(phrase.split())
                own.add(phrase)
        self.own = frozenset(own)
        self.org_words = frozenset((policy.name, policy.short_name) if policy is not None
                                   else ())

    # ------------------------------------------------------------------ helpers

    def at_sentence_start(self, pos: int) -> bool:
        if pos in self.sentence_starts:
            return True
        before = self.norm[max(0, pos - 3):pos]
        return pos == 0 or "\n" in before

    def word_before(self, pos: int) -> str:
        m = re.search(r"([\w'’.]+)\s+$", self.norm[max(0, pos - 40):pos])
        return m.group(1).rstrip(".") if m else ""

    def word_after(self, end: int) -> str:
        m = re.match(r"\s+([\w'’&]+)", self.norm[end:end + 40])
        return m.group(1) if m else ""

    def lower_before(self, pos: int, n: int = 40) -> str:
        return " ".join(self.norm[max(0, pos - n):pos].lower().split())

    # ------------------------------------------------------------------ people

    def people(self, businesses: Sequence[Basis] = ()) -> tuple[list[Basis], list[Basis]]:
        """(named people, people mentioned by who they are: "my neighbour").

        Words inside ``businesses`` (already read) are never a person."""
        d = self.data
        named: list[Basis] = []
        taken = bytearray(len(self.norm) + 1)
        for x in businesses:
            taken[x.start:x.end] = b"\x01" * (x.end - x.start)

        def add(a: int, b: int) -> None:
            if any(taken[a:b]):
                return
            taken[a:b] = b"\x01" * (b - a)
            named.append(Basis(a, b, self.text[a:b]))

        words = [(m.start(), m.end(), _possessive_free(m.group())) for m in
                 _CAP_WORD.finditer(self.norm)]
        for i, (a, b, w) in enumerate(words):
            nxt = words[i + 1] if i + 1 < len(words) else None
            adjacent = nxt is not None and re.fullmatch(r"\s+", self.norm[b:nxt[0]]) is not None
            surname = (nxt if adjacent and nxt[2] not in d.place_words
                       and nxt[2] not in d.not_names and nxt[2] not in self.own
                       and nxt[2] not in d.titles else None)
            if w in d.titles and w not in d.given_names:
                if nxt is not None and adjacent and nxt[2] not in d.not_after_title \
                        and nxt[2] not in d.not_names and nxt[2] not in self.own:
                    end = nxt[1]
                    after = words[i + 2] if i + 2 < len(words) else None
                    if after is not None and re.fullmatch(r"\s+", self.norm[end:after[0]]) \
                            and after[2] not in d.place_words and after[2] not in d.not_names:
                        end = after[1]
                    if (self.word_after(end) or "") not in d.place_words:
                        add(a, end)
                continue
            if w in d.not_names or w in self.own or (w.upper() == w and len(w) > 1):
                continue
            before = self.word_before(a)
            if before in d.place_before or before in d.titles:
                continue
            after_word = self.word_after(b)
            if after_word in d.place_words or (surname is not None and
                                                self.word_after(surname[1]) in d.place_words):
                continue
            if self._business_follows(b):
                continue
            cue = self._cue_before(a) or self._cue_after(a, b)
            if w in d.given_names:
                add(a, surname[1] if surname else b)
            elif w in d.ambiguous_names:
                if surname is not None and surname[2] in d.given_names | d.ambiguous_names:
                    continue  # "Rose Grace": two names would be a coincidence of words
                if surname is not None or cue:
                    add(a, surname[1] if surname else b)
            elif cue and not self.at_sentence_start(a) and w not in d.place_words \
                    and not self._capitalised_before(a):
                # An unlisted name in a person's place: "thanks to Zbigniew".
                add(a, surname[1] if surname else b)
        mentioned: list[Basis] = []
        for m in self.data.relations_rx.finditer(self.norm):
            mentioned.append(Basis(m.start(), m.end(), self.text[m.start():m.end()]))
        for rx in self.data.described:
            for m in rx.finditer(self.norm):
                mentioned.append(Basis(m.start(), m.end(), self.text[m.start():m.end()]))
        mentioned.sort(key=lambda x: x.start)
        return named, mentioned

    def _capitalised_before(self, pos: int) -> bool:
        """Whether the word just before ``pos`` is capitalised (so part of a longer name,
        "Northwich Volunteer Centre"), other than at a sentence's start."""
        m = re.search(r"(\S+)\s+$", self.norm[max(0, pos - 40):pos])
        if m is None or not m.group(1)[:1].isupper() or self._cue_before(pos):
            return False
        return not self.at_sentence_start(pos - len(m.group(0)))

    def _cue_before(self, pos: int) -> bool:
        return self.data.cues_before_rx.search(self.lower_before(pos)) is not None

    def _cue_after(self, start: int, end: int) -> bool:
        raw = self.norm[start:end].replace("’", "'")
        after = " ".join(self.norm[end:end + 30].lower().replace("’", "'").split())
        if _AGE_AFTER.match(self.norm, end):
            return True  # "Lily, 7, sang ...": an age after a name
        if raw.endswith("'s"):
            return self.data.possessive_cues_rx.match(after) is not None
        return self.data.cues_after_rx.match(after) is not None

    def _business_follows(self, end: int) -> bool:
        return self.data.business_follows_rx.match(self.norm[end:end + 60]) is not None

    # ------------------------------------------------------------------ businesses

    def businesses(self) -> list[Basis]:
        d = self.data
        found: list[Basis] = []
        taken = bytearray(len(self.norm) + 1)

        def add(a: int, b: int) -> None:
            if any(taken[a:b]):
                return
            taken[a:b] = b"\x01" * (b - a)
            found.append(Basis(a, b, self.text[a:b]))

        tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", self.norm)]
        starts = {t[0]: i for i, t in enumerate(tokens)}
        for m in d.suffix_rx.finditer(self.norm):
            if True:
                i = starts.get(m.start())
                if i is None:
                    continue
                lead: list[tuple[int, int, str]] = []
                j = i - 1
                while j >= 0 and len(lead) < 4:
                    word = tokens[j][2]
                    if not (word[0].isupper() or word[0].isdigit() or word in ("&", "and")) \
                            or re.search(r"[.,!?:;]$", word):
                        break
                    lead.insert(0, tokens[j])
                    j -= 1
                while lead and (lead[0][2] in d.generic_first_words
                                or lead[0][2] in d.not_names or lead[0][2] in ("&", "and")
                                or lead[0][2] in d.sentence_openers):
                    lead.pop(0)
                if not lead:
                    continue
                name = self.norm[lead[0][0]:m.end()]
                if name in self.own or " ".join(t[2] for t in lead) in self.org_words:
                    continue
                if not self._only_a_venue(lead[0][0]):
                    add(lead[0][0], m.end())
        for m in d.known_rx.finditer(self.norm):
            known = m.group()
            if True:
                if known in ("Next", "Sky", "Meta", "Google", "Facebook") and (
                        self.at_sentence_start(m.start()) or known == "Facebook"):
                    continue  # "Next week ..."; "message us on Facebook" is our own page
                if not self._only_a_venue(m.start()):
                    add(m.start(), m.end())
        found.sort(key=lambda x: x.start)
        return found

    def _only_a_venue(self, pos: int) -> bool:
        """A business named as where something happens ("at the Co-op"), in a sentence
        that says nothing about it."""
        before = self.lower_before(pos, 20)
        if not any(before == v or before.endswith(" " + v) for v in self.data.venue_words):
            return False
        a, b = self.sentences.around(pos)
        return self.data.claim_words.search(self.norm, a, b) is None

    # ------------------------------------------------------------------ children

    def children(self, people: Sequence[Basis]) -> list[Basis]:
        """Where the post is about one child (``people``: the names it holds)."""
        d = self.data
        out: list[Basis] = []

        def alternatives(items: Iterable[str]) -> str:
            return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))

        def add(a: int, b: int, general: bool = False) -> None:
            after = re.match(r"(['’]s)?\s*([\w-]+)?", self.norm[b:b + 30])
            if after and ((general and after.group(1))
                          or (after.group(2) or "").lower() in d.child_not_after):
                return  # "a child's scooter", "the toddler group"
            out.append(Basis(a, b, self.text[a:b]))

        adjectives = (r"(?:(?:little|young|eldest|youngest|oldest|baby|two|three|twin|new|"
                      r"teenage|local|"
                      r"lovely|brave|clever|amazing|\d{1,2}[-\s]year[-\s]old)\s+)?")
        family = alternatives(d.child_family)
        for m in re.finditer(rf"\b(?:my|our|his|her|their|[A-Z][a-z]+['’]s)\s+{adjectives}"
                             rf"(?:{family})\b", self.norm, re.IGNORECASE):
            add(m.start(), m.end())
        own = alternatives(d.child_own)
        for m in re.finditer(rf"\b(?:my|his|her|their)\s+{adjectives}(?:{own})\b",
                             self.norm, re.IGNORECASE):
            add(m.start(), m.end())
        single = alternatives(d.child_single)
        for m in re.finditer(rf"\b(?:a|the|this|that)\s+{adjectives}(?:{single})\b(?!s)",
                             self.norm, re.IGNORECASE):
            add(m.start(), m.end(), general=True)
        for m in re.finditer(r"\b[Ll]ittle\s+([A-Z][a-z]+)", self.norm):
            if m.group(1) in d.given_names | d.ambiguous_names:
                add(m.start(), m.end())
        for m in _AGE_WORDS.finditer(self.norm):
            value = next(int(g) for g in m.groups() if g is not None)
            if m.group(3) is not None:  # a school year: a child only beside a name
                a, b = self.sentences.around(m.start())
                if not any(a <= p.start < b for p in people):
                    continue
            elif value >= d.adult_age:
                continue
            if m.group(4) is not None:  # "Amelia, 8": only straight after a person's name
                before = re.search(r"([A-Za-z'’]+)$", self.norm[max(0, m.start() - 30):m.start()])
                if before is None or before.group(1) not in d.given_names | d.ambiguous_names:
                    continue
            a = m.start() + (1 if self.norm[m.start()] == "," else 0)
            out.append(Basis(a, m.end(), self.text[a:m.end()]))
        out.sort(key=lambda x: x.start)
        return out

    # ------------------------------------------------------------------ the rest

    def sensitive(self, people: Sequence[Basis]) -> dict[str, list[Basis]]:
        """Health, money, staffing and meetings, by topic (``people``: who the post names
        or mentions, for health conditions)."""
        out: dict[str, list[Basis]] = {}
        for topic, rx in self.data.sensitive.items():
            for m in rx.finditer(self.norm):
                out.setdefault(topic, []).append(
                    Basis(m.start(), m.end(), self.text[m.start():m.end()]))
        for m in self.data.health_conditions.finditer(self.norm):
            a, b = self.sentences.around(m.start())
            if any(a <= p.start < b for p in people) or _PERSON_WORD.search(self.norm, a, b):
                out.setdefault("health", []).append(
                    Basis(m.start(), m.end(), self.text[m.start():m.end()]))
        return out

    def future(self) -> list[Basis]:
        out: list[Basis] = []
        for rx in self.data.future:
            for m in rx.finditer(self.norm):
                out.append(Basis(m.start(), m.end(), self.text[m.start():m.end()]))
        out.sort(key=lambda x: x.start)
        return out

    def reply(self) -> list[Basis]:
        lead = len(self.norm) - len(self.norm.lstrip())
        head = self.norm[lead:]
        handles = re.match(r"(?:\.?@\w{1,30}[,:]?\s*)+", head)
        if handles:
            return [Basis(lead + m.start(), lead + m.end(), m.group())
                    for m in _HANDLE.finditer(head[:handles.end()])]
        m = re.match(r"(?:replying\s+to|in\s+reply\s+to|re:)\s+(\S+)", head, re.IGNORECASE)
        if m:
            return [Basis(lead + m.start(1), lead + m.end(1), m.group(1))]
        greetings = "|".join(re.escape(g) for g in self.data.greetings)
        m = re.match(rf"(?:{greetings})\s+((?:{_CAP})(?:\s+(?:{_CAP}))?)\s*[,!:\n]", head)
        if m and m.group(1).split()[0].lower() not in self.data.everyone \
                and m.group(1).split()[0] not in self.own:
            return [Basis(lead + m.start(1), lead + m.end(1), m.group(1))]
        return []


# --------------------------------------------------------------------------- questions


def _join(names: Sequence[str]) -> str:
    names = list(dict.fromkeys(names))
    if len(names) == 1:
        return names[0]
    if len(names) > 4:
        names = [*names[:3], f"{len(names) - 3} more"]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _quote(basis: Sequence[Basis]) -> str:
    first = " ".join(basis[0].text.split())
    return f"“{first if len(first) <= 50 else first[:49] + '…'}”"


def _once(basis: Iterable[Basis]) -> tuple[Basis, ...]:
    """Each span once (a phrase and the check's finding on it are one thing to show)."""
    seen: set[tuple[int, int, str]] = set()
    out = []
    for b in basis:
        key = (b.start, b.end, b.picture)
        if key not in seen:
            seen.add(key)
            out.append(b)
    return tuple(out)


def _findings_of(findings: Iterable[Finding], *prefixes: str) -> list[Basis]:
    return [Basis(f.start, f.end, f.text) for f in findings
            if not f.image and f.end > f.start and f.rule.startswith(prefixes)]


def golden_questions(text: str, findings: Sequence[Finding] = (),
                     attachments: Sequence[Any] = (), *, policy: Policy | None = None,
                     data: GoldenRuleData | None = None) -> list[GoldenQuestion]:
    """The questions the read-back asks about ``text``, in :data:`QUESTION_IDS` order.

    ``findings`` are the check's findings for the text (a child's name and age found by the
    personal-data rule also raises the child question); ``attachments`` are the post's
    pictures (``core.images.ImageAttachment`` or anything with ``people_identifiable``,
    ``children`` and ``name``); ``policy`` gives the organisation's own words, local places
    and admins, which are never taken for a person or a business.
    """
    if policy is None:
        from rwt_desktop.core.policy import builtin_policy

        policy = builtin_policy()
    d = data or builtin_golden_rule()
    w = d.wording
    text = text[:MAX_READ_CHARS]
    findings = [f for f in findings if f.end <= len(text)]
    reader = _Reader(text, d, policy)
    out: list[GoldenQuestion] = []

    replied = reader.reply() if text.strip() else []
    if replied:
        out.append(GoldenQuestion("reply", w["reply"].format(
            who=_join([b.text.strip() for b in replied])), tuple(replied)))

    businesses = reader.businesses()
    named, mentioned = reader.people(businesses)
    # The person a reply starts with is asked about once, by the reply question.
    named = [b for b in named if not any(r.start <= b.start < r.end for r in replied)]
    if named:
        names = [" ".join(b.text.split()) for b in named]
        key = "person_one" if len(set(names)) == 1 else "person_many"
        out.append(GoldenQuestion("person", w[key].format(name=names[0], names=_join(names)),
                                  _once(named + mentioned)))
    elif mentioned:
        names = ["your " + b.text.split()[-1].lower()
                 if b.text.split()[0].lower() == "my" else b.text.lower() for b in mentioned]
        out.append(GoldenQuestion("person", w["person_mention"].format(names=_join(names)),
                                  tuple(mentioned)))

    child = reader.children(named) + _findings_of(findings, "personal_data.child")
    if child:
        child.sort(key=lambda b: b.start)
        out.append(GoldenQuestion("child", w["child"].format(excerpt=_quote(child)),
                                  _once(child)))

    if businesses:
        names = [" ".join(b.text.split()) for b in businesses]
        key = "business_one" if len(set(names)) == 1 else "business_many"
        out.append(GoldenQuestion("business", w[key].format(name=names[0],
                                                            names=_join(names)),
                                  tuple(businesses)))

    topics = reader.sensitive(named + mentioned)
    health_findings = _findings_of(findings, "personal_data.health")
    if health_findings:
        topics.setdefault("health", []).extend(health_findings)
    confidential = _findings_of(findings, "confidential.")
    if topics or confidential:
        # The words that name the topic first, then what the checks found.
        basis = sorted((b for bs in topics.values() for b in bs), key=lambda b: b.start)
        basis += sorted(confidential, key=lambda b: b.start)
        words = [d.topic_words.get(t, t) for t in ("health", "money", "staffing", "meeting")
                 if t in topics] or ["something private"]
        out.append(GoldenQuestion("sensitive", w["sensitive"].format(
            topics=_join(words).replace(" and ", " or ") if len(words) > 1 else words[0],
            excerpt=_quote(basis)), _once(basis)))

    future = reader.future() + _findings_of(findings, "unannounced_plans.")
    if future:
        future.sort(key=lambda b: b.start)
        out.append(GoldenQuestion("future", w["future"].format(excerpt=_quote(future)),
                                  _once(future)))

    pictures = [a for a in attachments
                if getattr(a, "people_identifiable", "no") in ("yes", "unsure")
                or getattr(a, "children", False)]
    if pictures:
        names = [f"“{getattr(a, 'name', 'The picture')}”" for a in pictures]
        key = "picture_one" if len(pictures) == 1 else "picture_many"
        out.append(GoldenQuestion("picture", w[key].format(pictures=_join(names)),
                                  tuple(Basis(0, 0, "", picture=getattr(a, "name", ""))
                                        for a in pictures)))
    return out


def answer_advice(answer: Answer, data: GoldenRuleData | None = None) -> str:
    """What to do after an answer other than Yes ("" for Yes)."""
    if answer is Answer.YES:
        return ""
    d = data or builtin_golden_rule()
    return d.answers["no" if answer is Answer.NO else "not_sure"]
