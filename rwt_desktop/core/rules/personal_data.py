"""Personal data: the policy's "Reveal personal data".

Detectors for what a phrase list cannot judge on its own: phone numbers (Google's numbering
plan through ``phonenumbers``), email addresses, home addresses and postcodes, dates of birth,
National Insurance, NHS, bank and card numbers (with their checksums), health details tied to
a person, and a child's name with an age or school. Each one separates the clear breach
(``block``, the rule's own severity) from the public or harmless look-alike (a variant at
``info``): a helpline, a team mailbox, a venue's address, a thank-you to a volunteer.

Word lists that staff may want to tune (health words, mailbox names, relationship words) come
from the rule's ``options`` table in ``resources/rules/personal_data.toml``. Everything is
matched against the same-length normal form of the post, so spans need no mapping back.
Nothing here imports Qt.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice
from urllib.parse import urlsplit

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher

from rwt_desktop.core.policy import Policy, PolicyError, RuleSpec
from rwt_desktop.core.rules import Context, Detector, Hit, register

# --------------------------------------------------------------------------- shared helpers


def _option_words(spec: RuleSpec, key: str) -> tuple[str, ...]:
    """A list of words from the rule's options, checked so a typo names the rule and line."""
    value = spec.options.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PolicyError(spec.file, spec.line,
                          f'rule "{spec.id}": options.{key} should be a list of texts in quotes')
    return tuple(v.strip() for v in value if v.strip())


def _option_patterns(spec: RuleSpec, key: str) -> tuple[str, ...]:
    patterns = _option_words(spec, key)
    for p in patterns:
        try:
            re.compile(p)
        except re.error as exc:
            raise PolicyError(spec.file, spec.line,
                              f'rule "{spec.id}": options.{key} pattern {p!r} is not a valid '
                              f"regular expression ({exc})") from None
    return patterns


