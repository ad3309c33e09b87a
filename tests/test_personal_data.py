"""The personal_data rules: "Reveal personal data".

Every case here is written for these tests (none is taken from the sample corpus). Each
kind has posts that must be flagged at block and near-misses that must not be flagged at
warn or block, because a checker that cries wolf on a helpline or a school choir gets
switched off.
"""

from __future__ import annotations

import dataclasses

import pytest

from rwt_desktop.core.checker import Checker, check
from rwt_desktop.core.findings import Finding, Severity
from rwt_desktop.core.policy import PolicyError, builtin_policy
from rwt_desktop.core.rules.personal_data import (
    MAX_HITS_PER_RULE,
    alternation,
    luhn_valid,
    nhs_number_valid,
)

CATEGORY = "personal_data"


def personal(text: str) -> list[Finding]:
    return [f for f in check(text, categories=[CATEGORY]).findings if f.category == CATEGORY]


def serious(text: str) -> list[Finding]:
    return [f for f in personal(text) if f.severity in (Severity.WARN, Severity.BLOCK)]


def blocked(text: str, rule: str) -> list[Finding]:
    return [f for f in personal(text) if f.rule == rule and f.severity is Severity.BLOCK]


def assert_spans(text: str, findings: list[Finding]) -> None:
    for f in findings:
        assert text[f.start:f.end] == f.text


# --------------------------------------------------------------------------- the data's own


def test_the_personal_data_rules_and_their_clause() -> None:
    specs = [s for s in builtin_policy().rules if s.category == CATEGORY]
    assert len(specs) >= 10
    for spec in specs:
        assert spec.clause == "Reveal personal data"


# Each rule's own examples run in tests/test_rule_examples.py.


# --------------------------------------------------------------------------- phone numbers


@pytest.mark.parametrize("text, number", [
    ("Found a purse on the canal path – ring Maureen on 07700 900412.", "07700 900412"),
    ("Lifts available, text me: 07700-900-218", "07700-900-218"),
    ("Anyone with info please call him on +44 7700 900734 🙏", "+44 7700 900734"),
    ("My mobile is +44 (0)7700 900 551 if you need me.", "+44 (0)7700 900 551"),
    ("Ring Derek at home on (01632) 960 118 about the allotment.", "(01632) 960 118"),
    ("🐶📞07700 900 605 – that's my number, Bella's owner.", "07700 900 605"),
    ("Spare tickets from Jo, 0044 7700 900 377.", "0044 7700 900 377"),
])
def test_private_numbers_block_with_exact_span(text: str, number: str) -> None:
    hits = blocked(text, "personal_data.phone")
    assert [f.text for f in hits] == [number]
    assert_spans(text, hits)


@pytest.mark.parametrize("text", [
    "Worried about a child? Call the NSPCC on 0808 800 5000.",
    "Samaritans are there round the clock on 116 123.",
    "Childline: 0800 1111, free and private.",
    "Council tax questions? Ring 0300 123 8 123.",
    "Domestic abuse helpline 0808 2000 247 – open all day, every day.",
    "Freephone 0800 123 4567 for the energy advice line.",
])
def test_helplines_are_info_only(text: str) -> None:
    found = personal(text)
    assert found, "a helpline gets a gentle reminder to check the digits"
    assert all(f.severity is Severity.INFO for f in found)
    assert all("public" in f.message or "published" in f.message for f in found)


@pytest.mark.parametrize("text", [
    "In an emergency always dial 999; for non-urgent crime call 101.",
    "Unwell but it's not an emergency? Call 111.",
    "Our fun day is on 19 July 2025, 2–4pm, with 85 volunteers and 12 stalls.",
    "Tickets £3.50, concessions £2.00, family £10 – raised £1,234.56 last year!",
    "Established 1998. Registered charity 1123456. Company no. 04567890.",
    "Crime reference 06/123456/24 – please quote it if you call.",
    "The library is at CW9 5DW, open 9.30–17.00 on weekdays.",
    "Order number 07123456789 has shipped.",
    "Scores: 3-1, 2-2 and 4-0 in the Under 12s tournament.",
])
def test_things_that_are_not_private_numbers(text: str) -> None:
    assert serious(text) == []


