"""Numbers that identify a person or their money: National Insurance, NHS, payment card
(each by its official rules or check digit) and bank details.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rwt_desktop.core.policy import Policy, RuleSpec
from rwt_desktop.core.rules.engine import Context
from rwt_desktop.core.rules.pattern_analysis import PatternAnalysis
from rwt_desktop.core.rules.personal_data.common import (
    DIGITS,
    NAME_WORD,
    CappedDetector,
    digits_of,
    is_reference,
    option_words,
    sentence_near,
)
from rwt_desktop.core.rules.registry import Hit, register

_NI = re.compile(
    r"(?<![A-Za-z0-9])(?P<prefix>[A-Z]{2})[ ]?\d{2}[ ]?\d{2}[ ]?"
    r"\d{2}[ ]?(?P<suffix>[A-D])?(?![A-Za-z0-9])", re.IGNORECASE)
#: The prefixes HMRC issues: D, F, I, Q, U, V never come first; D, F, I, O, Q, U, V never second.
_NI_PREFIX = re.compile(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]", re.IGNORECASE)
_NI_BAD_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
_NI_CONTEXT = re.compile(r"\bnational\s+insurance\b|\bN\.?I\.?\s*(?:no|number|num)\b|\bNINO\b",
                         re.IGNORECASE)


@register("ni_number")
class NationalInsuranceDetector(CappedDetector):
    """A National Insurance number, by the official prefix rules (AB 12 34 56 C)."""

    triggers = DIGITS

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
class NHSNumberDetector(CappedDetector):
    """A ten-digit NHS number whose check digit is right, written 3-3-4 or named as NHS."""

    triggers = DIGITS

    def _find(self, ctx: Context) -> Iterator[Hit]:
        norm = ctx.norm
        for m in _TEN_DIGITS.finditer(norm):
            digits = m.group(1) + m.group(3) + m.group(5)
            if not nhs_number_valid(digits) or is_reference(norm, m.start()):
                continue
            s, e = sentence_near(ctx, m.start())
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
class CardNumberDetector(CappedDetector):
    """A payment card number (13 to 19 digits passing the Luhn check)."""

    triggers = DIGITS

    def _find(self, ctx: Context) -> Iterator[Hit]:
        norm = ctx.norm
        for m in _CARD.finditer(norm):
            digits = digits_of(m.group())
            if not (13 <= len(digits) <= 19) or digits[0] not in "23456":
                continue
            if not luhn_valid(digits) or len(set(digits)) == 1:
                continue
            grouped = (_CARD_GROUPS.fullmatch(m.group()) is not None
                       or (m.group().isdigit() and len(digits) in (15, 16)))
            s, e = sentence_near(ctx, m.start())
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
class BankDetailsDetector(CappedDetector):
    """A sort code or account number. Variant ``organisation``: the post says whose."""

    triggers = DIGITS

    def __init__(self, spec: RuleSpec, policy: Policy,
                 analysis: PatternAnalysis | None = None) -> None:
        super().__init__(spec, policy, analysis)
        words = list(option_words(spec, "organisation_context"))
        words += [policy.short_name, policy.name]
        self.org = self._regex(rf"\b(?:{self._alternation(words)})\b", re.IGNORECASE)
        self.personal = self._regex(
            rf"\b(?:my|his|her|their|{NAME_WORD}'s)\s+(?:bank|account|details)\b")

    def _find(self, ctx: Context) -> Iterator[Hit]:
        norm = ctx.norm
        if not any("0" <= c <= "9" for c in norm):
            return
        for rx in (_SORT_CODE, _ACCOUNT, _BARE_BANK):
            for m in rx.finditer(norm):
                s, e = sentence_near(ctx, m.start())
                sentence = norm[s:max(e, m.end())]
                org = self.org.search(sentence) and not self.personal.search(sentence)
                yield Hit(m.start(), m.end(), variant="organisation" if org else "")
