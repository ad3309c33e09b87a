"""Reading a post for the golden-rule questions: the people, businesses, children,
sensitive topics and plans still to come that it names, as spans of the post.

Only the post's structure counts (capitalised names, titles, business endings, ages,
"from January", a leading @mention), never a judgement of what is true.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rwt_desktop.core.golden_rule.data import GoldenRuleData
from rwt_desktop.core.policy import Policy
from rwt_desktop.core.text import Sentences, normalise


@dataclass(frozen=True, slots=True)
class Basis:
    """What a question is based on: a span of the post (Python indices), or a picture."""

    start: int
    end: int
    text: str
    picture: str = ""


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


class PostReader:
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
