"""The policy rules for confidentiality, unannounced plans, unlawful posts, copyright,
incidents and purpose, checked through the full ``check()``.

Each rule's own must_flag/must_pass examples run first; then phrasings the data does not
hold (capitals, curly apostrophes, emoji nearby, warm near-misses), the severities and the
advice people see, and the long-post search in ``windowing``.
"""

from __future__ import annotations

import random
import re

import pytest

from rwt_desktop.core.checker import check
from rwt_desktop.core.findings import Severity
from rwt_desktop.core.policy import builtin_policy
from rwt_desktop.core.rules import PhraseDetector

CATEGORIES = ("confidential", "unannounced_plans", "unlawful", "copyright", "incident",
              "purpose")
#: The rules written for these categories (other files may add rules to them too).
FILES = {f"{c}.toml" for c in CATEGORIES}
RULES = [r for r in builtin_policy().rules if r.file.rsplit("/", 1)[-1] in FILES]


def flagged(text: str, category: str) -> list:
    """Findings of ``category`` at warn or block (what the read-back makes people look at)."""
    return [f for f in check(text).findings
            if f.category == category and f.severity is not Severity.INFO]


# --------------------------------------------------------------------------- the data's own


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_these_rules_carry_four_examples_each(rule) -> None:
    """Stricter than the house minimum of three; the examples themselves run in
    tests/test_rule_examples.py, with the check that each clause is quoted from the policy."""
    assert len(rule.must_flag) >= 4 and len(rule.must_pass) >= 4, rule.id


# --------------------------------------------------------------------------- confidential


@pytest.mark.parametrize("text", [
    "BETWEEN YOU AND ME the treasurer is stepping down 🤐",
    "Between ourselves – the café won\u2019t reopen after Easter.",
    "The keysafe code at the pavilion is 7 7 3 1 😊",
    "Pop in whenever, the spare key\u2019s kept in the meter cupboard.",
    "Heads up: our till PIN is 0000 until the bank sends a new one.",
    "The hub is left unattended on Sunday afternoons.",
    "We\u2019re massively overspent this year and the board is panicking.",
    "One of our cooks was sacked on Friday 😬",
    "Apparently the trustees are at loggerheads over the new building.",
    "The Witton Pantry are in serious financial difficulties, between us.",
])
def test_confidential_flags(text: str) -> None:
    assert flagged(text, "confidential"), text


@pytest.mark.parametrize("text", [
    "Free and confidential debt advice, Tuesdays 10–12 at the hub 💷",
    "Our advisers offer a totally confidential chat if money is tight.",
    "We\u2019ve been awarded £7,500 from the Cheshire Community Foundation! 🎉",
    "Keys for the community allotments can be collected from reception.",
    "Forgotten your password? Bring your phone to our digital drop-in.",
    "The bowling club has been suspended from the league for a week – only joking, they won!",
    "Sunday\u2019s league fixtures have been suspended because of the frozen pitches ❄️",
    "Made redundant? Our job club can help with CVs and interviews.",
    "Congratulations to Pat, elected as our new Chair at the AGM!",
    "The foodbank is running low on tinned tomatoes – donations welcome.",
])
def test_confidential_passes(text: str) -> None:
    assert not flagged(text, "confidential"), [f.text for f in flagged(text, "confidential")]


def test_security_details_block() -> None:
    for text in ("The alarm code is 2580, don\u2019t forget to set it.",
                 "Spare key is under the plant pot by the side door."):
        severities = {f.severity for f in flagged(text, "confidential")}
        assert Severity.BLOCK in severities, text


# --------------------------------------------------------------------------- unannounced plans


@pytest.mark.parametrize("text", [
    "It\u2019s NOT OFFICIAL YET but the youth club is moving to Hartford 🤫",
    "Please keep this to yourselves – we\u2019re taking over the library.",
    "Here\u2019s our draft budget for next year: the lunch club goes fortnightly.",
    "Rumour has it the council is selling the old school site.",
    "We\u2019re not allowed to announce it yet, but the market is moving.",
    "Embargoed until Friday 9am: the new hub will open in May.",
])
def test_unannounced_flags(text: str) -> None:
    assert flagged(text, "unannounced_plans"), text


@pytest.mark.parametrize("text", [
    "SAVE THE DATE! 📅 Our Christmas fair is on 6 December.",
    "Something exciting is coming this spring – details soon 👀",
    "We\u2019re delighted to announce our new warm space at St Mary\u2019s.",
    "The draft minutes from Tuesday are now on our website.",
    "Rumour has it Santa is visiting the toddler group 🎅",
    "Secret Santa at knit and natter – bring a gift under £5.",
    "We can\u2019t reveal the theme yet, but all will be revealed on Friday!",
])
def test_unannounced_passes(text: str) -> None:
    assert not flagged(text, "unannounced_plans"), text


