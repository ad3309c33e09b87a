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

# One module per detector (or family of detectors), with what they share in ``common``.
# Importing each registers its detectors under the names resources/rules/personal_data.toml
# uses ("uk_phone", "email_address", "home_address", ...).
from rwt_desktop.core.rules.personal_data.address import AddressDetector
from rwt_desktop.core.rules.personal_data.child import ChildDetailsDetector
from rwt_desktop.core.rules.personal_data.common import MAX_HITS_PER_RULE, alternation
from rwt_desktop.core.rules.personal_data.dates import DateOfBirthDetector
from rwt_desktop.core.rules.personal_data.email import EmailDetector
from rwt_desktop.core.rules.personal_data.health import HealthDetailsDetector
from rwt_desktop.core.rules.personal_data.id_numbers import (
    BankDetailsDetector,
    CardNumberDetector,
    NationalInsuranceDetector,
    NHSNumberDetector,
    luhn_valid,
    nhs_number_valid,
)
from rwt_desktop.core.rules.personal_data.phone import PhoneNumberDetector

__all__ = [
    "MAX_HITS_PER_RULE",
    "AddressDetector",
    "BankDetailsDetector",
    "CardNumberDetector",
    "ChildDetailsDetector",
    "DateOfBirthDetector",
    "EmailDetector",
    "HealthDetailsDetector",
    "NHSNumberDetector",
    "NationalInsuranceDetector",
    "PhoneNumberDetector",
    "alternation",
    "luhn_valid",
    "nhs_number_valid",
]