def test_organisations_published_landline_is_not_blocked() -> None:
    text = "Book the hall through our office on 01606 288 000, Monday to Friday."
    found = [f for f in personal(text) if f.rule == "personal_data.phone"]
    assert [f.severity for f in found] == [Severity.INFO]


def test_landline_with_no_owner_is_a_warning() -> None:
    found = [f for f in personal("Any news, ring 01606 812 345.")
             if f.rule == "personal_data.phone"]
    assert [f.severity for f in found] == [Severity.WARN]


@pytest.mark.parametrize("text", [
    # the post says whose place it is in another sentence
    "Our drop-in hub is on Witton Street, Mon–Thu 10–2. Any problems, call 01632 960 707.",
    "Come and find us at the library on Tuesdays. Ring 01632 960 708 if you get lost.",
    # offered for booking or questions
    "Knit and natter is back on Mondays: ring 01632 960 606 to book a place.",
    "Questions? Phone 01632 960 709, weekday mornings.",
    "Bike checks at the hub on Saturday. For help call 01632 960 711.",
    # a service's own line, named like a person
    "Ring Weaver Vale's customer line on 01632 960 505 about repairs.",
    # an organisation named after "ring" or "call", our own name among them, or a person
    # named with the office they answer for
    "For a referral, ring Weaverside Foodbank on 01632 960 771 on a weekday morning.",
    "Tickets for the carol concert: phone St Mark's Church on 01632 960 772.",
    "If you want to know more, call Rudheath and Witton Together on 01632 960 773.",
    "Ring the Salvation Army on 01632 960 774 if you need a food parcel this week.",
    "If you're worried about an elderly neighbour, call Age UK Cheshire on 01632 960 779.",
    "To book the hall, ring Maureen at the parish office on 01632 960 780.",
    # opening hours beside it: a place or service that keeps hours, not someone's home
    "Need a hand with forms? Ring 01632 960 784, Tuesday to Friday, 10 till 2.",
    "Lost property can be collected: phone 01632 960 785 weekdays.",
    "Struggling with the meter? Call 01632 960 788 (Mon-Thu, 9am-4pm).",
])
def test_an_organisations_landline_said_in_other_words_is_a_note(text: str) -> None:
    found = [f for f in personal(text) if f.rule == "personal_data.phone"]
    assert [f.severity for f in found] == [Severity.INFO]


@pytest.mark.parametrize(("text", "severity"), [
    # a person named by title beside the number: theirs, whatever else the post says
    ("Pop in to our shop any time. Mrs Patel at number 9 has a spare key, 01632 960 808.",
     Severity.WARN),
    # a place in the post that is not said to be ours says nothing about whose line it is
    ("Lost tabby near the church on Friday. Ring 01632 960 809.", Severity.WARN),
    ("Ring Tony's mobile on 01632 960 810 if the hall is locked.", Severity.BLOCK),
    # hours do not make a named person's number, or a mobile, an organisation's
    ("Ring Brian on 01632 960 786 between 9am and 5pm if you can help.", Severity.BLOCK),
    ("Text 07700 900 787, Monday to Friday, 9 till 5, about the lost dog.", Severity.BLOCK),
])
def test_a_landline_near_a_person_is_still_theirs(text: str, severity: Severity) -> None:
    found = [f for f in personal(text) if f.rule == "personal_data.phone"]
    assert [f.severity for f in found] == [severity]


def test_public_numbers_from_policy_are_recognised() -> None:
    policy = builtin_policy()
    for number in policy.public_numbers:
        if len(number) < 6:
            continue
        text = f"Need to talk? Call {number} today."
        found = [f for f in personal(text) if f.rule == "personal_data.phone"]
        assert found and all(f.severity is Severity.INFO for f in found), number


# --------------------------------------------------------------------------- email


@pytest.mark.parametrize("text", [
    "Entries to kevin.oakes1974@hotmail.co.uk by Sunday please!",
    "Questions? jsmith@gmail.com",
    "Message Lorraine (lorraine_b@yahoo.co.uk) for the rota.",
])
def test_personal_email_blocks(text: str) -> None:
    hits = blocked(text, "personal_data.email")
    assert len(hits) == 1
    assert "@" in hits[0].text and not hits[0].text.endswith(".")