# --------------------------------------------------------------------------- unlawful


@pytest.mark.parametrize("text", [
    "Someone needs to SORT HIM OUT 😡",
    "That lot want running out of town – let\u2019s run them out of Rudheath.",
    "Whoever did this deserves a good kicking.",
])
def test_incitement_blocks(text: str) -> None:
    assert Severity.BLOCK in {f.severity for f in flagged(text, "unlawful")}, text


@pytest.mark.parametrize("text", [
    "Tombola prize: a bottle of VODKA! Kids can have a go too 🎉",
    "Our raffle\u2019s top prize is a case of lager – open to all ages.",
    "Scratchcards to be won at youth club bingo, under-16s welcome to play!",
    "The lad arrested for the break-in is obviously guilty.",
])
def test_unlawful_flags(text: str) -> None:
    assert flagged(text, "unlawful"), text


@pytest.mark.parametrize("text", [
    "Adults-only gin tasting (18+, ID required) – £10 a ticket 🍸",
    "Raffle prizes include a hamper and a bottle of wine (over-18s only).",
    "Kids\u2019 tombola – sweets and toys to win!",
    "Could anyone help us sort them out? Loads of donations to unpack 📦",
    "A man has been charged after the fire, police say. Please don\u2019t speculate.",
])
def test_unlawful_passes(text: str) -> None:
    assert not flagged(text, "unlawful"), text


# --------------------------------------------------------------------------- copyright


@pytest.mark.parametrize("text", [
    "Beautiful pic of the Weaver – NICKED OFF FACEBOOK, credit unknown 📸",
    "Photographer unknown, but isn\u2019t it lovely?",
    "We\u2019ve copied the whole article below so you don\u2019t need to subscribe.",
    "Gorgeous view of the salt works \u00a9 Cheshire Photos 2022",
    "Used the Co-op logo without asking, it looks brilliant.",
])
def test_copyright_flags(text: str) -> None:
    assert flagged(text, "copyright"), text


@pytest.mark.parametrize("text", [
    "Photo by our volunteer Sam, shared with permission 📸",
    "Photo: \u00a9 RWT",
    "Read the full article on the BBC website: https://www.bbc.co.uk/news/articles/x1",
    "Sing along to carols at the switch-on! 🎶",
    "Photo taken from the top of the church tower by our Chair.",
])
def test_copyright_passes(text: str) -> None:
    assert not flagged(text, "copyright"), text


# --------------------------------------------------------------------------- incident


@pytest.mark.parametrize("text", [
    "A neighbour has just messaged us – someone is being ATTACKED near the Co-op! Updates soon.",
    "We\u2019ve had reports of a man with a knife by the canal, we\u2019ll keep you posted.",
    "A young person told us they\u2019re scared to go home 😟",
])
def test_reports_of_crime_get_the_referral_advice(text: str) -> None:
    found = flagged(text, "incident")
    assert found, text
    advice = " ".join(f.advice for f in found)
    assert "101" in advice and "999" in advice


@pytest.mark.parametrize("text", [
    "To those spreading LIES about RWT: we\u2019ve never wasted a penny.",
    "We\u2019ve seen the posts claiming our volunteers are paid. That\u2019s simply untrue.",
    "Let\u2019s set the record straight about the garden funding 🙄",
])
def test_public_rebuttals_get_the_take_it_offline_advice(text: str) -> None:
    found = flagged(text, "incident")
    assert found, text
    assert any("Complaints and Comments Procedure" in f.advice for f in found)


@pytest.mark.parametrize("text", [
    "If you see a crime, report it on 101 or call 999 in an emergency.",
    "Police are appealing for witnesses – call 101 quoting ref 123.",
    "Thank you for all your lovely comments about the fun day! 💛",
    "In response to your feedback, the café now opens at 9.",
    "Residents have told us they\u2019d love more bins in the park – we\u2019re on it.",
    "If you\u2019re worried a child is being hurt, call the NSPCC on 0808 800 5000.",
])
def test_incident_passes(text: str) -> None:
    assert not flagged(text, "incident"), text


# --------------------------------------------------------------------------- purpose


@pytest.mark.parametrize("text", [
    "Can\u2019t be bothered today tbh 😴",
    "I\u2019m SO bored, roll on home time.",
    "Selling my old cooker, £40 ONO, collection only.",
    "Check out my mate\u2019s new nail bar on London Road 💅",
    "VOTE LABOUR on Thursday!",
    "Whatever you do, don\u2019t vote Reform.",
])
def test_purpose_flags(text: str) -> None:
    found = flagged(text, "purpose")
    assert found, text
    assert all(f.severity is Severity.WARN for f in found)