def _alternation(words: Iterable[str]) -> str:
    """Words or phrases as one regex, any spacing between words, apostrophes optional.

    Built as a trie ("in hospital|into hospital" -> "in(?:\\s+hospital|to\\s+hospital)") so
    the engine tests one branch per letter instead of every word at every position: a list
    of 150 health words costs about the same as a list of ten.
    """
    trie: dict[str, dict] = {}
    for word in {w.lower() for w in words if w.strip()}:
        node = trie
        for i, piece in enumerate(word.split()):
            units = ([r"\s+"] if i else []) + ["'?" if c == "'" else re.escape(c)
                                               for c in piece]
            for unit in units:
                node = node.setdefault(unit, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [unit + emit(child) for unit, child in sorted(node.items()) if unit]
        if not branches:
            return ""
        ends_here = "" in node
        if len(branches) == 1 and not ends_here:
            return branches[0]
        return "(?:" + "|".join(branches) + (")?" if ends_here else ")")

    return emit(trie) or r"(?!x)x"


def _word_set(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


#: For the engine: a detector of numbers finds nothing in a post without a digit.
_DIGITS = frozenset("0123456789")


def _digits(text: str) -> str:
    return "".join(c for c in text if "0" <= c <= "9")


# Words that start with a capital letter without being anyone's name. Grammar, not policy,
# so they live here; the organisation's own non-names (places, groups) come from the data.
_GRAMMAR_WORDS = """
a an the and or but so if as at by for from in into of on onto to with without about after
before during over under up down out off i me my mine we us our ours you your yours he him his
she her hers they them their theirs it its this that these those there here who whom whose
what which when where why how all any both each every everyone everybody anyone anybody
someone somebody no nobody none nothing everything something one some many most more much
few other another such only just also even still yet then than too very not do does did done
is are was were be been being am has have had having will would shall should can could may
might must let lets please thanks thank thankyou welcome well congratulations congrats happy
huge big great good lovely wonderful fantastic amazing brilliant dear hello hi hey today
tonight tomorrow yesterday now soon later again monday tuesday wednesday thursday friday
saturday sunday mondays tuesdays wednesdays thursdays fridays saturdays sundays january
february march april may june july august september october november december jan feb mar apr
jun jul aug sep sept oct nov dec christmas easter halloween bonfire diwali eid ramadan hanukkah
pride remembrance new year spring summer autumn winter mr mrs ms miss mx dr sir dame lord lady
cllr councillor rev revd father sister brother nurse doctor professor prof captain
meet join see find visit come pop drop bring call ring book park collect start finish gather
arrive stop open closed opening located based held help head go walk ask email text message
"""
_GRAMMAR_NON_NAMES = frozenset(_GRAMMAR_WORDS.split())
#: Months that are also first names.
_MONTH_NAMES = frozenset({"jan", "april", "may", "june", "august"})

_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17,
}
_AGE_WORD = r"(?i:\d{1,2}|" + "|".join(_NUMBER_WORDS) + ")"

# A capitalised name word: Oliver, O'Brien, McDonald, Mary-Jane. Possessive quantifiers
# (Python 3.11+) stop the engine trying every split of a long word when the rest fails.
_NAME_WORD = r"[A-Z](?:[a-z]++(?:'?[A-Z][a-z]++)?|'[A-Z][a-z]++)(?:-[A-Z][a-z]++)?"

# Numbers that are someone's reference, not a phone: "Registered charity 1234567".
_REFERENCE_BEFORE = re.compile(
    r"(?:charity|company|companies|reg(?:istered|istration)?|ref(?:erence)?|order|invoice|"
    r"case|crime|incident|policy|serial|membership|member|account|acc|a/c|booking|ticket|"
    r"permit|licen[cs]e|planning|application|receipt|transaction|tracking|parcel|batch|"
    r"lot|isbn|vat|utr|urn|id)\.?\s*(?:no\.?|nos\.?|number|num|#|code)?\s*[:.#-]?\s*$",
    re.IGNORECASE)


def _is_reference(norm: str, start: int) -> bool:
    return _REFERENCE_BEFORE.search(norm[max(0, start - 40):start]) is not None


def _sentence(ctx: Context, pos: int, radius: int = 240) -> tuple[int, int]:
    """The sentence around ``pos``, cut to ``radius`` characters either side.

    A 60,000-character paste with no full stops is one "sentence"; without the cut, every
    match in it would search the whole post again.
    """
    s, e = ctx.sentence_at(pos)
    return max(s, pos - radius), min(e, pos + radius)


def _age(token: str) -> int | None:
    token = token.lower()
    if token.isdigit():
        return int(token)
    return _NUMBER_WORDS.get(token)


# --------------------------------------------------------------------------- phone numbers


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


#: The most findings one rule reports in one post: enough for any real post, and a paste of
#: 16,000 email addresses does not freeze the window building findings for all of them.
MAX_HITS_PER_RULE = 200


class _CappedDetector(Detector):
    """A detector whose :meth:`_find` is cut at :data:`MAX_HITS_PER_RULE` hits."""

    def find(self, ctx: Context) -> Iterator[Hit]:
        return islice(self._find(ctx), MAX_HITS_PER_RULE)

    def _find(self, ctx: Context) -> Iterator[Hit]:  # pragma: no cover - interface
        raise NotImplementedError


@register("uk_phone")
class PhoneNumberDetector(_CappedDetector):
    """Phone numbers: private ones block; helplines and published numbers get a note at most.

    Variants: ``public`` (helplines, freephone, 03, 116 xxx, the policy's public numbers),
    ``organisation`` (the post says it is the organisation's own line) and ``unclear`` (a
    landline with nothing saying whose it is).
    """

    triggers = _DIGITS

    def __init__(self, spec: RuleSpec, policy: Policy) -> None:
        super().__init__(spec, policy)
        self.public = {d for d in (_digits(k) for k in policy.public_numbers) if len(d) >= 6}
        self.public_prefixes = tuple(_digits(p) for p in _option_words(spec, "public_prefixes"))
        self.business_prefixes = tuple(
            _digits(p) for p in _option_words(spec, "business_prefixes"))
        personal = _alternation(_option_words(spec, "personal_context"))
        self.personal_context = re.compile(
            rf"\b(?:{personal})\b|\b(?:call|ring|text|phone|contact|message|whatsapp|"
            r"speak to|ask for)\s+(?!us\b|the\b|our\b|we\b)[A-Z][a-z]+|"
            rf"\b{_NAME_WORD}\s+on\s*$",
            re.IGNORECASE)
        self.name_before = re.compile(
            rf"\b(?:call|ring|text|phone|contact|message|whatsapp|speak to|ask for)\s+"
            rf"(?!Us\b|The\b|Our\b|We\b){_NAME_WORD}")
        self.org_context = re.compile(
            rf"\b(?:{_alternation(_option_words(spec, 'organisation_context'))})\b",
            re.IGNORECASE)
        self.org_name = re.compile(
            rf"\b(?:{_alternation([policy.short_name, policy.name])})\b", re.IGNORECASE)

    def _find(self, ctx: Context) -> Iterator[Hit]:
        norm = ctx.norm
        for m in _SHORT_HELPLINE.finditer(norm):
            yield Hit(m.start(), m.end(), variant="public")
        parsed: dict[str, list[phonenumbers.PhoneNumberMatch]] = {}
        for cand in _PHONE_CANDIDATE.finditer(norm):
            if _is_reference(norm, cand.start()):
                continue
            window = cand.group()
            if _digits(window) in self.public:
                yield Hit(cand.start(), cand.end(), variant="public")
                continue
            matches = parsed.get(window)
            if matches is None:  # the same number repeated in a long post is parsed once
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
        s, e = _sentence(ctx, start)
        sentence = ctx.norm[s:max(e, end)]
        before = ctx.norm[s:start]
        personal = (self.personal_context.search(sentence) is not None
                    or self.name_before.search(before) is not None)
        if personal:
            return ""
        organisation = (self.org_context.search(sentence) is not None
                        or self.org_name.search(sentence) is not None)
        if mobile:
            return "organisation" if organisation and self._strong_org(sentence) else ""
        return "organisation" if organisation else "unclear"

    def _strong_org(self, sentence: str) -> bool:
        """A mobile counts as the organisation's only when the post says so plainly."""
        return re.search(r"\b(?:us|our|we)\b", sentence, re.IGNORECASE) is not None or (
            self.org_name.search(sentence) is not None)


# --------------------------------------------------------------------------- email addresses


_EMAIL = re.compile(
    r"(?<![\w.+%-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
    r"[A-Za-z0-9])?)+")

# Addresses written to dodge spam robots: "jo dot smith at gmail dot com",
# "jo.smith [at] gmail [dot] com", "jo.smith @ hotmail.co.uk". Found from the "at" and the
# domain after it; the mailbox name is then read backwards from there.
_AT = r"(?:\s+at\s+|\s*[\[({<]\s*at\s*[\])}>]\s*|\s+@\s*|@\s+)"
_DOT = r"(?:\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+|\.)"
_SPOKEN_DOMAIN = re.compile(
    rf"(?P<at>{_AT})(?P<domain>[a-z0-9][a-z0-9-]{{0,62}}(?:{_DOT}[a-z]{{2,24}}){{1,3}})"
    r"(?![\w@])", re.IGNORECASE)
_SPOKEN_LOCAL = re.compile(
    rf"(?<![\w.@+%-])(?P<local>[a-z0-9][\w.+-]{{0,63}}(?:{_DOT}[\w+-]{{1,40}}){{0,3}})$",
    re.IGNORECASE)
_DOT_WORD = re.compile(r"\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+", re.IGNORECASE)
#: Endings that make a written-out address believable when it says "[at]" or " @ ".
_MAIL_TLDS = frozenset({"com", "org", "net", "uk", "co", "me", "io", "info", "biz"})


@register("email_address")
class EmailDetector(_CappedDetector):
    """Email addresses: a person's own address blocks; team mailboxes are fine.

    Variants: ``role`` (info@, bookings@, an address at the organisation's own domain) and
    ``work`` (a named address at a business or public body: worth a second look).
    """

    def __init__(self, spec: RuleSpec, policy: Policy) -> None:
        super().__init__(spec, policy)
        self.roles = _word_set(_option_words(spec, "role_mailboxes"))
        self.personal_domains = _word_set(_option_words(spec, "personal_domains"))
        own = {d.lower() for d in _option_words(spec, "organisation_domains")}
        host = urlsplit(policy.website).hostname or ""
        if host:
            own.add(host.lower().removeprefix("www."))
        self.own_domains = frozenset(own)
        # For the engine: an "@", a bracketed "at", or the name of a home email provider
        # ("gmail" in "jo at gmail dot com") must be in the post.
        # Short or everyday provider names ("me", "live", "sky") would wake this on most
        # posts, so only distinctive ones count; "@" covers every written-out address anyway.
        stems = {d.split(".", 1)[0] for d in self.personal_domains}
        self.triggers = frozenset({"@", "[at]", "(at)", "{at}", "<at>", "[ at ]", "( at )"}
                                  | {t for t in stems if len(t) >= 5} - {"email", "example"})
        self.spoken_hint = re.compile(
            "|".join(sorted({re.escape(t) for t in self.triggers if t != "@"}))
            + r"|\s@|@\s")

    def _find(self, ctx: Context) -> Iterator[Hit]:
        norm = ctx.norm
        if "@" in norm:
            for m in _EMAIL.finditer(norm):
                address = m.group().rstrip(".-")
                if "." not in address.split("@", 1)[1]:
                    continue
                yield Hit(m.start(), m.start() + len(address), variant=self._variant(address))
        if self.spoken_hint.search(ctx.lower):
            yield from self._spoken(norm)

    def _spoken(self, norm: str) -> Iterator[Hit]:
        """Addresses written out in words or with spaces round the "@"."""
        for m in _SPOKEN_DOMAIN.finditer(norm):
            domain = _DOT_WORD.sub(".", m.group("domain")).lower()
            at = m.group("at").strip().lower()
            personal = self._domain_in(domain, self.personal_domains)
            if not personal and (at == "at" or domain.rsplit(".", 1)[-1] not in _MAIL_TLDS):
                continue  # "meet at the hub.com"? Only home providers count without an "@".
            lm = _SPOKEN_LOCAL.search(norm, max(0, m.start() - 120), m.start())
            if lm is None:
                continue
            local = _DOT_WORD.sub(".", lm.group("local"))
            if local.lower() in _GRAMMAR_NON_NAMES and not personal:
                continue
            yield Hit(lm.start(), m.end(), variant=self._variant(f"{local}@{domain}"))

    def _variant(self, address: str) -> str:
        local, domain = address.lower().split("@", 1)
        if self._domain_in(domain, self.own_domains):
            return "role"
        tokens = [t for t in re.split(r"[._+-]+", local) if t]
        if local in self.roles or any(t.rstrip("0123456789") in self.roles for t in tokens):
            return "role"
        if self._domain_in(domain, self.personal_domains):
            return ""
        return "work"

    @staticmethod
    def _domain_in(domain: str, domains: frozenset[str]) -> bool:
        return any(domain == d or domain.endswith("." + d) for d in domains)


# --------------------------------------------------------------------------- addresses


# A UK postcode in capitals, e.g. CW9 7AB, M1 1AE, SW1A 2AA.
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?[ ]?\d[ABD-HJLNP-UW-Z]{2}(?![A-Za-z0-9])")


_NOT_HOME_AFTER = re.compile(
    r"[\s-]+(?:band|bands|party|parties|rules|wine|music|style|plants?|prices?|"
    r"cap|caps|pack|white|screen|rate|fee|tyre|roof|of\s+commons|of\s+lords)\b",
    re.IGNORECASE)
_NOT_HOME_BEFORE = re.compile(
    r"\b(?:full|open|in|round\s+the|warehouse|opera|coffee|public|steak|farm|wash)[\s-]+$",
    re.IGNORECASE)
#: Cheap first looks (on the lower-cased post) before the fuller address patterns.
_NUMBER_ON_HINT = re.compile(r"n(?:umber|o\.?)\s*\d{1,4}[a-z]?\s+(?:on|in|down|along|up|at|off)\s")
_LIVING_HINTS = ("live", "living", "moved", "moving", "stay")
#: Numbered places that are not homes: "stall at number 12 on Market Street".
_NUMBERED_PLACE = re.compile(
    r"\b(?:stall|stalls|pitch|table|unit|stand|plot|room|bay|gate|platform|bus|route|"
    r"service|locker|space|hole|tee|court|lane|track|car)\s+(?:at\s+|is\s+|was\s+)?$",
    re.IGNORECASE)


@register("home_address")
class AddressDetector(_CappedDetector):
    """A house number and street (with or without a postcode), or a postcode with a home.

    Variants: ``venue`` (a public building's address), ``postcode`` (a postcode on its own)
    and ``unclear`` (a number and street with nothing saying it is a home).
    """

    triggers = _DIGITS

    def __init__(self, spec: RuleSpec, policy: Policy) -> None:
        super().__init__(spec, policy)
        streets = _option_words(spec, "street_words")
        street_alt = "|".join(sorted((re.escape(s) for s in streets), key=len, reverse=True))
        self.street = re.compile(
            r"(?<![\d£$€.,:/-])\b(?P<num>\d{1,4}[A-Za-z]?)\b(?![:.]\d)(?:\s*-\s*\d{1,4})?,?\s+"
            rf"(?:{_NAME_WORD}\s+){{0,3}}(?:{street_alt})\b\.?"
            r"(?:,?\s+[A-Z][a-z]+){0,2}(?:,?\s*(?P<postcode>" + _POSTCODE.pattern + "))?")
        self.home = re.compile(
            rf"\b(?:{_alternation(_option_words(spec, 'home_words'))})\b", re.IGNORECASE)
        self.venue = re.compile(
            rf"\b(?:{_alternation(_option_words(spec, 'venue_words'))})\b", re.IGNORECASE)
        self.venue_after = re.compile(
            rf"^[\s,(]*(?:{_alternation(_option_words(spec, 'venue_words'))}|car\s+park)\b",
            re.IGNORECASE)
        # "collect the bikes from 41 Orchard Crescent": a hand-over at someone's door.
        self.handover = re.compile(
            rf"\b(?:{_alternation(_option_words(spec, 'handover_verbs'))})\b[^.!?\n]{{0,40}}"
            r"\b(?:from|to|at)\s+$", re.IGNORECASE)
        self.number_word = re.compile(r"\b(?:number|no\.?|house)\s*$", re.IGNORECASE)
        self.person_comma = re.compile(
            rf"(?<![\w-])(?P<first>{_NAME_WORD})\s+(?P<last>{_NAME_WORD})(?:'s)?,?\s*"
            r"(?:of\s+|at\s+)?$")
        # "to Joan at 4 Elm Grove": one name just before "at" or "of".
        self.person_at = re.compile(rf"(?<![\w-])(?P<name>{_NAME_WORD}),?\s+(?:at|of)\s+$")
        # "the lady at 22 Shurlach Road", "the family from 3 Elm Close": whoever lives there.
        self.occupant_at = re.compile(
            r"\b(?:lady|man|gentleman|gent|woman|family|couple|bloke|fella|chap|lad|lass|"
            r"girl|boy|kids|people|folks?|owners?|residents?|occupants?|tenants?|"
            r"neighbours?|neighbors?|household|occupier|homeowner|pensioner|"
            r"widow|widower)\s+(?:who\s+lives?\s+)?(?:at|from|of|in)\s+(?:number\s+)?$",
            re.IGNORECASE)
        self.not_names = _GRAMMAR_NON_NAMES | _word_set(
            w for phrase in policy.local_words for w in phrase.split())
        # "number 14 on Beech Grove", "no. 3 in Hall Lane": a house, not a venue.
        self.number_on = re.compile(
            r"(?<![\w-])(?<![Tt]he\s)(?<![Bb]us\s)(?<![Rr]oute\s)(?i:number|no\.?)\s*"
            r"\d{1,4}[A-Za-z]?\s+(?i:on|in|down|along|up|at|off)\s+(?:the\s+)?"
            rf"(?:{_NAME_WORD}\s+){{0,3}}(?:{street_alt})\b")
        # Written in lower case, a street counts only straight after a word for living there
        # ("she lives at 12 elm grove"): "5 people walk" must not read as an address.
        low_streets = "|".join(sorted((re.escape(w.lower()) for w in streets
                                       if len(w) > 3 or w in ("Way",)),
                                      key=len, reverse=True))
        self.lower_home = re.compile(
            r"\b(?:lives?|living|lived|moved|moving|stays?|staying)\s+(?:at|to|on|in)\s+"
            r"(?P<addr>(?:number\s+|no\.?\s*)?\d{1,4}[a-z]?,?\s+(?:[a-z'-]+\s+){1,3}"
            rf"(?:{low_streets}))\b")

    def _find(self, ctx: Context) -> Iterator[Hit]:
        norm = ctx.norm
        taken: list[tuple[int, int]] = []
        if any("0" <= c <= "9" for c in norm):
            for m in self.street.finditer(norm):
                start, end = m.start(), m.end()
                s, _e = _sentence(ctx, start)
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
                s, _e = _sentence(ctx, m.start())
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
            s, e = _sentence(ctx, m.start())
            sentence = norm[s:max(e, m.end())]
            home = self._home_in(sentence)
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
        s, e = _sentence(ctx, start)
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


# --------------------------------------------------------------------------- dates of birth


_DATE_WITH_YEAR = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\.?,?\s+(?P<y1>\d{{4}})"
    rf"|{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    r"|\d{1,2}[/.-]\d{1,2}[/.-](?P<y3>\d{4}|\d{2}))(?![\d/])")