@pytest.mark.parametrize("text", [
    "Email info@wittonscouts.org.uk to join.",
    "Contact bookings@northwichmemorialcourt.co.uk for tickets.",
    "Drop a line to hello@rudheathandwittontogether.org.uk.",
    "Volunteers wanted – volunteers@foodbank.org.uk",
    "Send planning comments to planning.enquiries@cheshirewestandchester.gov.uk",
    "Our project manager: heidi@rudheathandwittontogether.org.uk",
])
def test_role_and_organisation_mailboxes_are_fine(text: str) -> None:
    assert serious(text) == []


# --------------------------------------------------------------------------- addresses


@pytest.mark.parametrize("text", [
    "Found: a wallet belonging to Gary Holt, 8 Moss Lane, CW9 7QQ.",
    "Please collect the spare bikes from 41 Orchard Crescent any evening.",
    "She lives at number 6 Beech Grove, so pop a card through the door.",
    "Drop donations at 12 Kingsley Close, CW8 2AB.",
    # "address" with someone's name or "her" stays theirs, even with a venue named
    "Her address is CW9 4LL, just past the church hall.",
    "Cards to Doreen's address please, Northwich CW8 1ZZ, she's home from hospital now.",
])
def test_home_address_blocks(text: str) -> None:
    assert blocked(text, "personal_data.address")


@pytest.mark.parametrize("text", [
    "Witton Church Hall, CW9 5QU – doors open at 7pm.",
    "Meet outside the community centre on London Road at 10am.",
    "Our hub is at 12 Station Road, next to the library.",
    "Postcode for your sat nav: CW9 7AB.",
    "Road closed between 9am and 4pm on Chester Way.",
    # a venue's address called an address
    "Address for the sat nav: Witton Library, Station Road, CW9 5EE.",
    "Our address for donations: Barnton Village Hall, Townfield Lane, CW8 4LH.",
])
def test_venues_and_lone_postcodes_are_at_most_info(text: str) -> None:
    assert serious(text) == []


# --------------------------------------------------------------------------- dates of birth


@pytest.mark.parametrize("text", [
    "Name: Brenda Lowe, DOB 14/09/1952.",
    "date of birth: 3rd June 1999",
    "Baby Leo was born on 2 January 2024 weighing 7lb 2oz!",
    "D.O.B. 01-12-88, please bring ID.",
])
def test_dates_of_birth_block(text: str) -> None:
    assert blocked(text, "personal_data.date_of_birth")


@pytest.mark.parametrize("text", [
    "Christmas lunch is on 14 December 2025 at noon.",
    "Save the date: 03/03/2026 for our AGM.",
    "Our founder was born in Northwich and loved this town.",
    "Happy birthday to Vera, who celebrates today!",
])
def test_ordinary_dates_pass(text: str) -> None:
    assert serious(text) == []


# --------------------------------------------------------------------------- ID numbers


@pytest.mark.parametrize("text, rule", [
    ("NI number: JW 12 34 56 A", "personal_data.ni_number"),
    ("Her NHS number is 943 476 5919.", "personal_data.nhs_number"),
    ("nhs no 9434765919", "personal_data.nhs_number"),
    ("Card: 4539 1488 0343 6467 exp 09/27", "personal_data.card_number"),
    ("Sort code 20-00-00, account 55779911, name T Brown", "personal_data.bank_details"),
])
def test_identity_and_money_numbers_block(text: str, rule: str) -> None:
    hits = blocked(text, rule)
    assert hits
    assert_spans(text, hits)


@pytest.mark.parametrize("text", [
    "NI number: BG 12 34 56 A",  # BG is never issued, but it is labelled as an NI number
    "his national insurance is QQ123456C",  # HMRC's own example, typed in as someone's
    "NINO DA 12 34 56 A",  # D is never a first letter: a mistyped real number
])
def test_labelled_ni_number_with_unissued_prefix_blocks(text: str) -> None:
    hits = blocked(text, "personal_data.ni_number")
    assert hits
    assert_spans(text, hits)


