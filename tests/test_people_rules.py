"""Rules about people: discrimination, bullying, criticism and defamation.

Each rule's own must_flag/must_pass examples run in test_rule_examples.py. These are other
phrasings a member of staff or a volunteer might really type (capitals, curly apostrophes,
emoji beside the words), and the warm community posts that must stay clean, all through the
full ``check()`` the window and the command line use.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rwt_desktop.core.checker import check
from rwt_desktop.core.findings import Severity

PEOPLE = ("discrimination", "bullying", "criticism", "defamation")
SAMPLE = Path(__file__).resolve().parent / "data" / "sample-posts.jsonl"


def _serious(text: str) -> dict[str, list]:
    """Findings of the four people categories at warn or block, by category."""
    out: dict[str, list] = {}
    for f in check(text).findings:
        if f.category in PEOPLE and f.severity is not Severity.INFO:
            out.setdefault(f.category, []).append(f)
    return out


FLAGGED = [
    # discrimination: slurs, stereotypes, exclusion, insults about disability and age
    ("Them PAKIS at the end of the road are at it again", "discrimination", "block"),
    ("He\u2019s a proper spastic on the dance floor \U0001F602", "discrimination", "block"),
    ("That council decision is COMPLETELY INSANE.", "discrimination", "warn"),
    ("Whoever thought up the new parking permits must be bonkers \U0001F644", "discrimination",
     "warn"),
    ("Loads of nutters on the bus this morning.", "discrimination", "warn"),
    ("The lads on the bowls team are getting a bit past it.", "discrimination", "warn"),
    ("Pensioners are so slow at the self-checkouts.", "discrimination", "warn"),
    ("We need BIG STRONG MEN to move the piano!", "discrimination", "warn"),
    ("Ladies can bring the cakes and the sandwiches, thanks.", "discrimination", "warn"),
    ("Don\u2019t be such a girl, man up!", "discrimination", "warn"),
    ("Local families should come first for the Christmas hampers.", "discrimination", "warn"),
    ("Too many immigrants in the queue at the food bank \U0001F612", "discrimination", "warn"),
    ("They can go back to where they came from.", "discrimination", "warn"),
    ("Gypsies have been seen near the allotments again.", "discrimination", "warn"),
    ("Trans women are just blokes in dresses.", "discrimination", "warn"),
    ("Our lift helps wheelchair bound residents.", "discrimination", "warn"),
    ("No children allowed at the coffee morning!", "discrimination", "warn"),
    ("Muslims are taking over the high street.", "discrimination", "warn"),
    # bullying: singling out, shaming, put-downs, threats
    ("@Sam_Witton STOP MOANING, nobody wants to hear it", "bullying", "warn"),
    ("Nobody cares what you think, Gary.", "bullying", "warn"),
    ("The people at number 23 really need to tidy their front garden.", "bullying", "warn"),
    ("SHAME ON whoever let their dog foul the five-a-side pitch \U0001F621", "bullying", "warn"),
    ("Some people have no respect for the war memorial.", "bullying", "warn"),
    ("Leave our planters alone. We know where you live.", "bullying", "block"),
    ("Certain individuals keep leaving the hall kitchen filthy.", "bullying", "warn"),
    ("Stop leaving the gate open. You know who you are!", "bullying", "warn"),
    # criticism: rebuttals, corrections, running down someone's words
    ("With all due respect, Mrs Hall, you weren\u2019t even at the meeting.", "criticism", "warn"),
    ("To set the record straight: the park was never up for sale.", "criticism", "warn"),
    ("Cllr Dodd got it badly wrong about the bus route.", "criticism", "warn"),
    ("That letter in the Chronicle was full of lies.", "criticism", "warn"),
    ("The article was utter nonsense from start to finish.", "criticism", "warn"),
    ("The editor owes our volunteers an apology.", "criticism", "warn"),
    # defamation: crime stated (block) or hinted/incompetence (warn)
    ("The man who runs the chip shop is a THIEF.", "defamation", "block"),
    ("Our old treasurer embezzled the summer fair money.", "defamation", "block"),
    ("That landlord ripped off his tenants for years.", "defamation", "block"),
    ("Everyone knows the caretaker nicks stuff from the hall.", "defamation", "block"),
    ("The garage on Manchester Road are total crooks \U0001F92C", "defamation", "block"),
    ("There\u2019s a drug dealer at number 12 on Elm Road.", "defamation", "block"),
    ("Our useless council still hasn\u2019t gritted the hill.", "defamation", "warn"),
    ("Avoid the dodgy builder on Hall Lane.", "defamation", "warn"),
    ("The tombola was a fix.", "defamation", "warn"),
]


@pytest.mark.parametrize(("text", "category", "severity"), FLAGGED,
                         ids=[f"{c}-{i}" for i, (_, c, _) in enumerate(FLAGGED)])
def test_flags_other_phrasings(text: str, category: str, severity: str) -> None:
    found = _serious(text).get(category, [])
    assert found, f"{category} missed {text!r}"
    worst = max(f.severity.rank for f in found)
    assert worst >= Severity(severity).rank, (
        f"{text!r}: expected {severity}, got {[f.severity.value for f in found]}")


WARM = [
    "Eid Mubarak to all our Muslim neighbours \U0001F319 from everyone at RWT!",
    "Happy Pride! \U0001F3F3\ufe0f\u200d\U0001F308 Our rainbow bench is outside the library.",
    "Mental Health Awareness Week: a free walk and talk every morning.",
    "Wheelchair users welcome \u2013 level access and a hearing loop in the hall.",
    "Men\u2019s Shed needs donations of old tools and timber.",
    "LADIES\u2019 DARTS NIGHT is back on Friday!",
    "Mums and tots every Monday, \u00a31 including a cuppa \u2615",
    "Over-60s lunch club: roast dinner and bingo on Thursday.",
    "Our dementia-friendly caf\u00e9 welcomes carers too.",
    "Refugee welcome caf\u00e9: tea, cake and conversation every Friday.",
    "Adults only (18+) as the bar will be open \u2013 sorry, kids!",
    "@NorthwichRotary thank you for the hampers! \U0001F381",
    "You\u2019re all welcome at our Christmas lunch.",
    "We\u2019re looking forward to seeing you at the gala!",
    "Thank you to the council for fixing the path by the school.",
    "Tell us what you think of the new timetable.",
    "Bring your rubbish to the community skip on Saturday.",
    "Rubbish collection is a day late because of the bank holiday.",
    "Beware of scam calls pretending to be the bank \u2013 never give your PIN.",
    "Police are appealing for witnesses after a theft from the church.",
    "Our fraud awareness talk is on Tuesday at 2pm.",
    "Crazy golf and face painting at the summer fair \U0001F3CC\ufe0f",
    "You\u2019d be mad to miss our pancake race!",
    "You\u2019re never too old to learn \u2013 free tablet lessons.",
    "Thanks to our secret baker. You know who you are! \u2764\ufe0f",
    "Calling all gardeners \u2013 we\u2019re looking at you! Plant swap on Sunday.",
    "Our little angels stole the show at the nativity \U0001F31F",
    "Texts claiming to be from the council asking for payment are a scam \u2013 delete them.",
    "Trading Standards tips: how to avoid cowboy builders.",
    "Sorry, we got the date wrong \u2013 the quiz is on the 14th.",
    "Some people find winter hard. If that\u2019s you, pop in for a chat.",
    "Kids grow up so fast \u2013 join our family photo workshop!",
    "Strong winds tonight: please secure your bins and garden furniture.",
    "Too many older people are lonely at Christmas \u2013 join our befriending scheme.",
    "Gypsy, Roma and Traveller History Month: stories and music at the library.",
    "Happy Diwali to everyone celebrating the festival of light \U0001FA94",
    "Free flu jabs for over-65s, pregnant women and carers.",
    "Breastfeeding welcome here!",
    "Shout out to the big-hearted lads from the rugby club who carried the tables.",
    "Our panto dame has the best frocks in Cheshire!",
    "Congratulations to the family at number 12 on the best Christmas lights!",
    "Certain residents may qualify for the warm home discount \u2013 ask us how.",
    "Heavy snow cripples bus services \u2013 check before you travel.",
    "The hall is spic and span after Saturday\u2019s deep clean!",
    "Antique dealers and crafters at the vintage market on Sunday.",
]


@pytest.mark.parametrize("text", WARM, ids=range(len(WARM)))
def test_warm_posts_stay_clean(text: str) -> None:
    found = _serious(text)
    assert not found, {c: [(f.rule, f.text) for f in fs] for c, fs in found.items()}


def _finding(text: str, rule: str):
    hits = [f for f in check(text).findings if f.rule == rule]
    assert hits, f"{rule} did not flag {text!r}"
    return hits[0]


@pytest.mark.parametrize(("text", "rule", "word", "kinder"), [
    ("Our ramp helps wheelchair-bound visitors.", "discrimination.outdated_disability_terms",
     "wheelchair-bound", "wheelchair user"),
    ("The new one-way plan is mental.", "discrimination.mental_as_insult", "mental",
     "ridiculous"),
    ("Honestly the council must be INSANE.", "discrimination.mental_as_insult", "INSANE",
     "unreasonable"),
    ("Half of them are senile anyway.", "discrimination.ageist", "senile", "forgetful"),
    ("Hot dinners for the elderly on Tuesdays.", "discrimination.kinder_words", "the elderly",
     "older people"),
    ("The market is full of foreigners these days.", "discrimination.xenophobic", "foreigners",
     "people from other countries"),
])
def test_kinder_words_are_suggested(text: str, rule: str, word: str, kinder: str) -> None:
    f = _finding(text, rule)
    assert f.text == word
    assert kinder in f.suggestions


def test_old_fashioned_words_are_only_a_tip() -> None:
    f = _finding("Lunch club for the elderly every Wednesday.", "discrimination.kinder_words")
    assert f.severity is Severity.INFO
    assert "discrimination" not in _serious("Lunch club for the elderly every Wednesday.")


def test_messages_quote_the_match_and_the_policy() -> None:
    f = _finding("@Dave_W grow up and stop whinging.", "bullying.hostile_mention")
    assert f.text == "@Dave_W"
    assert "@Dave_W" in f.message
    assert "directed at an individual" in f.message
    assert f.clause.startswith("Bully or harass")


def test_curly_and_straight_apostrophes_agree() -> None:
    straight = "Don't worry, we'll find you a seat. Some people need to grow up."
    curly = straight.replace("'", "\u2019")
    assert [f.rule for f in check(straight).findings if f.category in PEOPLE] == \
        [f.rule for f in check(curly).findings if f.category in PEOPLE]
    assert "bullying" in _serious(curly)


@pytest.mark.parametrize("text", [
    "\U0001F469\u200d\U0001F469\u200d\U0001F467 The caterers are frauds \U0001F1EC\U0001F1E7",
    "\u202eShame on\u202c whoever smashed the bus shelter",
    "Caf\u0065\u0301 owner is a thief\x00 and a liar",
    "Nobody cares what you think\ud800 Brenda",
])
def test_spans_are_honest_with_awkward_characters(text: str) -> None:
    report = check(text)
    people = [f for f in report.findings if f.category in PEOPLE]
    assert people
    for f in people:
        assert text[f.start:f.end] == f.text


def test_empty_and_odd_input_never_raise() -> None:
    for text in ("", " ", "\x00" * 10, "@", "@@@@", "\ud800\udfff", "you " * 2000):
        check(text)


def test_sample_corpus_clean_posts_and_people_posts() -> None:
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        post = json.loads(line)
        found = _serious(post["text"])
        if not post["expect"]:
            assert not found, (post["id"], found)
        for category in set(post["expect"]) & set(PEOPLE):
            assert category in found, (post["id"], category)


# Broader phrasings added when the rules were widened: sneering at groups, insinuation,
# answering back, hints of crime. Each is checked for its category at warn or block, and the
# innocent look-alikes below must stay clean.
WIDER_FLAGGED = [
    ("Them from the Bridge estate are all benefit scroungers", "discrimination", "warn"),
    ("Snowflakes will moan about the bonfire jokes again \U0001F644", "discrimination", "warn"),
    ("Boomers ruined the housing market and still moan about it", "discrimination", "warn"),
    ("The Albanian lads at the car wash can\u2019t be trusted", "discrimination", "warn"),
    ("Travellers are on the rec again, hide your bikes", "discrimination", "warn"),
    ("Only a man would leave the hall kitchen in that state", "discrimination", "warn"),
    ("That fat git at the chip shop was rude again", "discrimination", "warn"),
    ("Some proper chavs hanging about by the benches", "discrimination", "warn"),
    ("we all saw what you did at the summer fair Trev", "bullying", "warn"),
    ("Everyone on Hall Lane knows what she\u2019s like \U0001F440", "bullying", "warn"),
    ("Gail from the WI is a nasty piece of work", "bullying", "warn"),
    ("@Woody_W nobody likes you, give it up", "bullying", "warn"),
    ("Steph needs to stop poking her nose into the rota", "bullying", "warn"),
    ("Ken thinks he\u2019s the boss just because he has the keys", "bullying", "warn"),
    ("We\u2019ve got your reg, the white van that dumped the sofa", "bullying", "warn"),
    ("Cllr Price hasn\u2019t got a clue about the buses", "criticism", "warn"),
    ("Let\u2019s rebut a few of the claims in the Echo", "criticism", "warn"),
    ("The Guardian\u2019s piece was complete fiction", "criticism", "warn"),
    ("The highways team made a right mess of the resurfacing", "criticism", "warn"),
    ("Our MP has been utterly useless on the bus cuts", "criticism", "warn"),
    ("Funny how the moaners never turn up to the litter pick", "criticism", "warn"),
    ("The club treasurer is skimming the bar takings", "defamation", "block"),
    ("The nail bar on Station Road is a front for money laundering", "defamation", "block"),
    ("That landlord was done for fraud before he came here", "defamation", "block"),
    ("The offie sells booze to underage kids on a Friday", "defamation", "block"),
    ("The builder who did our roof has form for this", "defamation", "warn"),
    ("The tombola at the gala was rigged, all the good prizes went to the committee",
     "defamation", "warn"),
]


@pytest.mark.parametrize(("text", "category", "severity"), WIDER_FLAGGED,
                         ids=[f"{c}-{i}" for i, (_, c, _) in enumerate(WIDER_FLAGGED)])
def test_flags_wider_phrasings(text: str, category: str, severity: str) -> None:
    found = _serious(text).get(category, [])
    assert found, f"{category} missed {text!r}"
    worst = max(f.severity.rank for f in found)
    assert worst >= Severity(severity).rank, (
        f"{text!r}: expected {severity}, got {[f.severity.value for f in found]}")


WIDER_WARM = [
    "Shame about the weather \u2013 the fun run moves to Sunday.",
    "Shame on us for not sharing these photos sooner! \U0001F4F8",
    "You lot were brilliant at the litter pick, thank you!",
    "Fiddle, banjo and folk songs at the Legion on Friday \U0001F3BB",
    "Our crooked old oak is 300 years old this spring.",
    "Fat ball feeders for the birds \u2013 make one with us on Saturday.",
    "The ugly Christmas jumper competition returns on the 12th!",
    "Snowflakes and stars: paper-cutting for kids at the library.",
    "Our Polish Saturday school is looking for a new home \u2013 can you help?",
    "A refugee family needs a fridge \u2013 please get in touch if you can help.",
    "The gay couple who run the florist donated the flowers for the memorial \u2013 thank you!",
    "Nobody should be embarrassed to ask for help with bills.",
    "Haven\u2019t a clue where to start with pension credit? Pop in and ask us.",
    "Thank you for responding to our survey about the park.",
    "Sorry \u2013 we got the date wrong, the fair is on the 12th.",
    "The kids made a right mess of the craft table \u2013 great fun!",
    "Our treasurer keeps the raffle money in the safe until it\u2019s banked.",
    "It\u2019s illegal to sell alcohol to under-18s \u2013 ask for ID.",
    "Know your rights: free advice about rogue landlords on Monday.",
    "The raffle was drawn at 3pm \u2013 congratulations to the winners!",
    "Our choir has a record number of singers this year!",
    "Please fill in the form for the lunch club by Friday.",
    "Keep your kids away from the bonfire until the stewards say it\u2019s safe.",
    "We\u2019ve seen you at every litter pick this year \u2013 thank you!",
    "Fancy a new hobby? Try our pottery taster session.",
    "Baby boomers and Gen Z swap skills at our digital caf\u00e9 \u2013 all welcome.",
    "Travellers on the A556 face delays because of roadworks.",
]


@pytest.mark.parametrize("text", WIDER_WARM, ids=range(len(WIDER_WARM)))
def test_wider_warm_posts_stay_clean(text: str) -> None:
    found = _serious(text)
    assert not found, {c: [(f.rule, f.text) for f in fs] for c, fs in found.items()}


def test_insinuation_span_is_the_hint() -> None:
    f = _finding("Our old treasurer has form for this.", "defamation.insinuation")
    assert f.text == "has form for"
    assert f.severity is Severity.WARN
    assert f.clause.startswith("By making defamatory comments")


def test_group_blame_needs_something_hostile() -> None:
    # naming a group is fine; naming it next to something hostile is not
    assert "discrimination" not in _serious("The Romanian family at number 4 have a new baby!")
    assert "discrimination" in _serious("The Romanian family at number 4 are always drunk.")


# ---- Structure, not phrases: a protected group beside an exclusion, an identifiable target
# beside an accusation, a named person or household beside mockery. Each pair below keeps
# the same group/target/person and changes only the cue, so the tests show it is the
# combination that flags, not a word on its own.

STRUCTURE_PAIRS = [
    # (violating, warm twin, category)
    ("Bingo is for proper locals, not the Lithuanian lot from the new flats.",
     "Bingo is for everyone, and the Lithuanian choir from the new flats will call the numbers!",
     "discrimination"),
    ("Tea dance: sorry, no mobility scooters, they just get in everyone's way.",
     "Tea dance: mobility scooters can be parked and charged by the side door.",
     "discrimination"),
    ("Fundraising officer wanted, ideally under 28, not suitable for parents with young kids.",
     "Fundraising officer wanted, flexible hours to suit parents with young kids.",
     "discrimination"),
    ("Trans drag bingo at the pub? Keep that stuff away from our kids.",
     "Trans drag bingo at the pub for over-18s, happy Pride everyone!",
     "discrimination"),
    ("Somali families can come to the picnic if they leave their religion at home.",
     "Somali families came to the picnic and brought the most amazing food.",
     "discrimination"),
    ("Lasses, leave the barbecue to the men and stick to the salads \U0001F609",
     "Everyone, leave the barbecue to the volunteers and grab a plate!",
     "discrimination"),
    ("Don't use Mersey Skips Ltd, they fly-tip half of it into the woods.",
     "Please report fly-tipping in the woods to the council.",
     "defamation"),
    ("The old caretaker had his fingers in the tuck shop till for years.",
     "The old caretaker ran the tuck shop till for years \u2013 happy retirement Bob!",
     "defamation"),
    ("The ticket money 'went missing' again when Lee did the door. Say no more.",
     "The ticket money went to the hospice: \u00a3320 raised when Lee did the door!",
     "defamation"),
    ("Bridge Street Motors have been ripping pensioners off on servicing.",
     "Bridge Street Motors offer pensioners 10% off servicing this month.",
     "defamation"),
    ("Watch Nicola fall flat on her face in the egg and spoon race \U0001F923\U0001F923",
     "Nicola fell flat on the ice last week \u2013 get well soon, we miss you!",
     "bullying"),
    ("Shout out to @DaveyP for finally finding a hairbrush \U0001F602 we all noticed mate",
     "Shout out to @DaveyP for finally finding our missing gazebo, thank you mate!",
     "bullying"),
    ("Tick tock Marcus \u23F0 the club still needs that \u00a340 back.",
     "Tick tock! The club raffle closes at 5pm \u23F0",
     "bullying"),
    ("The people at the top of Meadow Close should be ashamed, that garden is an eyesore.",
     "The people at the top of Meadow Close won best garden \u2013 well done!",
     "bullying"),
]


@pytest.mark.parametrize(("bad", "warm", "category"), STRUCTURE_PAIRS,
                         ids=[f"{c}-{i}" for i, (_, _, c) in enumerate(STRUCTURE_PAIRS)])
def test_cue_beside_target_flags_and_its_warm_twin_does_not(bad: str, warm: str,
                                                             category: str) -> None:
    assert category in _serious(bad), f"{category} missed {bad!r}"
    found = _serious(warm)
    assert not found, {c: [(f.rule, f.text) for f in fs] for c, fs in found.items()}


def test_a_group_word_alone_is_not_enough() -> None:
    # the group, the aid, the role with no exclusion cue: nothing to flag
    for text in ("Wheelchairs are available to borrow at reception.",
                 "Our Muslim neighbours invited us to break the fast together.",
                 "Ladies, gents and everyone else: the repair caf\u00e9 needs you!",
                 "Job: café assistant, 16 hours a week, training given."):
        assert "discrimination" not in _serious(text), text


def test_scam_warnings_about_cheating_pensioners_stay_clean() -> None:
    text = "Beware: fraudsters are conning pensioners with fake TV licence emails."
    assert "defamation" not in _serious(text)
    assert "defamation" in _serious("Castle Roofing have been conning pensioners for years.")


def test_new_rules_spans_are_honest() -> None:
    text = "Tick tock Dean \u23F0 \u2013 proper locals only, not the Polish lot! \U0001F602"
    for f in check(text).findings:
        assert text[f.start:f.end] == f.text
