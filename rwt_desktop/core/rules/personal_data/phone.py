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


#: "Ring Meadowbank's repairs line": a name owning a line or an office is an organisation,
#: not a person to call (put before the name the verbs are followed by).
_ORG_LINE = (r"(?![A-Za-z]+'s\s+(?:[\w-]+\s+)?(?:line|office|helpline|hotline|team|desk|"
             r"reception|switchboard)\b)")
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
        self.personal_context = self._regex(
            # The verbs in any case, the name only with its capital: case-blind, "ring on" and
            # "call them" read as "call <Name>".
            rf"\b(?:{personal})\b|\b(?:call|ring|text|phone|contact|message|whatsapp|"
            rf"speak to|ask for)\s+(?-i:(?!Us\b|The\b|Our\b|We\b){_ORG_LINE}[A-Z][a-z]+)|"
            rf"\b(?-i:{NAME_WORD})\s+on\s*$",
            re.IGNORECASE)
        self.name_before = self._regex(
            rf"\b(?:call|ring|text|phone|contact|message|whatsapp|speak to|ask for)\s+"
            rf"(?!Us\b|The\b|Our\b|We\b){_ORG_LINE}{NAME_WORD}")
        self.org_context = self._regex(
            rf"\b(?:{alternation(option_words(spec, 'organisation_context'))})\b",
            re.IGNORECASE)
        # The same without "us", "our" and "we": a mobile needs a place or a service named
        # ("the hub's mobile", "bookings") before it counts as the organisation's own line.
        places = [w for w in option_words(spec, "organisation_context")
                  if w.lower() not in _PRONOUNS]
        self.org_place = self._regex(rf"\b(?:{alternation(places)})\b", re.IGNORECASE)
        self.org_name = self._regex(
            rf"\b(?:{alternation([policy.short_name, policy.name])})\b", re.IGNORECASE)

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
        personal = (self.personal_context.search(sentence) is not None
                    or self.name_before.search(before) is not None)
        if personal:
            return ""
        organisation = (self.org_context.search(sentence) is not None
                        or self.org_name.search(sentence) is not None)
        if mobile:
            named = (self.org_place.search(sentence) is not None
                     or self.org_name.search(sentence) is not None)
            return "organisation" if named and self._strong_org(sentence) else ""
        return "organisation" if organisation else "unclear"

    def _strong_org(self, sentence: str) -> bool:
        """A mobile counts as the organisation's only when the post says so plainly."""
        return re.search(r"\b(?:us|our|we)\b", sentence, re.IGNORECASE) is not None or (
            self.org_name.search(sentence) is not None)