@pytest.mark.parametrize("text", [
    "Our charity shop sells preloved uniform at £2 a jumper.",
    "Remember to vote in the local elections on Thursday – polls open 7am to 10pm 🗳️",
    "Bring and buy sale at the hub on Saturday!",
    "Thanks to the Co-op for their donation of 60 selection boxes 🎁",
    "Vote for your favourite scarecrow – voting closes Sunday!",
    "Feeling bored or lonely? Come along to our Wednesday lunch club.",
])
def test_purpose_passes(text: str) -> None:
    assert not flagged(text, "purpose"), text


# --------------------------------------------------------------------------- spans and odd input


@pytest.mark.parametrize("text", [
    "",
    "\x00\x01 keep this quiet \x7f",
    "\u202eBetween you and me\u202c the hub is closing",
    "Off the record 👨\u200d👩\u200d👧 the board can\u2019t agree",
    "Caf\u0065\u0301 alarm code is 1234",
    "lone \ud800 surrogate: selling my bike £20 ono",
])
def test_odd_input_never_raises_and_spans_hold(text: str) -> None:
    report = check(text)
    for f in report.findings:
        assert text[f.start:f.end] == f.text


# --------------------------------------------------------------------------- long posts


def _windowed_module():
    from rwt_desktop.core.rules import windowing

    return windowing


@pytest.mark.slow  # a sweep: every search on 1,200 examples
def test_windowed_search_finds_what_a_full_scan_finds() -> None:
    cr = _windowed_module()
    policy = builtin_policy()
    examples = [t for r in policy.rules for t in (*r.must_flag, *r.must_pass)]
    rng = random.Random(7)
    for _ in range(3):
        picked = [rng.choice(examples) for _ in range(400)]
        text = " ".join(picked)
        from rwt_desktop.core.text import normalise

        norm = normalise(text)
        lower = norm.lower()
        compared = 0
        for spec in policy.rules:
            if spec.detector not in ("", "phrases"):
                continue
            for search in PhraseDetector(spec, policy).searches:
                regex, triggers = search.regex, search.triggers
                subject = lower if search.on_lower else norm
                full = [m.span() for m in regex.finditer(subject) if m.end() > m.start()]
                windows = None if triggers is None else cr.literal_windows(lower, triggers)
                if windows is None:
                    continue
                assert list(cr.windowed_matches(regex, subject, windows)) == full, regex.pattern
                compared += 1
        assert compared > 20


def test_windowed_matches_respects_word_bounds_at_window_edges() -> None:
    cr = _windowed_module()
    regex = re.compile(r"\bdraft plan\b", re.I)
    text = ("x " * 900) + "our draft planning day " + ("y " * 900) + "the draft plan"
    windows = cr.literal_windows(text.lower(), ["draft"])
    assert windows is not None
    assert list(cr.windowed_matches(regex, text, windows)) == [
        (m.start(), m.end()) for m in regex.finditer(text)]


# --------------------------------------------------------------------------- how volunteers write
# Informal phrasings the first rules missed ("between us", "shh", "letting X go", "pic from
# Google", "a resident rang us"), each with warm near-misses that use the same words.


@pytest.mark.parametrize(("text", "category"), [
    ("between us, the treasurer's thinking of jacking it in after the AGM", "confidential"),
    ("Sshh – Kev's been suspended while they look into it.", "confidential"),
    ("The petty cash tin is kept in the top drawer of the office desk.", "confidential"),
    ("Lock-up tonight: shutter code is 4 0 9 1.", "confidential"),
    ("We're running on fumes – two months of money left and then we're done.", "confidential"),
    ("Pssst 🤫 the lunch club is moving to the Methodist church from June.", "unannounced_plans"),
    ("Council haven't said anything yet but the library is closing on Mondays.",
     "unannounced_plans"),
    ("Trustees agreed to sell the minibus – nobody's been told yet, so mum's the word.",
     "unannounced_plans"),
    ("Whoever smashed the planters wants a good hiding, I hope someone batters them.", "unlawful"),
    ("Someone should go round and sort that family out once and for all.", "unlawful"),
    ("Kids' sports day prizes: winning team gets a four-pack of Stella!", "unlawful"),
    ("Gutted for myself, full of cold and off to bed with a Lemsip 🤧", "purpose"),
    ("My cousin does amazing eyelash extensions, message her for prices!", "purpose"),
    ("Selling a kids' bike, good condition, £15 – DM me.", "purpose"),
    ("Lovely photo of the Weaver in the snow from Pinterest ❄️", "copyright"),
    ("Reposted this from a Winsford history group – brilliant old picture!", "copyright"),
    ("Full poem below, it's by Pam Ayres and it's brilliant.", "copyright"),
    ("A resident just rang us to say a man was trying car doors on Lime Grove.", "incident"),
    ("We're hearing reports of a stabbing near the station – more when we know.", "incident"),
    ("Regarding the nasty comments on the Northwich page: we have never turned anyone away.",
     "incident"),
])
def test_informal_phrasings_flag(text: str, category: str) -> None:
    assert flagged(text, category), (category, text)