@pytest.mark.parametrize("text", [
    "Ref BG 12 34 56 A on the parcel",  # BG is never issued and nothing says NI
    "Bay DA 12 34 56 A is reserved",  # D is never a first letter
    "Ref QQ 12 34 56 C on the form",  # Q is never a first letter
    "NI number: QQ 12 34 56",  # no final letter: too little to go on with a bad prefix
    "NHS number 943 476 5918",  # check digit wrong
    "Call 0300 123 4567 for your NHS appointment.",
    "Card 4539 1488 0343 6468 – Luhn fails",
    "Serial 1234 5678 9012 3456 on the back of the heater.",
    "Sessions on 20-10-25 and 27-10-25, 10am each day.",
    "We'll have 12345678 reasons to smile this summer!",
])
def test_checksum_and_prefix_failures_pass(text: str) -> None:
    assert serious(text) == []


def test_checksums() -> None:
    assert nhs_number_valid("9434765919")
    assert not nhs_number_valid("9434765918")
    assert not nhs_number_valid("1111111111")
    assert luhn_valid("4539148803436467")
    assert not luhn_valid("4539148803436468")


# --------------------------------------------------------------------------- health


@pytest.mark.parametrize("text", [
    "Thinking of our secretary Pam, who starts radiotherapy on Monday.",
    "Mr Ellis at number 7 has had a stroke, so his garden needs a helping hand.",
    "Her husband has been sectioned, please keep her in your thoughts.",
    "Wishing Gordon a speedy recovery after his heart bypass operation.",
    "My neighbour has been diagnosed with Parkinson's.",
    "Trevor is back in hospital with pneumonia, bless him.",
    # the person named a sentence or two before ("she's", "after her stroke"), asked to be
    # kept in people's thoughts, or named with where they are from
    "Paula won't be at choir for a while. She's just been told she's got multiple sclerosis.",
    "Please keep our Jean in your thoughts, she's on the ward after her stroke on Sunday.",
    "Lovely to see Viv from Castle out walking, three months after her stroke.",
    "Good wishes to Hayley, our lovely walk leader: she's 12 weeks pregnant!",
])
def test_health_details_tied_to_a_person_block(text: str) -> None:
    assert blocked(text, "personal_data.health")


@pytest.mark.parametrize("text", [
    "Free flu jabs for over-65s at the pharmacy this week.",
    "The dementia-friendly film screening is on Sunday at 2pm.",
    "Breast cancer support group: second Tuesday of the month.",
    "Macmillan coffee morning at the hub – bring your best bakes!",
    "Our volunteer drivers take residents to hospital appointments.",
    "Thanks to Sue for the cakes!",
    "Sue is running the Race for Life for Cancer Research UK.",
    "Dr Khan from the surgery will give a talk on diabetes.",
    "Call in at the GP surgery for your blood pressure check.",
    "Disability doesn't stop anyone at our wheelchair basketball taster.",
    "It's for any child with a disability or additional need.",
    "If your dad or brother had prostate cancer, it's worth a chat with your GP.",
])
def test_general_health_messages_pass(text: str) -> None:
    assert serious(text) == []


# --------------------------------------------------------------------------- children


@pytest.mark.parametrize("text", [
    "Top marks to Isabelle Ward (7) for her poem!",
    "Eight-year-old Archie raised £150 for the food bank.",
    "Well done Leo, aged 9, on his first 5k!",
    "Our story winner is Maya Khan from Year 5 at Witton Primary.",
    "Little Evie, who is 4, sang for the residents.",
])
def test_child_name_with_age_or_school_blocks(text: str) -> None:
    hits = blocked(text, "personal_data.child")
    assert hits
    assert_spans(text, hits)


@pytest.mark.parametrize("text", [
    "Children aged 5–11 welcome; ages 8+ for the climbing wall.",
    "Rudheath Primary's choir sang beautifully at the switch-on.",
    "Year 6 pupils from Kingsmead Academy planted 50 trees.",
    "Happy 90th birthday to Gladys – what a milestone!",
    "Thanks to Sue for the cakes and to Pete for the tea urn!",
    "Mrs Allen from Year 2 made the bunting – thank you!",
    "Sessions for under 5s run Tuesdays, 9.30–11.",
    "John, 72, has been volunteering with us for 20 years.",
])
def test_groups_adults_and_thanks_pass(text: str) -> None:
    assert serious(text) == []


