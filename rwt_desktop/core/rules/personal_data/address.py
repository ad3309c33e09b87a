"""Home addresses: a house number and street, or a postcode with a home; a venue's
address is only a note.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rwt_desktop.core.policy import Policy, RuleSpec
from rwt_desktop.core.rules.engine import Context
from rwt_desktop.core.rules.pattern_analysis import PatternAnalysis
from rwt_desktop.core.rules.personal_data.common import (
    DIGITS,
    GRAMMAR_NON_NAMES,
    NAME_WORD,
    CappedDetector,
    option_words,
    sentence_near,
    word_set,
)
from rwt_desktop.core.rules.registry import Hit, register

# A UK postcode in capitals, e.g. CW9 7AB, M1 1AE, SW1A 2AA.
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?[ ]?\d[ABD-HJLNP-UW-Z]{2}(?![A-Za-z0-9])")


_NOT_HOME_AFTER = re.compile(
    r"[\s-]+(?:band|bands|party|parties|rules|wine|music|style|plants?|prices?|"
    r"cap|caps|pack|white|screen|rate|fee|tyre|roof|of\s+commons|of\s+lords)\b",
    re.IGNORECASE)
_NOT_HOME_BEFORE = re.compile(
    r"\b(?:full|open|in|round\s+the|warehouse|opera|coffee|public|steak|farm|wash|our)[\s-]+$",
    re.IGNORECASE)
#: Cheap first looks (on the lower-cased post) before the fuller address patterns.
_NUMBER_ON_HINT = re.compile(r"n(?:umber|o\.?)\s*\d{1,4}[a-z]?\s+(?:on|in|down|along|up|at|off)\s")
_LIVING_HINTS = ("live", "living", "moved", "moving", "stay")
#: Numbered places that are not homes: "stall at number 12 on Market Street".
_NUMBERED_PLACE = re.compile(
    r"\b(?:stall|stalls|pitch|table|unit|stand|plot|room|bay|gate|platform|bus|route|"
    r"service|locker|space|hole|tee|court|lane|track|car)\s+(?:at\s+|is\s+|was\s+)?$",
    re.IGNORECASE)


#: "address" says whose place only when no venue is named beside it, or someone's
#: ("her address", "Mavis's address" still say it).
_ADDRESS_WORD = re.compile(
    r"(?<!\bher )(?<!\bhis )(?<!\bmy )(?<!\btheir )(?<!'s )(?<!’s )\baddress(?:es)?\b",
    re.IGNORECASE)


@register("home_address")
class AddressDetector(CappedDetector):
    """A house number and street (with or without a postcode), or a postcode with a home.

    Variants: ``venue`` (a public building's address), ``postcode`` (a postcode on its own)
    and ``unclear`` (a number and street with nothing saying it is a home).
    """

    triggers = DIGITS

    def __init__(self, spec: RuleSpec, policy: Policy,
                 analysis: PatternAnalysis | None = None) -> None:
        super().__init__(spec, policy, analysis)
        streets = option_words(spec, "street_words")
        street_alt = "|".join(sorted((re.escape(s) for s in streets), key=len, reverse=True))
        self.street = self._regex(
            r"(?<![\d£$€.,:/-])\b(?P<num>\d{1,4}[A-Za-z]?)\b(?![:.]\d)(?:\s*-\s*\d{1,4})?,?\s+"
            rf"(?:{NAME_WORD}\s+){{0,3}}(?:{street_alt})\b\.?"
            r"(?:,?\s+[A-Z][a-z]+){0,2}(?:,?\s*(?P<postcode>" + _POSTCODE.pattern + "))?")
        self.home = self._regex(
            rf"\b(?:{self._alternation(option_words(spec, 'home_words'))})\b", re.IGNORECASE)
        self.venue = self._regex(
            rf"\b(?:{self._alternation(option_words(spec, 'venue_words'))})\b", re.IGNORECASE)
        self.venue_after = self._regex(
            rf"^[\s,(]*(?:{self._alternation(option_words(spec, 'venue_words'))}|car\s+park)\b",
            re.IGNORECASE)
        # "collect the bikes from 41 Orchard Crescent": a hand-over at someone's door.
        self.handover = self._regex(
            rf"\b(?:{self._alternation(option_words(spec, 'handover_verbs'))})\b[^.!?\n]{{0,40}}"
            r"\b(?:from|to|at)\s+$", re.IGNORECASE)
        self.number_word = self._regex(r"\b(?:number|no\.?|house)\s*$", re.IGNORECASE)
        self.person_comma = self._regex(
            rf"(?<![\w-])(?P<first>{NAME_WORD})\s+(?P<last>{NAME_WORD})(?:'s)?,?\s*"
            r"(?:of\s+|at\s+)?$")
        # "to Joan at 4 Elm Grove": one name just before "at" or "of".
        self.person_at = self._regex(rf"(?<![\w-])(?P<name>{NAME_WORD}),?\s+(?:at|of)\s+$")
        # "the lady at 22 Shurlach Road", "the family from 3 Elm Close": whoever lives there.
        self.occupant_at = self._regex(
            r"\b(?:lady|man|gentleman|gent|woman|family|couple|bloke|fella|chap|lad|lass|"
            r"girl|boy|kids|people|folks?|owners?|residents?|occupants?|tenants?|"
            r"neighbours?|neighbors?|household|occupier|homeowner|pensioner|"
            r"widow|widower)\s+(?:who\s+lives?\s+)?(?:at|from|of|in)\s+(?:number\s+)?$",
            re.IGNORECASE)
        self.not_names = GRAMMAR_NON_NAMES | word_set(
            w for phrase in policy.local_words for w in phrase.split())
        # "number 14 on Beech Grove", "no. 3 in Hall Lane": a house, not a venue.
        self.number_on = self._regex(
            r"(?<![\w-])(?<![Tt]he\s)(?<![Bb]us\s)(?<![Rr]oute\s)(?i:number|no\.?)\s*"
            r"\d{1,4}[A-Za-z]?\s+(?i:on|in|down|along|up|at|off)\s+(?:the\s+)?"
            rf"(?:{NAME_WORD}\s+){{0,3}}(?:{street_alt})\b")
        # Written in lower case, a street counts only straight after a word for living there
        # ("she lives at 12 elm grove"): "5 people walk" must not read as an address.
        low_streets = "|".join(sorted((re.escape(w.lower()) for w in streets
                                       if len(w) > 3 or w in ("Way",)),
                                      key=len, reverse=True))
        self.lower_home = self._regex(
            r"\b(?:lives?|living|lived|moved|moving|stays?|staying)\s+(?:at|to|on|in)\s+"
            r"(?P<addr>(?:number\s+|no\.?\s*)?\d{1,4}[a-z]?,?\s+(?:[a-z'-]+\s+){1,3}"
            rf"(?:{low_streets}))\b")

    def _find(self, ctx: Context) -> Iterator[Hit]:
        norm = ctx.norm
        taken: list[tuple[int, int]] = []
        if any("0" <= c <= "9" for c in norm):
            for m in self.street.finditer(norm):
                start, end = m.start(), m.end()
                s, _e = sentence_near(ctx, start)
                before = norm[max(s, start - 80):start]
                taken.append((start, end))
                after = norm[end:end + 25]
                variant = self._street_variant(ctx, before, start, m.group("postcode"))
                if variant == "unclear" and self.venue_after.match(after):
                    variant = "venue"  # "10 Chester Way car park"
                yield Hit(start, end, variant=variant)
            low = ctx.lower
            for pre in _NUMBER_ON_HINT.finditer(low):
                m = self.number_on.match(norm, pre.start())
                if m is None or any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                taken.append(m.span())
                s, _e = sentence_near(ctx, m.start())
                before = norm[max(s, m.start() - 60):m.start()]
                if _NUMBERED_PLACE.search(before):
                    continue
                venue = self.venue.search(before) and not self._home_in(norm[s:_e])
                yield Hit(m.start(), m.end(), variant="venue" if venue else "")
            if any(w in low for w in _LIVING_HINTS):
                for m in self.lower_home.finditer(low):
                    a0, b0 = m.span("addr")
                    if not any(a < b0 and a0 < b for a, b in taken):
                        taken.append((a0, b0))
                        yield Hit(a0, b0)
        for m in _POSTCODE.finditer(norm):
            if any(a <= m.start() < b for a, b in taken):
                continue
            s, e = sentence_near(ctx, m.start())
            sentence = norm[s:max(e, m.end())]
            home = self._home_in(sentence)
            if home and self.venue.search(sentence) and not self._home_in(
                    _ADDRESS_WORD.sub("", sentence)):
                home = False  # "Community centre address: …, Northwich CW9 7DS": a venue's
            yield Hit(m.start(), m.end(), variant="" if home else "postcode")

    def _person_before(self, before: str) -> bool:
        """"Janet Price, 31 Station Road": a full name just before the address (and not a
        place such as "Witton Bungalow" or "Rudheath Pavilion")."""
        m = self.person_comma.search(before)
        if m is None:
            return False
        return not any(m.group(k).lower() in self.not_names or self.home.fullmatch(m.group(k))
                       for k in ("first", "last"))

    def _home_in(self, text: str) -> bool:
        """A word for someone's home, not part of a name ("The Flat Cap café", "the Old
        Bungalow tearoom") or an everyday phrase ("house band", "full house")."""
        for m in self.home.finditer(text):
            word = m.group()
            after = text[m.end():m.end() + 12]
            if word[:1].isupper() and m.start() > 0 and not after[:3].strip()[:1].isdigit():
                continue
            if _NOT_HOME_AFTER.match(after) or _NOT_HOME_BEFORE.search(
                    text, max(0, m.start() - 12), m.start()):
                continue
            return True
        return False

    def _street_variant(self, ctx: Context, before: str, start: int,
                        postcode: str | None) -> str:
        if self.number_word.search(before):
            return ""  # "at number 22 Shurlach Road"
        s, e = sentence_near(ctx, start)
        sentence = ctx.norm[s:e]
        home = self._home_in(sentence)
        near = before[-60:]
        if self.venue.search(near) and not home:
            return "venue"
        if home or self._person_before(before) or self.handover.search(before) or (
                self.occupant_at.search(before)):
            return ""
        pm = self.person_at.search(before)
        if pm and pm.group("name").lower() not in self.not_names:
            return ""
        if postcode:
            return ""
        return "unclear"