@pytest.mark.parametrize("text", [
    "Between us we collected 62 bags of litter – what a team! 💪",
    "Shhh… Santa's elves are busy in the grotto – opening Saturday! 🎅",
    "Keep it under wraps until the big reveal at the fun day!",
    "Please read our code of conduct before joining the group.",
    "Door-to-door collection for the poppy appeal all this week.",
    "Gates open at 10:30 – the car park is 200 yards past the school.",
    "Doors open 7pm, tickets £5 on the door 🎟️",
    "The door code for the new toilets will be sent to plot holders by text.",
    "Feeling skint this January? Our money advice sessions can help.",
    "We let 40 balloons go at the memorial – a beautiful moment.",
    "We've found a good hiding place for the Easter eggs – can you find them?",
    "Selling tickets now for the quiz night – £5 each, all proceeds to the garden.",
    "Vote for us in the Cheshire Community Awards – link on our website!",
    "Reminder: council elections on Thursday 1 May – whoever you vote for, do vote!",
    "Photo from our partners at Brio Leisure, used with permission.",
    "Report a crime on 101, or call 999 in an emergency.",
    "You told us you wanted more benches, so we've put four in Witton Park!",
    "Shattered after the fun day but so proud of our volunteers – thank you!",
    "My mum makes the best scones – come and try them at our café on Tuesday!",
    "A resident told us the street light is out – we've reported it to the council.",
    "Follow us on Facebook for more photos from the day!",
    "Kids' disco prize: a huge bag of sweets for the best dancer!",
    "Our lunch club is off to Llandudno on Friday – lovely!",
    "Thank you for all your lovely comments about the Christmas lights!",
])
def test_same_words_in_warm_posts_pass(text: str) -> None:
    bad = [(f.rule, f.text) for f in check(text).findings
           if f.category in CATEGORIES and f.severity is not Severity.INFO]
    assert not bad, (text, bad)


def test_shared_codes_and_hiding_places_block() -> None:
    for text in ("Keysafe at the pavilion: 0415, put the key back after!",
                 "Hub wifi password is Witton2025 if anyone asks.",
                 "Key for the shed is in the gas meter box out front."):
        assert Severity.BLOCK in {f.severity for f in flagged(text, "confidential")}, text


def test_phone_numbers_and_years_are_not_codes() -> None:
    for text in ("Door-to-door collection: ring 01606 123456 to book a pick-up.",
                 "Gate opens at 10:30 and the site is 300 metres past the school."):
        assert not any(f.rule == "confidential.security_value" for f in check(text).findings), text


# Round two: everyday, indirect ways the six categories turn up (written for these tests,
# not taken from any sample). Each must be caught at warn or block in its category.
@pytest.mark.parametrize(("category", "text"), [
    ("confidential", "tbh the trustees are at each other's throats over the lease"),
    ("confidential", "Keep it under your hat but the pantry's rent is going up and they can't pay"),
    ("confidential", "Our funding's been pulled, don't say anything till the chair posts"),
    ("confidential", "Dave's signed off for six weeks, the manager's not coping"),
    ("unannounced_plans", "Unofficially we're closing the Tuesday session from May"),
    ("unannounced_plans",
     "heard from a mate who works at the council the rec is getting houses on it"),
    ("unannounced_plans",
     "Insider info: the old bank is going to be flats, council to announce it Friday"),
    ("unlawful", "if I find the lad who did it I'll break his legs"),
    ("unlawful", "Kids' colouring comp, winner gets a bottle of wine 🍷"),
    ("unlawful", "Someone should torch that dealer's car"),
    ("purpose", "Proud nana moment, my grandson passed his driving test!"),
    ("purpose", "RT if you agree Reform are finished"),
    ("purpose", "Selling my spare ticket for Oasis, dm me"),
    ("copyright", "Nicked this cracking photo of the Weaver off a Facebook group"),
    ("copyright", "Peppa Pig on our party flyer, fingers crossed nobody minds"),
    ("copyright", "Copy-pasted from the Chronicle for anyone without a subscription"),
    ("incident", "Whoever is spreading lies about the food bank, we know who you are"),
    ("incident", "A mum's just come in to say her lad's been beaten up at the rec"),
    ("incident", "RWT does not waste a penny, whatever they say on the Witton page"),
])
def test_round_two_indirect_phrasings_flag(category: str, text: str) -> None:
    assert flagged(text, category), (category, text)


