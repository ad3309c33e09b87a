"""Children: a child's name with their age, school year or school."""

from __future__ import annotations

import re
from collections.abc import Iterator

from rwt_desktop.core.policy import Policy, RuleSpec
from rwt_desktop.core.rules.engine import Context
from rwt_desktop.core.rules.pattern_analysis import PatternAnalysis
from rwt_desktop.core.rules.personal_data.common import (
    GRAMMAR_NON_NAMES,
    NAME_WORD,
    CappedDetector,
    option_words,
    sentence_near,
    word_set,
)
from rwt_desktop.core.rules.registry import Hit, register

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17,
}
_AGE_WORD = r"(?i:\d{1,2}|" + "|".join(_NUMBER_WORDS) + ")"


def _age(token: str) -> int | None:
    token = token.lower()
    if token.isdigit():
        return int(token)
    return _NUMBER_WORDS.get(token)


@register("child_details")
class ChildDetailsDetector(CappedDetector):
    """A child's name with their age or school year: "Oliver Hughes (age 6)", "Mia, 7,",
    "6-year-old Ava", "Jack from Year 3 at ... Primary".

    Groups ("children aged 5-11", "Year 6 pupils") and adults (an age of 18 or over, or a
    name after a title such as Mrs) do not count. A name with a school but no age or year is
    the ``school`` variant (info): a teacher or parent is just as likely.
    """

    def __init__(self, spec: RuleSpec, policy: Policy,
                 analysis: PatternAnalysis | None = None) -> None:
        super().__init__(spec, policy, analysis)
        self.not_names = GRAMMAR_NON_NAMES | word_set(
            option_words(spec, "not_names")) | word_set(
            w for phrase in policy.local_words for w in phrase.split())
        adults = self._alternation(option_words(spec, "adult_titles"))
        self.adult_before = self._regex(rf"\b(?:{adults})\.?\s+$", re.IGNORECASE)
        schools = self._alternation(option_words(spec, "school_words"))
        child_words = self._alternation(option_words(spec, "child_words"))
        self.child_cue = self._regex(rf"\b(?:{child_words})\b", re.IGNORECASE)
        prefix = rf"(?:(?i:{child_words})\s+)?"
        name = rf"(?P<name>{NAME_WORD}(?:\s+{NAME_WORD})?)"
        not_time = r"(?!\s*(?:am|pm|:|%|th|st|nd|rd|[.:]\d|-\d|–\d|\+))"
        follow = (r"(?=\s*[,)!;:]|\.(?!\d)|\s*$|\s+(?:from|of|who|and|has|won|is|was|took|"
                  r"came|scored|got|in|at|with|made|drew|wrote|raised|did|came|finished|"
                  r"today|tomorrow)\b)")
        age_after = (
            rf"\s*\(\s*(?:(?i:aged?)\s*)?(?P<a1>\d{{1,2}})\s*(?:(?i:yrs?|years?(?:\s+old)?))?\s*\)"
            # "Josh Mellor (age 11, Witton Primary, ...)": the age opens a bracket of details
            rf"|\s*\(\s*(?i:aged?)\s*(?P<a6>\d{{1,2}})\s*,"
            rf"|,\s*(?:(?i:aged?)\s+)?(?P<a2>\d{{1,2}})\s*(?:(?i:yrs?|years?\s+old))?{follow}"
            rf"|,?\s+(?i:aged?)\s+(?P<a3>{_AGE_WORD})\b{not_time}"
            rf"(?!\s*(?:to|and|or|-|–)\s*(?:\d|{'|'.join(_NUMBER_WORDS)}))"
            rf"|,?\s+(?i:who(?:'s|\s+is|\s+was|\s+has\s+just\s+turned|\s+turned|\s+turns|"
            rf"\s+will\s+be))\s+(?:(?i:only|just)\s+)?(?P<a4>{_AGE_WORD})\b{not_time}"
            rf"(?!\s+(?i:minutes|hours|miles|km|times|points|goals|runs|days|weeks|months|"
            rf"metres|meters|pounds|kg))"
            rf"|\s+(?i:is|was|turned|turns|has\s+turned|is\s+now|just\s+turned)\s+"
            rf"(?P<a5>{_AGE_WORD})\b{not_time}(?=\s+(?i:years?\s+old|today|tomorrow|"
            rf"this\s+week|on\b|and\b|but\b|so\b|now\b)|\s*[!.,;)])"
            rf"|,?\s+(?i:from|in|of|a\s+pupil\s+in|who\s+is\s+in)\s+(?P<year>"
            rf"(?:Year|Yr|Y)\s?\d{{1,2}}\b|Reception\b|Class\s+\w+|Nursery\b)"
            rf"|\s*\(\s*(?P<year2>(?:Year|Yr|Y)\s?\d{{1,2}}|Reception)\s*\)"
            # "Jack Morris, Year 4 at ...", "Noah Price, Year 4, ...": the year after a comma
            rf"|,\s+(?P<year3>(?:Year|Yr)\s?\d{{1,2}}\b|Reception\b)"
            rf"|,?\s+(?i:from|at|of|who\s+goes\s+to|who\s+attends|a\s+pupil\s+at|"
            rf"a\s+student\s+at|in)\s+(?P<school>(?:{NAME_WORD}'?s?\s+){{1,4}}"
            rf"(?i:{schools}))\b"
        )
        self.after = self._regex(r"(?<![\w'-])" + prefix + name + rf"(?:{age_after})")
        # Cheap markers of an age or school; the full patterns run only near one of them.
        # (Matched against the lower-cased post, which is faster than IGNORECASE.)
        self.marker = self._regex(
            r"\(\s*(?:aged?\s*)?\d{1,2}\s*\)|,\s*(?:aged?\s+)?\d{1,2}\b|\d{1,2}[- ]years?[- ]old"
            r"|\d(?:st|nd|rd|th)\s+birthday"
            # One word-start group for all the word markers: a second "\b(?:...)" branch
            # costs the engine another try at every position of a long post.
            r"|\b(?:(?:aged?|is|was|turned|turns|be|now|year|yr|y)\s?\d"
            rf"|(?:reception|class|nursery|who's|who|{schools.lower()}|"
            rf"{'|'.join(_NUMBER_WORDS)})\b)")
        self.before = self._regex(
            rf"(?<![\w'-])(?P<b1>{_AGE_WORD})[- ](?i:years?)[- ](?i:old)\s+"
            rf"(?:(?i:{child_words})\s+)?{name}"
            rf"|(?:Year|Yr)\s?(?P<b2>\d{{1,2}})\s+(?i:pupils?|students?|stars?|girls?|boys?)"
            rf"\s+{name.replace('?P<name>', '?P<name2>')}"
            # "Happy 7th birthday to our Alfie!": an adult's 100th is left alone by the age.
            rf"|(?i:happy)\s+(?P<b3>\d{{1,2}})(?i:st|nd|rd|th)\s+(?i:birthday)\s+"
            rf"(?:(?i:to)\s+)?(?:(?i:our|my|the)\s+)?(?:(?i:little|young|lovely|gorgeous)\s+)?"
            rf"{name.replace('?P<name>', '?P<name3>')}"
            r"(?=\s*(?:[!.,;:)]|$)|\s+(?:x+|from|who|and|[-–])\s|\s*[^\w\s])")

    def _find(self, ctx: Context) -> Iterator[Hit]:
        norm = ctx.norm
        for lo, hi in self._windows(ctx.lower):
            for m in self.after.finditer(norm, lo, hi):
                hit = self._judge(ctx, m, m.start("name"), m.group("name"))
                if hit is not None:
                    yield hit
            for m in self.before.finditer(norm, lo, hi):
                key = next(k for k in ("name", "name2", "name3") if m.group(k))
                hit = self._judge(ctx, m, m.start(key), m.group(key))
                if hit is not None:
                    yield hit

    def _windows(self, low: str) -> Iterator[tuple[int, int]]:
        """Stretches of the post around an age or school marker, merged where they touch.

        A name and its prefix come at most about 60 characters before the marker, and a
        school's name at most about 80 after it.
        """
        lo = hi = -1
        for m in self.marker.finditer(low):
            a, b = max(0, m.start() - 70), min(len(low), m.end() + 90)
            if a <= hi:
                hi = max(hi, b)
                continue
            if hi > lo:
                yield lo, hi
            lo, hi = a, b
        if hi > lo:
            yield lo, hi

    def _judge(self, ctx: Context, m: re.Match[str], name_start: int,
               name: str) -> Hit | None:
        words = name.split()
        if words[0].lower() in self.not_names:
            if len(words) == 1:
                return None
            name_start += name.index(words[1], len(words[0]))
            words = words[1:]
        if any(w.lower() in self.not_names for w in words):
            return None
        if self.adult_before.search(ctx.norm[max(0, name_start - 30):name_start]):
            return None  # "Mrs Jones from Year 2" is the teacher
        groups = m.groupdict()
        age_text = next((groups[k] for k in ("a1", "a2", "a3", "a4", "a5", "a6", "b1", "b3")
                         if groups.get(k)), None)
        variant = ""
        if age_text is not None:
            age = _age(age_text)
            if age is None or not 0 < age < 18:
                return None
        elif (groups.get("year") or groups.get("year2") or groups.get("year3")
              or groups.get("b2")):
            pass
        elif groups.get("school"):
            s, e = sentence_near(ctx, m.start())
            if not self.child_cue.search(ctx.norm[s:max(e, m.end())]):
                variant = "school"
        else:
            return None
        return Hit(m.start(), m.end(), variant=variant, params={"name": " ".join(words)})
