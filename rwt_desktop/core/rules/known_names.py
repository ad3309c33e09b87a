"""The variant names each detector can give, so a misspelt variant in the data is a load
error instead of a silent change of outcome.

A detector's ``Hit.variant`` picks one of the rule's ``[rule.variants.NAME]`` tables; a name
in the data that no detector ever gives is never used, and the hit then takes the rule's own
severity (``publik`` for ``public`` turned a Samaritans number from info into a block).
``tests/test_policy_robust.py`` checks that every variant name written in a detector's source
and every one in the shipped rules is listed here. A detector missing from this table is not
checked (a new one can be added before it is listed).
"""

from __future__ import annotations

from rwt_desktop.core.images import SOURCES

DETECTOR_VARIANTS: dict[str, frozenset[str]] = {
    "phrases": frozenset(),
    "bank_details": frozenset({"organisation"}),
    "card_number": frozenset(),
    "channel_length": frozenset(),
    "child_details": frozenset({"school"}),
    "date_of_birth": frozenset(),
    "email_address": frozenset({"role", "work"}),
    "health_details": frozenset(),
    "home_address": frozenset({"postcode", "unclear", "venue"}),
    # The image rule also gives the picture's source as the variant (an online one, say).
    "judgement": frozenset(),
    "image": frozenset({"animated", "children", "details", "gps", "no_author", "no_licence",
                        "renamed", "too_long", "unhelpful", "unsure", *SOURCES}),
    "links": frozenset({"archive", "disguised", "lookalike"}),
    "nhs_number": frozenset(),
    "ni_number": frozenset(),
    "swearing": frozenset({"mild", "acronym"}),
    "tone": frozenset({"hostile", "mild", "punctuation", "word"}),
    "uk_phone": frozenset({"organisation", "public", "unclear"}),
}
