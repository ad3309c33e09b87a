"""Health details: a condition or treatment in the same sentence as an identified person."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from rwt_desktop.core.policy import Policy, RuleSpec
from rwt_desktop.core.rules.engine import Context
from rwt_desktop.core.rules.pattern_analysis import PatternAnalysis
from rwt_desktop.core.rules.personal_data.common import (
    GRAMMAR_NON_NAMES,
    NAME_WORD,
    CappedDetector,
    alternation,
    option_patterns,
    option_words,
    sentence_near,
    word_set,
)
from rwt_desktop.core.rules.registry import Hit, register

#: Months that are also first names.
_MONTH_NAMES = frozenset({"jan", "april", "may", "june", "august"})
#: Possessives that start a relation ("Our treasurer"), lower-cased inside a message.
_POSSESSIVES = frozenset({"My", "Our", "Your", "His", "Her", "Their"})


class _PersonFinder:
    """Finds a named or clearly identified person in a stretch of text.

    "our treasurer Brian", "her husband", "my neighbour", "Mrs Jones", "Brian has...",
    "wishing Brian...". Capitalised words that are places, groups or grammar do not count.
    """

    def __init__(self, spec: RuleSpec, policy: Policy,
                 regex: Callable[[str, int], re.Pattern[str]] = re.compile) -> None:
        relations = option_words(spec, "relations")
        followers = option_words(spec, "relation_followers")
        not_names = option_words(spec, "not_names")
        self.not_names = GRAMMAR_NON_NAMES | word_set(not_names) | word_set(
            w for phrase in policy.local_words for w in phrase.split())
        rel = alternation(relations)
        self.relation = regex(
            # "our lovely walk leader": two words between "our" and the relation
            rf"\b(?:(?:my|our|his|her|their)\s+(?:[a-z-]+\s+){{0,2}}|"
            rf"(?:your|{NAME_WORD}'s)\s+(?:[a-z-]+\s+)?)(?:{rel})"
            r"(?P<after>'s\b|\b(?![-'])\s*(?P<next>[A-Za-z]+)?)", re.IGNORECASE)
        self.followers = word_set(followers)
        self.title = regex(rf"\b(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+{NAME_WORD}", 0)
        self.name_verb = regex(
            rf"(?<![\w'-])(?P<name>{NAME_WORD})(?:\s+(?P<second>{NAME_WORD}))?"
            r"(?:'s\b|,?\s+(?:who|whose|is|was|has|had|have|will|got|went|underwent|remains|"
            r"needs|needed|starts|started|began|finished|faces|suffered|collapsed|passed|"
            r"recently|just|lost|lives|living|battled|battling|fought|fighting|"
            r"continues|from\s+(?:the|our|number)|at\s+number|won't|can't)\b"
            r"|\s+from\s+(?-i:[A-Z][a-z]+)\b)")
        self.name_cue = regex(
            r"\b(?:wish(?:ing)?|thinking\s+of|thoughts\s+(?:are\s+)?with|love\s+to|hugs\s+to|"
            r"praying\s+for|prayers\s+(?:for|to)|get\s+well\s+soon,?|speedy\s+recovery,?|"
            r"recovery\s+to|welcome\s+back,?|best\s+wishes\s+to|sending\s+(?:love|"
            r"best\s+wishes)\s+to|(?:card|cards|flowers|note|message)\s+(?:to|for))\s+"
            r"(?:to\s+)?(?:our\s+\w+\s+)?"
            rf"(?P<name>{NAME_WORD})", re.IGNORECASE)

        # "Please keep our Jean in your thoughts": the person the post asks prayers for.
        self.kept_in_thoughts = regex(
            rf"\bkeep\s+(?:(?:our|dear|lovely|little|old)\s+)*(?P<name>{NAME_WORD})"
            r"(?:\s+[A-Z][a-z]+)?\s+in\s+(?:your|our)\s+(?:thoughts|prayers)", 0)

    def _is_name(self, word: str) -> bool:
        return word.lower() not in self.not_names and not word.isupper()

    @staticmethod
    def _month_person(m: re.Match[str]) -> bool:
        """"Jan from the choir", "June's operation": a month's name used as a first name.

        Only with a follower no date would have ("May is busy" stays a month).
        """
        rest = m.group()[len(m.group("name")):].lower()
        return (m.group("second") is None and m.group("name").lower() in _MONTH_NAMES
                and re.match(r"'s\b|,?\s+(?:from\s+(?:the|our)|who|whose)\b", rest) is not None)

    def find(self, text: str) -> str | None:
        """The words that identify a person in ``text``, or None."""
        for m in self.relation.finditer(text):
            nxt = m.group("next")
            if m.group("after") == "'s" or nxt is None or nxt[0].isupper() or (
                    nxt.lower() in self.followers):
                # The words up to the relation (and a name after it) only: a word after it
                # ("is", "has") just shows it is a person, and read "about Our new volunteer
                # is" in the message.
                cut = m.end("next") if nxt is not None and nxt[0].isupper() else m.start("after")
                found = m.group()[:cut - m.start()].strip()
                first, _, rest = found.partition(" ")
                if first in _POSSESSIVES:  # "Our" from the start of a sentence, mid-message
                    found = f"{first.lower()} {rest}"
                return found
        m = self.title.search(text)
        if m:
            return m.group()
        for m in self.name_verb.finditer(text):
            name = m.group("name")
            start = m.start()
            before = text[max(0, start - 4):start].lower()
            if before.endswith(("the ", " a ", "an ")):
                continue
            if self._is_name(name) and (m.group("second") is None
                                        or self._is_name(m.group("second"))):
                return name
            if self._month_person(m):
                return name
            second = m.group("second")
            if second is not None and self._is_name(second) and not self._is_name(name):
                return second
        for m in self.name_cue.finditer(text):
            name = m.group("name")
            if name[0].isupper() and self._is_name(name):
                return name
        for m in self.kept_in_thoughts.finditer(text):
            if self._is_name(m.group("name")):
                return m.group("name")
        return None


@register("health_details")
class HealthDetailsDetector(CappedDetector):
    """A health condition or treatment in the same sentence as an identified person.

    General health messaging ("dementia-friendly café", "cancer support group", "free flu
    jabs") does not count: a term followed by a service word is about a service, not a person.
    """

    def __init__(self, spec: RuleSpec, policy: Policy,
                 analysis: PatternAnalysis | None = None) -> None:
        super().__init__(spec, policy, analysis)
        # Run on the lower-cased post with no look-behind, so the engine can skip quickly
        # to a possible first letter; a match inside a word is dropped in _terms().
        self.terms = self._regex(
            rf"(?:{self._alternation(option_words(spec, 'terms'))})(?![\w])")
        after = self._alternation(option_words(spec, "generic_after"))
        self.generic_after = self._regex(
            rf"^(?:'s)?[\s-]*(?:(?:and|&|/)\s*[\w']+\s+)?(?:{after})\b", re.IGNORECASE)
        before = self._alternation(option_words(spec, "generic_before"))
        self.generic_before = self._regex(
            rf"\b(?:{before})[\s-]+(?:(?!(?:my|your|his|her|their|our)\b)[\w']+\s+)?$",
                                         re.IGNORECASE)
        patterns = option_patterns(spec, "not_health", self._regex)
        self.not_health = self._regex("|".join(f"(?:{p})" for p in patterns),
                                     re.IGNORECASE) if patterns else None
        self.people = _PersonFinder(spec, policy, self._regex)
        # For the engine: the first word of every term, lower-cased, one of which must appear.
        self.triggers = frozenset(t.lower().split()[0].split("'")[0]
                                  for t in option_words(spec, "terms"))
        self.pronoun = self._regex(r"\b(?:he|she|he's|she's|they're|they've)\b", re.IGNORECASE)
        #: "her stroke", "his op": a term that belongs to one person.
        self.possessive = self._regex(r"\b(?:her|his)\s+(?:[\w'-]+\s+)?$", re.IGNORECASE)

    def _find(self, ctx: Context) -> Iterator[Hit]:
        norm = ctx.norm
        done_sentence = -1
        for m in self._terms(ctx.lower):
            s, e = sentence_near(ctx, m.start())
            if s == done_sentence:
                continue
            if self._generic(norm, m, s, e):
                continue
            sentence = norm[s:max(e, m.end())]
            person = self.people.find(sentence)
            if person is None and (self.pronoun.search(sentence)
                                   or self.possessive.search(norm, max(s, m.start() - 20),
                                                             m.start())):
                # "She's got MS", "after her stroke": the person was named just before,
                # in one of the two sentences before this one.
                ps = s
                for _ in range(2):
                    if ps == 0 or person is not None:
                        break
                    ps, _pe = sentence_near(ctx, max(ps - 1, 0))
                    person = self.people.find(norm[ps:s])
            if person is None or person.lower() == m.group().lower():
                continue  # "Disability doesn't stop anyone": the term is no one's name
            done_sentence = s
            yield Hit(m.start(), m.end(), params={"person": person})

    def _terms(self, low: str) -> Iterator[re.Match[str]]:
        """Health terms that start a word ("op" in "shop" does not count)."""
        pos = 0
        search = self.terms.search
        while (m := search(low, pos)) is not None:
            start = m.start()
            if start and (low[start - 1].isalnum() or low[start - 1] in "_-"):
                pos = start + 1
                continue
            yield m
            pos = max(m.end(), start + 1)

    def _generic(self, norm: str, m: re.Match[str], s: int, e: int) -> bool:
        if self.generic_after.search(norm[m.end():min(e, m.end() + 40)]):
            return True
        if self.generic_before.search(norm[max(s, m.start() - 40):m.start()]):
            return True
        if self.not_health is not None:
            lo, hi = max(s, m.start() - 30), min(e, m.end() + 30)
            for nm in self.not_health.finditer(norm, lo, hi):
                if nm.start() <= m.start() and m.end() <= nm.end():
                    return True
        return False
