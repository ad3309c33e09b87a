"""Email addresses, written plainly or spelt out to dodge spam robots: a person's own
address blocks; team mailboxes are fine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from rwt_desktop.core.policy import Policy, RuleSpec
from rwt_desktop.core.rules.engine import Context
from rwt_desktop.core.rules.pattern_analysis import PatternAnalysis
from rwt_desktop.core.rules.personal_data.common import (
    GRAMMAR_NON_NAMES,
    CappedDetector,
    option_words,
    word_set,
)
from rwt_desktop.core.rules.registry import Hit, register

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

#: An address said to be someone's own just before it ("her email is", "my personal email:",
#: "email him at"): a named address at an unknown domain is then theirs, not a work one.
_OWNED = re.compile(
    r"\b(?:(?:her|his|my)\s+(?:own\s+|personal\s+|home\s+|private\s+)?e-?mail(?:\s+address)?"
    r"\s*(?:is|'s|:|-)?|e-?mail\s+(?:her|him|me|(?-i:[A-Z][a-z]+))\s+(?:directly\s+|personally\s+)?"
    r"(?:at|on)\s*:?)\s*$", re.IGNORECASE)


@register("email_address")
class EmailDetector(CappedDetector):
    """Email addresses: a person's own address blocks; team mailboxes are fine.

    Variants: ``role`` (info@, bookings@, an address at the organisation's own domain) and
    ``work`` (a named address at a business or public body: worth a second look).
    """

    def __init__(self, spec: RuleSpec, policy: Policy,
                 analysis: PatternAnalysis | None = None) -> None:
        super().__init__(spec, policy, analysis)
        self.roles = word_set(option_words(spec, "role_mailboxes"))
        self.personal_domains = word_set(option_words(spec, "personal_domains"))
        own = {d.lower() for d in option_words(spec, "organisation_domains")}
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
        self.spoken_hint = self._regex(
            "|".join(sorted({re.escape(t) for t in self.triggers if t != "@"}))
            + r"|\s@|@\s")

    def _find(self, ctx: Context) -> Iterator[Hit]:
        norm = ctx.norm
        if "@" in norm:
            for m in _EMAIL.finditer(norm):
                address = m.group().rstrip(".-")
                if "." not in address.split("@", 1)[1]:
                    continue
                variant = self._variant(address)
                if variant == "work" and _OWNED.search(norm, max(0, m.start() - 40),
                                                       m.start()):
                    variant = ""  # "her email is jo.b@…": whatever the domain, it is hers
                yield Hit(m.start(), m.start() + len(address), variant=variant)
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
            if local.lower() in GRAMMAR_NON_NAMES and not personal:
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