_DATE_NO_YEAR = (rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\b"
                 rf"|{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b)")


@register("date_of_birth")
class DateOfBirthDetector(_CappedDetector):
    """A date of birth: "DOB 03/03/1987", "born on 3 March 1987", "date of birth: ...".

    A birth date long ago (a local hero born in 1842) is history, not personal data.
    """

    triggers = frozenset({"born", "birth", "dob", "d.o.b"})

    def __init__(self, spec: RuleSpec, policy: Policy) -> None:
        super().__init__(spec, policy)
        raw = spec.options.get("oldest_living_age", 110)
        self.max_age = raw if isinstance(raw, int) and raw > 0 else 110
        labels = r"(?:date\s+of\s+birth|d\.o\.b\.?|\bdob\b|birth\s?date)"
        self.labelled = re.compile(
            rf"{labels}\s*(?:is|was|[:=-])?\s*(?:the\s+)?(?:(?P<full>{_DATE_WITH_YEAR})"
            rf"|(?P<part>{_DATE_NO_YEAR}))", re.IGNORECASE)
        self.born = re.compile(
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


# --------------------------------------------------------------------------- ID numbers


_NI = re.compile(
    r"(?<![A-Za-z0-9])(?P<prefix>[A-Z]{2})[ ]?\d{2}[ ]?\d{2}[ ]?"
    r"\d{2}[ ]?(?P<suffix>[A-D])?(?![A-Za-z0-9])", re.IGNORECASE)
#: The prefixes HMRC issues: D, F, I, Q, U, V never come first; D, F, I, O, Q, U, V never second.
_NI_PREFIX = re.compile(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]", re.IGNORECASE)
_NI_BAD_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
_NI_CONTEXT = re.compile(r"\bnational\s+insurance\b|\bN\.?I\.?\s*(?:no|number|num)\b|\bNINO\b",
                         re.IGNORECASE)


@register("ni_number")
class NationalInsuranceDetector(_CappedDetector):
    """A National Insurance number, by the official prefix rules (AB 12 34 56 C)."""

    triggers = _DIGITS

    def _find(self, ctx: Context) -> Iterator[Hit]:
        norm = ctx.norm
        for m in _NI.finditer(norm):
            prefix = m.group("prefix")
            text = m.group()
            if prefix.upper() in _NI_BAD_PREFIXES or not _NI_PREFIX.fullmatch(prefix):
                # Not a prefix HMRC issues (QQ is their example), but "NI number QQ123456C"
                # is still someone's number typed in, or a real one mistyped.
                if m.group("suffix") and _NI_CONTEXT.search(
                        norm[max(0, m.start() - 60):m.end() + 30]):
                    yield Hit(m.start(), m.start() + len(text))
                continue
            plain = prefix.isupper() and (m.group("suffix") or "").isupper()
            if not (plain and m.group("suffix")):
                # Not a sentence: "NI no. is ..." would split at the full stop.
                near = norm[max(0, m.start() - 60):m.end() + 30]
                if not _NI_CONTEXT.search(near):
                    continue
            yield Hit(m.start(), m.start() + len(text))


_TEN_DIGITS = re.compile(r"(?<![\d£$€.,/+-])(\d{3})([ -]?)(\d{3})([ -]?)(\d{4})(?![\d/])")
_NHS_CONTEXT = re.compile(r"\bNHS\b|\bCHI\b|\bhealth\s+(?:service\s+)?number\b", re.IGNORECASE)


def nhs_number_valid(digits: str) -> bool:
    """The NHS number's modulus 11 check digit."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


@register("nhs_number")
class NHSNumberDetector(_CappedDetector):
    """A ten-digit NHS number whose check digit is right, written 3-3-4 or named as NHS."""

    triggers = _DIGITS

    def _find(self, ctx: Context) -> Iterator[Hit]:
        norm = ctx.norm
        for m in _TEN_DIGITS.finditer(norm):
            digits = m.group(1) + m.group(3) + m.group(5)
            if not nhs_number_valid(digits) or _is_reference(norm, m.start()):
                continue
            s, e = _sentence(ctx, m.start())
            named = _NHS_CONTEXT.search(norm[s:max(e, m.end())]) is not None
            grouped = bool(m.group(2)) and m.group(2) == m.group(4)
            if named or (grouped and digits[0] != "0"):
                yield Hit(m.start(), m.end())


def luhn_valid(digits: str) -> bool:
    """The Luhn check used by payment card numbers."""
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


_CARD = re.compile(r"(?<![\d£$€.,/+-])\d(?:[ -]?\d){12,18}(?![\d/])")
_CARD_CONTEXT = re.compile(
    r"\b(?:card|visa|mastercard|master\s+card|amex|american\s+express|debit|credit|cvv|cvc|"
    r"expiry|expires|long\s+number)\b", re.IGNORECASE)
_CARD_GROUPS = re.compile(r"\d{4}(?:[ -]\d{4}){2}[ -]\d{1,7}|\d{4}[ -]\d{6}[ -]\d{5}")


@register("card_number")
class CardNumberDetector(_CappedDetector):
    """A payment card number (13 to 19 digits passing the Luhn check)."""

    triggers = _DIGITS

    def _find(self, ctx: Context) -> Iterator[Hit]:
        norm = ctx.norm
        for m in _CARD.finditer(norm):
            digits = _digits(m.group())
            if not (13 <= len(digits) <= 19) or digits[0] not in "23456":
                continue
            if not luhn_valid(digits) or len(set(digits)) == 1:
                continue
            grouped = (_CARD_GROUPS.fullmatch(m.group()) is not None
                       or (m.group().isdigit() and len(digits) in (15, 16)))
            s, e = _sentence(ctx, m.start())
            named = _CARD_CONTEXT.search(norm[s:max(e, m.end())]) is not None
            if named or (grouped and not m.group().isdigit()):
                yield Hit(m.start(), m.end())


_SORT_CODE = re.compile(
    r"\b(?:sort\s*-?\s*code|s/c)\b\s*(?:is|:|-|=)?\s*(?:\d{2}[ -]\d{2}[ -]\d{2}|\d{6})(?!\d)",
    re.IGNORECASE)
_ACCOUNT = re.compile(
    r"\b(?:account|acct|acc|a/c)\.?\s*(?:number|no\.?|num|#)?\s*(?:is|:|-|=)?\s*\d{8}(?!\d)",
    re.IGNORECASE)
_BARE_BANK = re.compile(r"(?<![\d/.-])\d{2}-\d{2}-\d{2}[ ,/]+\d{8}(?!\d)")


@register("bank_details")
class BankDetailsDetector(_CappedDetector):
    """A sort code or account number. Variant ``organisation``: the post says whose."""

    triggers = _DIGITS

    def __init__(self, spec: RuleSpec, policy: Policy) -> None:
        super().__init__(spec, policy)
        words = list(_option_words(spec, "organisation_context"))
        words += [policy.short_name, policy.name]
        self.org = re.compile(rf"\b(?:{_alternation(words)})\b", re.IGNORECASE)
        self.personal = re.compile(
            rf"\b(?:my|his|her|their|{_NAME_WORD}'s)\s+(?:bank|account|details)\b")

    def _find(self, ctx: Context) -> Iterator[Hit]:
        norm = ctx.norm
        if not any("0" <= c <= "9" for c in norm):
            return
        for rx in (_SORT_CODE, _ACCOUNT, _BARE_BANK):
            for m in rx.finditer(norm):
                s, e = _sentence(ctx, m.start())
                sentence = norm[s:max(e, m.end())]
                org = self.org.search(sentence) and not self.personal.search(sentence)
                yield Hit(m.start(), m.end(), variant="organisation" if org else "")


# --------------------------------------------------------------------------- health details


class _PersonFinder:
    """Finds a named or clearly identified person in a stretch of text.

    "our treasurer Brian", "her husband", "my neighbour", "Mrs Jones", "Brian has...",
    "wishing Brian...". Capitalised words that are places, groups or grammar do not count.
    """

    def __init__(self, spec: RuleSpec, policy: Policy) -> None:
        relations = _option_words(spec, "relations")
        followers = _option_words(spec, "relation_followers")
        not_names = _option_words(spec, "not_names")
        self.not_names = _GRAMMAR_NON_NAMES | _word_set(not_names) | _word_set(
            w for phrase in policy.local_words for w in phrase.split())
        rel = _alternation(relations)
        self.relation = re.compile(
            rf"\b(?:my|our|your|his|her|their|{_NAME_WORD}'s)\s+(?:[a-z-]+\s+)?(?:{rel})"
            r"(?P<after>'s\b|\b(?![-'])\s*(?P<next>[A-Za-z]+)?)", re.IGNORECASE)
        self.followers = _word_set(followers)
        self.title = re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+{_NAME_WORD}")
        self.name_verb = re.compile(
            rf"(?<![\w'-])(?P<name>{_NAME_WORD})(?:\s+(?P<second>{_NAME_WORD}))?"
            r"(?:'s\b|,?\s+(?:who|whose|is|was|has|had|have|will|got|went|underwent|remains|"
            r"needs|needed|starts|started|began|finished|faces|suffered|collapsed|passed|"
            r"recently|just|lost|lives|living|battled|battling|fought|fighting|"
            r"continues|from\s+(?:the|our|number)|at\s+number)\b)")
        self.name_cue = re.compile(
            r"\b(?:wish(?:ing)?|thinking\s+of|thoughts\s+(?:are\s+)?with|love\s+to|hugs\s+to|"
            r"praying\s+for|prayers\s+(?:for|to)|get\s+well\s+soon,?|speedy\s+recovery,?|"
            r"recovery\s+to|welcome\s+back,?|best\s+wishes\s+to|sending\s+(?:love|"
            r"best\s+wishes)\s+to|(?:card|cards|flowers|note|message)\s+(?:to|for))\s+"
            r"(?:to\s+)?(?:our\s+\w+\s+)?"
            rf"(?P<name>{_NAME_WORD})", re.IGNORECASE)

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
                return m.group().strip()
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
        return None


@register("health_details")
class HealthDetailsDetector(_CappedDetector):
    """A health condition or treatment in the same sentence as an identified person.

    General health messaging ("dementia-friendly café", "cancer support group", "free flu
    jabs") does not count: a term followed by a service word is about a service, not a person.
    """

    def __init__(self, spec: RuleSpec, policy: Policy) -> None:
        super().__init__(spec, policy)
        # Run on the lower-cased post with no look-behind, so the engine can skip quickly
        # to a possible first letter; a match inside a word is dropped in _terms().
        self.terms = re.compile(
            rf"(?:{_alternation(_option_words(spec, 'terms'))})(?![\w])")
        after = _alternation(_option_words(spec, "generic_after"))
        self.generic_after = re.compile(
            rf"^(?:'s)?[\s-]*(?:(?:and|&|/)\s*[\w']+\s+)?(?:{after})\b", re.IGNORECASE)
        before = _alternation(_option_words(spec, "generic_before"))
        self.generic_before = re.compile(
            rf"\b(?:{before})[\s-]+(?:(?!(?:my|your|his|her|their|our)\b)[\w']+\s+)?$",
                                         re.IGNORECASE)
        patterns = _option_patterns(spec, "not_health")
        self.not_health = re.compile("|".join(f"(?:{p})" for p in patterns),
                                     re.IGNORECASE) if patterns else None
        self.people = _PersonFinder(spec, policy)
        # For the engine: the first word of every term, lower-cased, one of which must appear.
        self.triggers = frozenset(t.lower().split()[0].split("'")[0]
                                  for t in _option_words(spec, "terms"))
        self.pronoun = re.compile(r"\b(?:he|she|he's|she's|they're|they've)\b", re.IGNORECASE)

    def _find(self, ctx: Context) -> Iterator[Hit]:
        norm = ctx.norm
        done_sentence = -1
        for m in self._terms(ctx.lower):
            s, e = _sentence(ctx, m.start())
            if s == done_sentence:
                continue
            if self._generic(norm, m, s, e):
                continue
            sentence = norm[s:max(e, m.end())]
            person = self.people.find(sentence)
            if person is None and self.pronoun.search(sentence):
                ps, _pe = _sentence(ctx, max(s - 1, 0))
                if ps < s:
                    person = self.people.find(norm[ps:s])
            if person is None:
                continue
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


# --------------------------------------------------------------------------- children


@register("child_details")
class ChildDetailsDetector(_CappedDetector):
    """A child's name with their age or school year: "Oliver Hughes (age 6)", "Mia, 7,",
    "6-year-old Ava", "Jack from Year 3 at ... Primary".

    Groups ("children aged 5-11", "Year 6 pupils") and adults (an age of 18 or over, or a
    name after a title such as Mrs) do not count. A name with a school but no age or year is
    the ``school`` variant (info): a teacher or parent is just as likely.
    """

    def __init__(self, spec: RuleSpec, policy: Policy) -> None:
        super().__init__(spec, policy)
        self.not_names = _GRAMMAR_NON_NAMES | _word_set(
            _option_words(spec, "not_names")) | _word_set(
            w for phrase in policy.local_words for w in phrase.split())
        adults = _alternation(_option_words(spec, "adult_titles"))
        self.adult_before = re.compile(rf"\b(?:{adults})\.?\s+$", re.IGNORECASE)
        schools = _alternation(_option_words(spec, "school_words"))
        child_words = _alternation(_option_words(spec, "child_words"))
        self.child_cue = re.compile(rf"\b(?:{child_words})\b", re.IGNORECASE)
        prefix = rf"(?:(?i:{child_words})\s+)?"
        name = rf"(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD})?)"
        not_time = r"(?!\s*(?:am|pm|:|%|th|st|nd|rd|[.:]\d|-\d|–\d|\+))"
        follow = (r"(?=\s*[,)!;:]|\.(?!\d)|\s*$|\s+(?:from|of|who|and|has|won|is|was|took|"
                  r"came|scored|got|in|at|with|made|drew|wrote|raised|did|came|finished)\b)")
        age_after = (
            rf"\s*\(\s*(?:(?i:aged?)\s*)?(?P<a1>\d{{1,2}})\s*(?:(?i:yrs?|years?(?:\s+old)?))?\s*\)"
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
            rf"|,?\s+(?i:from|at|of|who\s+goes\s+to|who\s+attends|a\s+pupil\s+at|"
            rf"a\s+student\s+at|in)\s+(?P<school>(?:{_NAME_WORD}'?s?\s+){{1,4}}"
            rf"(?i:{schools}))\b"
        )
        self.after = re.compile(r"(?<![\w'-])" + prefix + name + rf"(?:{age_after})")
        # Cheap markers of an age or school; the full patterns run only near one of them.
        # (Matched against the lower-cased post, which is faster than IGNORECASE.)
        self.marker = re.compile(
            r"\(\s*(?:aged?\s*)?\d{1,2}\s*\)|,\s*(?:aged?\s+)?\d{1,2}\b|\d{1,2}[- ]years?[- ]old"
            r"|\d(?:st|nd|rd|th)\s+birthday"
            # One word-start group for all the word markers: a second "\b(?:...)" branch
            # costs the engine another try at every position of a long post.
            r"|\b(?:(?:aged?|is|was|turned|turns|be|now|year|yr|y)\s?\d"
            rf"|(?:reception|class|nursery|who's|who|{schools.lower()}|"
            rf"{'|'.join(_NUMBER_WORDS)})\b)")
        self.before = re.compile(
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
        age_text = next((groups[k] for k in ("a1", "a2", "a3", "a4", "a5", "b1", "b3")
                         if groups.get(k)), None)
        variant = ""
        if age_text is not None:
            age = _age(age_text)
            if age is None or not 0 < age < 18:
                return None
        elif groups.get("year") or groups.get("year2") or groups.get("b2"):
            pass
        elif groups.get("school"):
            s, e = _sentence(ctx, m.start())
            if not self.child_cue.search(ctx.norm[s:max(e, m.end())]):
                variant = "school"
        else:
            return None
        return Hit(m.start(), m.end(), variant=variant, params={"name": " ".join(words)})
