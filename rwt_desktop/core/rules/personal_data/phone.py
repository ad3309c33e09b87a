"""Phone numbers: private ones block; helplines and published numbers get a note at most."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rwt_desktop.core.policy import Policy, RuleSpec
from rwt_desktop.core.rules.engine import Context
from rwt_desktop.core.rules.pattern_analysis import PatternAnalysis
from rwt_desktop.core.rules.personal_data.common import (
    DIGITS,
    NAME_WORD,
    CappedDetector,
    alternation,
    digits_of,
    is_reference,
    option_words,
    sentence_near,
)
from rwt_desktop.core.rules.registry import Hit, register

if TYPE_CHECKING:
    import phonenumbers

# Something that starts like a UK or international number: 0..., (0...), +44..., 0044...
# Only these windows are handed to phonenumbers, which is far slower than a regex.
_PHONE_CANDIDATE = re.compile(
    r"(?<![\w+£$€/.,:-])"
    r"(?:(?:(?:\+|00)[ ]?\d{1,3}[ -]?(?:\(0\)[ ]?)?|\(0\)[ ]?|\(0|0)"
    r"\d[\d ()-]{6,17}\d"
    # "07812.345.678": dots only in a phone's own grouping, so "01.02.2024" is no phone
    r"|0\d{3,4}\.\d{3}\.?\d{3,4})(?![\d/])"
)
_SHORT_HELPLINE = re.compile(r"(?<![\w+£$€/.,:-])116[ -]?\d{3}(?![\d/])")


#: What a service's phone line is called: "Meadowbank's repairs line", "the hub's office".
_LINE_WORDS = r"(?:line|helpline|hotline|office|desk|reception|switchboard|team)\b"

#: A service's line said in the sentence: "Weaver Vale's customer line", "the repairs line".
_SERVICE_LINE = re.compile(
    rf"['’]s\s+(?:[a-z]+\s+)?{_LINE_WORDS}"
    r"|\b(?:repairs?|customer|enquiry|enquiries|booking|bookings|advice|support|main)\s+"
    r"(?:phone\s+)?line\b", re.IGNORECASE)

#: A landline offered for booking or questions about an activity: "Ring 01632 960318 to
#: book", "Questions? Call …", "for bookings".
_BOOKING = re.compile(
    r"\b(?:to|for)\s+(?:book|bookings|reserve|enquiries|more\s+info(?:rmation)?|details|help|advice)\b"
    r"|\bquestions\s*[?:]|\bbook(?:ings?)?\s+(?:by|on|via)\b"
    r"|\bto\s+(?:book|sign\s+up|register)\b", re.IGNORECASE)

#: Opening hours beside a landline ("Ring 01632 960412, Monday to Thursday, 9 till 3",
#: "Tues-Fri 10am-2pm", "weekdays"): a place or service that keeps hours, not someone's home.
_DAY = r"(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?s?"
_OPENING_HOURS = re.compile(
    rf"\b{_DAY}\s*(?:to|till|until|-|and)\s*{_DAY}\b"
    r"|\b\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm)?\s*(?:till|until|-|to)\s*\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm)\b"
    r"|\b\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm)?\s*(?:till|until)\s*\d{1,2}(?:[.:]\d{2})?\b"
    r"|\b(?:weekdays|office\s+hours|opening\s+hours|open\s+(?:daily|every\s+day))\b",
    re.IGNORECASE)

#: Someone named by title: their number is theirs, whatever else the post says.
_TITLE_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+[A-Z][a-z]")

#: Words that say "the organisation" only as a pronoun, not which line it is.
_PRONOUNS = frozenset({"us", "our", "we"})


@register("uk_phone")
class PhoneNumberDetector(CappedDetector):
    """Phone numbers: private ones block; helplines and published numbers get a note at most.

    Variants: ``public`` (helplines, freephone, 03, 116 xxx, the policy's public numbers),
    ``organisation`` (the post says it is the organisation's own line) and ``unclear`` (a
    landline with nothing saying whose it is).
    """

    triggers = DIGITS

    def __init__(self, spec: RuleSpec, policy: Policy,
                 analysis: PatternAnalysis | None = None) -> None:
        super().__init__(spec, policy, analysis)
        self.public = {d for d in (digits_of(k) for k in policy.public_numbers) if len(d) >= 6}
        self.public_prefixes = tuple(digits_of(p) for p in option_words(spec, "public_prefixes"))
        self.business_prefixes = tuple(
            digits_of(p) for p in option_words(spec, "business_prefixes"))
        personal = alternation(option_words(spec, "personal_context"))
        # A capitalised name after "ring" or "call" that is an organisation's, not a
        # person's: our own name, or a run of capitalised words with an organisation word
        # in it ("ring Northwich Foodbank on", "call Age UK Cheshire on", "phone St Helen's
        # Church on"). A lone first name ("call Brenda on") is still a person.
        org_names = alternation([policy.short_name, policy.name])
        org_words = alternation(option_words(spec, "organisation_name_words"))
        not_person = (rf"(?!(?:{org_names})\b|(?:(?-i:[A-Z][\w'’.&-]*+)\s+|(?:and|of|&|for)\s+)"
                      rf"{{0,4}}(?i:{org_words})\b)")
        # A name said with the place they answer for ("ring Jean at the church office on
        # 01606 …"): the place's line, not Jean's own.
        places = [w for w in option_words(spec, "organisation_context")
                  if w.lower() not in _PRONOUNS]
        at_place = (rf"(?!(?:\s+[A-Z][a-z]++)?\s+(?:at|from|in)\s+(?:the|our)\s+"
                    rf"(?:[\w’'-]+\s+){{0,2}}?(?i:{alternation(places)})\b)")
        self.personal_context = self._regex(
            # The verbs in any case, the name only with its capital: case-blind, "ring on" and
            # "call them" read as "call <Name>".
            rf"\b(?:{personal})\b|\b(?:call|ring|text|phone|contact|message|whatsapp|"
            rf"speak to|ask for)\s+{not_person}(?-i:(?!Us\b|The\b|Our\b|We\b)[A-Z][a-z]++)"
            rf"(?!(?:\s+[A-Z][a-z]++)?['’]s\s+(?:[a-z]+\s+)?{_LINE_WORDS}){at_place}|"
            rf"\b(?-i:{NAME_WORD})\s+on\s*$",
            re.IGNORECASE)
        self.name_before = self._regex(
            rf"\b(?:call|ring|text|phone|contact|message|whatsapp|speak to|ask for)\s+"
            # "Ring Meadowbank's repairs line" names a service's line, not a person
            rf"{not_person}(?!Us\b|The\b|Our\b|We\b){NAME_WORD}"
            rf"(?!(?:\s+[A-Z][a-z]++)?['’]s\s+(?:[a-z]+\s+)?{_LINE_WORDS}){at_place}")
        # The same organisation named: what makes a landline its line.
        self.org_called = self._regex(
            rf"\b(?:call|ring|text|phone|contact|message|whatsapp|speak to|ask for)\s+"
            rf"(?:{org_names}\b|(?:(?-i:[A-Z][\w'’.&-]*+)\s+|(?:and|of|&|for)\s+){{0,4}}"
            rf"(?i:{org_words})\b)", re.IGNORECASE)
        # ... and named just before the number ("ring Rudheath and Witton Together on
        # 01632 …"): that line is theirs whatever else the sentence says about anyone.
        self.org_line = self._regex(
            rf"\b(?:call|ring|phone|contact)\s+(?:{org_names}|(?:(?-i:[A-Z][\w'’.&-]*+)\s+|"
            rf"(?:and|of|&|for)\s+){{0,4}}(?i:{org_words})(?:\s+(?-i:[A-Z][\w'’.&-]*+)){{0,3}})"
            r"\s+on\s*:?\s*\(?$", re.IGNORECASE)
        self.org_context = self._regex(
            rf"\b(?:{self._alternation(option_words(spec, 'organisation_context'))})\b",
            re.IGNORECASE)
        # The same without "us", "our" and "we": a mobile needs a place or a service named
        # ("the hub's mobile", "bookings") before it counts as the organisation's own line.
        self.org_place = self._regex(rf"\b(?:{alternation(places)})\b", re.IGNORECASE)
        # The post says the place or service is ours: "Our office: …", "find us at the hub".
        self.ours = self._regex(
            rf"\b(?:our\s+(?:[\w’'-]+\s+){{0,2}}?(?:{self._alternation(places)})|"
            r"(?:find|visit|contact|join|reach)\s+us)\b", re.IGNORECASE)
        self.org_name = self._regex(
            rf"\b(?:{self._alternation([policy.short_name, policy.name])})\b", re.IGNORECASE)

    def _find(self, ctx: Context) -> Iterator[Hit]:
        norm = ctx.norm
        for m in _SHORT_HELPLINE.finditer(norm):
            yield Hit(m.start(), m.end(), variant="public")
        parsed: dict[str, list[phonenumbers.PhoneNumberMatch]] = {}
        for cand in _PHONE_CANDIDATE.finditer(norm):
            if is_reference(norm, cand.start()):
                continue
            window = cand.group()
            if digits_of(window) in self.public:
                yield Hit(cand.start(), cand.end(), variant="public")
                continue
            matches = parsed.get(window)
            if matches is None:  # the same number repeated in a long post is parsed once
                # Imported at the first number worth parsing, not at start: loading
                # phonenumbers was a fifth of starting the checker, and most posts have none.
                from phonenumbers import Leniency, PhoneNumberMatcher

                try:
                    matches = list(PhoneNumberMatcher(window, "GB", leniency=Leniency.POSSIBLE))
                except Exception:  # a library hiccup must never stop the check
                    matches = []
                parsed[window] = matches
            for pm in matches:
                start = cand.start() + pm.start
                end = cand.start() + pm.end
                variant = self._variant(ctx, pm.number, start, end)
                if variant is not None:
                    yield Hit(start, end, variant=variant)

    def _variant(self, ctx: Context, number: phonenumbers.PhoneNumber, start: int,
                 end: int) -> str | None:
        """"" (private, block), a variant name, or None for not a phone number after all."""
        import phonenumbers  # loaded already: the number came from it

        nsn = phonenumbers.national_significant_number(number)
        if number.country_code == 44:
            national = "0" + nsn
            if national in self.public or nsn in self.public:
                return "public"
            if len(nsn) < 9 or len(nsn) > 10:
                return None  # "01234567" is a company number, not a phone
            if national.startswith(self.public_prefixes):
                return "public"
            if national.startswith(self.business_prefixes):
                return "organisation"
            mobile = national.startswith("07") and not national.startswith("076")
        else:
            ntype = phonenumbers.number_type(number)
            if ntype in (phonenumbers.PhoneNumberType.TOLL_FREE,
                         phonenumbers.PhoneNumberType.SHARED_COST):
                return "public"
            mobile = True
        s, e = sentence_near(ctx, start)
        sentence = ctx.norm[s:max(e, end)]
        before = ctx.norm[s:start]
        if not mobile and self.org_line.search(before) is not None:
            return "organisation"
        personal = (self.personal_context.search(sentence) is not None
                    or self.name_before.search(before) is not None)
        if personal:
            return ""
        organisation = (self.org_context.search(sentence) is not None
                        or self.org_name.search(sentence) is not None
                        or self.org_called.search(before) is not None)
        if mobile:
            named = (self.org_place.search(sentence) is not None
                     or self.org_name.search(sentence) is not None)
            return "organisation" if named and self._strong_org(sentence) else ""
        if (organisation or _SERVICE_LINE.search(sentence) is not None
                or _BOOKING.search(ctx.norm, max(0, s - 40), max(e, end)) is not None
                or _OPENING_HOURS.search(sentence) is not None):
            return "organisation"
        # A landline with nobody named beside it, in a post that says whose place or
        # service it is in another sentence ("Our office: … Call 01632 960412"), is the
        # organisation's line; a home landline comes with a name or "my" beside it.
        if _TITLE_NAME.search(sentence) is not None:  # "Mrs Jones at number 4 …, 01632 …"
            return "unclear"
        post = ctx.norm if len(ctx.norm) <= 4000 else ctx.norm[max(0, s - 2000):e + 2000]
        if self.ours.search(post) is not None or self.org_name.search(post) is not None:
            return "organisation"
        return "unclear"

    def _strong_org(self, sentence: str) -> bool:
        """A mobile counts as the organisation's only when the post says so plainly."""
        return re.search(r"\b(?:us|our|we)\b", sentence, re.IGNORECASE) is not None or (
            self.org_name.search(sentence) is not None)
