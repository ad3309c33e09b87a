"""Dates of birth: "DOB 03/03/1987", "born on 3 March 1987"; a birth long ago is history."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from rwt_desktop.core.policy import Policy, RuleSpec
from rwt_desktop.core.rules.engine import Context
from rwt_desktop.core.rules.pattern_analysis import PatternAnalysis
from rwt_desktop.core.rules.personal_data.common import CappedDetector
from rwt_desktop.core.rules.registry import Hit, register

_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")

_DATE_WITH_YEAR = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\.?,?\s+(?P<y1>\d{{4}})"
    rf"|{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    r"|\d{1,2}[/.-]\d{1,2}[/.-](?P<y3>\d{4}|\d{2}))(?![\d/])")
_DATE_NO_YEAR = (rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\b"
                 rf"|{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b)")


@register("date_of_birth")
class DateOfBirthDetector(CappedDetector):
    """A date of birth: "DOB 03/03/1987", "born on 3 March 1987", "date of birth: ...".

    A birth date long ago (a local hero born in 1842) is history, not personal data.
    """

    triggers = frozenset({"born", "birth", "dob", "d.o.b"})

    def __init__(self, spec: RuleSpec, policy: Policy,
                 analysis: PatternAnalysis | None = None) -> None:
        super().__init__(spec, policy, analysis)
        raw = spec.options.get("oldest_living_age", 110)
        self.max_age = raw if isinstance(raw, int) and raw > 0 else 110
        labels = r"(?:date\s+of\s+birth|d\.o\.b\.?|\bdob\b|birth\s?date)"
        self.labelled = self._regex(
            rf"{labels}\s*(?:is|was|[:=-])?\s*(?:the\s+)?(?:(?P<full>{_DATE_WITH_YEAR})"
            rf"|(?P<part>{_DATE_NO_YEAR}))", re.IGNORECASE)
        self.born = self._regex(
            rf"\b(?:born|birthday\s+is|birthday\s+was|birthday:)\s*(?:on\s+)?(?:the\s+)?"
            rf"(?P<full>{_DATE_WITH_YEAR})", re.IGNORECASE)

    def _find(self, ctx: Context) -> Iterator[Hit]:
        low = ctx.norm
        if not re.search(r"born|birth|dob|d\.o\.b", low, re.IGNORECASE):
            return
        this_year = date.today().year
        for rx in (self.labelled, self.born):
            for m in rx.finditer(low):
                year_text = m.group("y1") or m.group("y2") or m.group("y3")
                if year_text is not None:
                    year = int(year_text)
                    if len(year_text) == 2:
                        year += 2000 if year <= this_year % 100 else 1900
                    if not (this_year - self.max_age <= year <= this_year):
                        continue
                yield Hit(m.start(), m.end())