# --------------------------------------------------------------------------- options in data


def _with_options(rule_id: str, **changes: object) -> Checker:
    policy = builtin_policy()
    rules = tuple(
        dataclasses.replace(r, options={**r.options, **changes}) if r.id == rule_id else r
        for r in policy.rules if r.category == CATEGORY)
    return Checker(dataclasses.replace(policy, rules=rules))


def test_word_lists_come_from_the_data() -> None:
    text = "Send your entries to events@gmail.com by Friday."
    assert not [f for f in personal(text) if f.severity is Severity.BLOCK]
    checker = _with_options("personal_data.email", role_mailboxes=["info"])
    found = checker.check(text).findings
    assert [f.severity for f in found if f.rule == "personal_data.email"] == [Severity.BLOCK]

    text = "Our lollipop man Reg is having a tonsillectomy on Friday."
    assert not blocked(text, "personal_data.health")
    terms = [*builtin_policy().rule("personal_data.health").options["terms"], "tonsillectomy"]
    checker = _with_options("personal_data.health", terms=terms)
    assert any(f.rule == "personal_data.health" for f in checker.check(text).findings)


def test_a_bad_word_list_names_the_rule() -> None:
    with pytest.raises(PolicyError, match=r"personal_data\.email.*role_mailboxes"):
        _with_options("personal_data.email", role_mailboxes=["info", "hello", 3])


def test_trie_alternation_matches_like_a_plain_list() -> None:
    import re

    words = ["in hospital", "into hospital", "op", "operation", "alzheimer's", "a&e"]
    rx = re.compile(rf"(?<!\w)(?:{alternation(words)})(?!\w)", re.IGNORECASE)
    for text in ["In  Hospital", "into hospital", "op", "operation", "Alzheimers",
                 "alzheimer's", "A&E"]:
        assert rx.fullmatch(text), text
    assert not rx.fullmatch("opera")


# --------------------------------------------------------------------------- robustness


@pytest.mark.parametrize("text", [
    "",
    "\x00\x01\x02 07700 900123 \x7f",
    "\ud800 call me on 07700 900123 \udfff",
    "\u202eRing 07700 900 123\u202c",
    "👩‍👩‍👧‍👦 Little Noah (aged 5) 👨‍👩‍👧",
    "Café Zoë, 12 Rue de la Paix ́ ́ ́",
    "0" * 5000,
    "a@b." * 5000,
    "Aaaa Bbbb, 12 " * 2000,
    "1 2 3 4 5 6 7 8 9 0 " * 2000,
])
def test_odd_input_never_raises_and_spans_hold(text: str) -> None:
    report = check(text, categories=[CATEGORY])
    for f in report.findings:
        assert 0 <= f.start < f.end <= len(text)
        assert report.text[f.start:f.end] == f.text


def test_hits_per_rule_are_capped() -> None:
    text = " ".join(f"p{i}@gmail.com" for i in range(MAX_HITS_PER_RULE + 50))
    found = [f for f in personal(text) if f.rule == "personal_data.email"]
    assert len(found) == MAX_HITS_PER_RULE


def test_emoji_and_zwj_before_number_keep_spans_right() -> None:
    text = "👨‍👩‍👧 Lost keys? 📱 Ring Sam on 07700 900 246 ✨"
    hits = blocked(text, "personal_data.phone")
    assert [f.text for f in hits] == ["07700 900 246"]


# --------------------------------------------------------------------- how people really write