@pytest.mark.parametrize("text", [
    "The two teams were at each other's throats in the cup final – what a game! ⚽",
    "Money worries? Free, friendly advice at the hub every Tuesday.",
    "Worried someone is being abused? Call the national helpline free, any time.",
    "Hate crime is never OK. You can report it in confidence at the hub.",
    "Selling tickets for the quiz night now, £5 each from the hub.",
    "Bring your bats for rounders in the park on Sunday!",
    "Thanks for all your feedback about the café – we've added a veggie option.",
    "Our volunteer Sam has just got engaged – congratulations from all of us! 💍",
    "Businesses: put your logo on our fun day banner and support the hub.",
    "The council says the broken street light is being looked into.",
])
def test_round_two_look_alikes_pass(text: str) -> None:
    bad = [(f.rule, f.text) for f in check(text).findings
           if f.category in CATEGORIES and f.severity is not Severity.INFO]
    assert not bad, (text, bad)


# --------------------------------------------------------------------------- round three
# Structures rather than phrases: "not yet" + a sign-off word near a change; first-person life
# news with no link to RWT; a live report plus a public handling cue; a reply to critics of
# RWT; an emoji on its own is no secret in a fundraiser; sarcasm and writing the place off.


@pytest.mark.parametrize(("category", "text"), [
    ("unannounced_plans",
     "The board hasn\u2019t approved it, but the toddler group is moving to Thursdays."),
    ("unannounced_plans", "Nothing has been signed yet – the new community bus starts in June!"),
    ("unannounced_plans", "not allowed 2 tell u yet but we're closing the pantry on Fridays"),
    ("unannounced_plans",
     "Until it\u2019s approved this stays with us: the plan is a new café partner."),
    ("purpose", "Just landed my dream job at the BBC! Open to networking with media folk 📺"),
    ("purpose", "New episode of my podcast is out, link in bio 🎙️"),
    ("purpose", "Free fridge freezer, you collect from my flat in Barnton."),
    ("purpose", "Come on you Gunners!! Title is ours ❤️ #COYG"),
    ("incident", "Lady says a man is being followed down Middlewich Road – any1 near there??"),
    ("incident",
     "We\u2019ve had a message that a toddler\u2019s home alone on Oak Street, "
     "can someone pop round?"),
    ("incident", "The comments about RWT on that Facebook thread are false, and we can prove it."),
    ("confidential", "Admin email login for the RWT inbox: password is Witton!2026"),
])
def test_round_three_structures_flag(category: str, text: str) -> None:
    assert flagged(text, category), (category, text)


@pytest.mark.parametrize("text", [
    "Sponsored silence 🤐 at the hub on Saturday for the hospice – grab a form!",
    "Quiet please 🤫 – the library quiet hour starts at 3pm for our homework club.",
    "Test your carbon monoxide alarm today, it only takes a minute 🔥 #FireSafety",
    "The new play area has been approved by the council – it opens in May! 🎉",
    "The consultation on the new bus route is open now – have your say by Friday.",
    "Congratulations to our chair Pat on her promotion at work – RWT is proud of you!",
    "Bring your unwanted toys to the hub or we can collect from your house.",
    "Big screen for the Man City v Liverpool game at the community centre, all welcome.",
    "If you\u2019re worried a child is left home alone, call the police on 101.",
    "We\u2019ll post updates on the fun day line-up here soon!",
    "Lovely blog post about RWT by a local mum – thank you for the kind words!",
    "Free guest wifi in the café – the password is on the board by the till.",
])
def test_round_three_look_alikes_pass(text: str) -> None:
    bad = [(f.rule, f.text) for f in check(text).findings
           if f.severity is not Severity.INFO
           and f.category in (*CATEGORIES, "tone")]
    assert not bad, (text, bad)


@pytest.mark.parametrize("text", [
    "Oh fantastic, more roadworks on Chester Way. Love that for us 🙃",
    "Only two at the knit and natter, we might as well call it a day.",
    "Given the state of this town, it\u2019s a miracle anything gets done.",
])
def test_round_three_tone_flags(text: str) -> None:
    assert flagged(text, "tone"), text