@pytest.mark.parametrize(("text", "rule"), [
    ("Give us a ring on (0)7700 900 118 if you can drive on Sunday", "personal_data.phone"),
    ("Ring Gail on 07700.900.432 about the lost keys", "personal_data.phone"),
    ("entries to pete dot rigby at gmail dot com", "personal_data.email"),
    ("photos to gazw [at] yahoo [dot] co [dot] uk please", "personal_data.email"),
    ("Drop me a line: lou.hart1959 @ hotmail.com", "personal_data.email"),
    ("Wrong parcel came to number 22 on Oak Grove, it's for Mrs Finch.", "personal_data.address"),
    ("Flowers are going to the gentleman at 4 Beech Drive on Friday.", "personal_data.address"),
    ("she lives at 12 marsh lane now, pop a card round", "personal_data.address"),
    ("Can someone help the lady in the bungalow at 9 Park Lane with her bins?",
     "personal_data.address"),
    ("Well done Evie, aged nine, for her sponsored silence!", "personal_data.child"),
    ("Great goal from Leo (Year 4) on Saturday!", "personal_data.child"),
    ("Happy 8th birthday to our little Maisie!", "personal_data.child"),
    ("June from the WI is having a hysterectomy next week.", "personal_data.health"),
    ("Our treasurer Barry had a fall and broke his wrist.", "personal_data.health"),
])
def test_everyday_ways_of_writing_personal_data_block(text: str, rule: str) -> None:
    hits = blocked(text, rule)
    assert hits, personal(text)
    assert_spans(text, hits)


@pytest.mark.parametrize("text", [
    "Our stall at number 12 on Market Street has jam and chutney.",
    "The number 8 on Chester Road is diverted this weekend.",
    "The Flat Cap café, 12 London Road, is hosting our quiz.",
    "Meet at the Witton Bungalow, 3 Park Road, for the walk.",
    "Our house band play at 2 Church Street on Saturday.",
    "Happy 10th birthday to Brio! Thanks for all the swims.",
    "Happy 3rd birthday to the Rudheath Community Pantry!",
    "Happy 40th birthday to our chair Lisa!",
    "May is Arthritis Action Month, so try our chair yoga.",
    "Jan from the library is running a dementia-friendly reading group.",
    "Children aged six to eleven can come along for free.",
    "We meet at the hub.com? No – at the hub itself, 10am!",
    "Love our Gmail at the hub, much easier than the old system.",
    "Email us at info at rwt dot org dot uk",
    "Version 2.0.1.5 of the form went live on 12.04.2025 at 10.30.",
])
def test_everyday_near_misses_stay_clean(text: str) -> None:
    assert serious(text) == []


def test_obfuscated_team_mailbox_is_only_a_note() -> None:
    found = personal("Questions to info at gmail dot com please")
    assert [f.severity for f in found if f.rule == "personal_data.email"] == [Severity.INFO]


@pytest.mark.parametrize("text", [
    "Our landlady at the Swan is running a sponsored walk for the hospice.",
    "Sue's bake sale raised £300 in aid of St Luke's Hospice – thank you!",
])
def test_a_hospice_a_fundraiser_is_for_is_not_a_health_detail(text: str) -> None:
    assert [f for f in check(text).findings if f.rule == "personal_data.health"] == []


def test_someone_going_into_a_hospice_is_still_a_health_detail() -> None:
    found = check("Our caretaker Ron has moved into the hospice this week.").findings
    assert any(f.rule == "personal_data.health" for f in found)


@pytest.mark.parametrize("text", [
    "Our new volunteer is a disabled person.",
    "Meet Kim, an autistic artist whose prints are on sale at the fair.",
])
def test_who_someone_is_is_not_a_health_detail(text: str) -> None:
    assert [f for f in check(text).findings if f.rule == "personal_data.health"] == []


@pytest.mark.parametrize("text, who", [
    ("My neighbour has dementia and keeps wandering at night.", "about my neighbour ("),
    ("Our treasurer Jan has had a breakdown.", "about our treasurer Jan ("),
    ("Our new volunteer is disabled and uses a wheelchair.", "about our new volunteer ("),
])
def test_the_health_message_names_the_person_and_no_more(text: str, who: str) -> None:
    found = blocked(text, "personal_data.health")
    assert found and who in found[0].message


@pytest.mark.parametrize("text", [
    "Ring on 01606 123456 to book the hall.",
    "Call them on 01606 123456 to book the hall.",
])
def test_ring_on_and_call_them_are_not_a_named_person(text: str) -> None:
    assert [f for f in serious(text) if f.rule == "personal_data.phone"
            and f.severity is Severity.BLOCK] == []


def test_call_and_a_capitalised_name_is_still_personal() -> None:
    assert blocked("Please call Sandra on 01606 123456 about the hall.", "personal_data.phone")
