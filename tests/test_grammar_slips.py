"""The volunteers' slips (resources/grammar_slips.toml): every rule's examples, the layer
running with Harper and with LanguageTool, and local names never flagged."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest

from rwt_desktop.core.findings import Severity
from rwt_desktop.core.grammar.base import GrammarConfigError, default_config
from rwt_desktop.core.grammar.slips import default_slips, find_slips, parse_slips
from rwt_desktop.core.policy import builtin_policy
from rwt_desktop.resources_path import read_text

DATA = Path(__file__).parent / "data" / "grammar-slips"
RULES = default_slips()
CONFIG = default_config()


def _examples(kind: str) -> list[tuple[str, str]]:
    return [(r.id, s) for r in RULES for s in getattr(r, kind)]


def test_every_slip_has_enough_examples() -> None:
    assert len(RULES) >= 15
    for rule in RULES:
        assert len(rule.must_flag) >= 3, rule.id
        assert len(rule.must_pass) >= 3, rule.id


@pytest.mark.parametrize(("rule_id", "text"), _examples("must_flag"))
def test_must_flag(rule_id: str, text: str) -> None:
    findings = find_slips(text, CONFIG)
    mine = [f for f in findings if f.rule == f"grammar.slips.{rule_id}"]
    assert mine, f"{rule_id} did not flag: {text!r} (found {[f.rule for f in findings]})"
    for f in mine:
        assert text[f.start:f.end] == f.text
        assert f.category == "grammar" and f.severity is Severity.INFO
        assert f.suggestions, f"{rule_id} offers no replacement for {f.text!r}"
        assert all(s != f.text for s in f.suggestions)


@pytest.mark.parametrize(("rule_id", "text"), _examples("must_pass"))
def test_must_pass(rule_id: str, text: str) -> None:
    # No slip at all, not only this rule's: a good sentence gets no underline.
    assert find_slips(text, CONFIG) == ()


@pytest.mark.parametrize(("text", "flagged", "suggestion"), [
    ("Its free for everyone.", "Its", "It's"),
    ("Your welcome to join us.", "Your", "You're"),
    ("The volunteers was amazing.", "was", "were"),
    ("A big thank you to are volunteers.", "are", "our"),
    ("Bring your old CD's along.", "CD's", "CDs"),
    ("Thank you to the Smith's!", "Smith's", "Smiths"),
    ("Hot bacon butty's for all the helpers after.", "butty's", "butties"),
    ("We sell butty's, tea and cake.", "butty's", "butties"),
    ("Please bring any spare toy's for the stall.", "toy's", "toys"),
    ("The team looses every week.", "looses", "loses"),
    ("The funding had a real affect.", "affect", "effect"),
    ("Ask about side affects.", "affects", "effects"),
    ("Thank you to the the fans.", "the the", "the"),
    ("The the raffle is on.", "The the", "The"),
])
def test_suggestions_fit_the_words_they_replace(text: str, flagged: str,
                                                suggestion: str) -> None:
    [f] = find_slips(text, CONFIG)
    assert f.text == flagged
    assert f.suggestions[0] == suggestion


def test_links_handles_and_hashtags_are_left_alone() -> None:
    assert find_slips("Follow @your_welcome_team and #ItsFree", CONFIG) == ()
    assert find_slips("See www.example.org/your-a-star for more", CONFIG) == ()


@pytest.mark.parametrize(("toml", "needle"), [
    ('[[slip]]\nid = "x"\nmessage = "m"\npattern = "("\nmust_flag = ["a"]\nmust_pass = ["b"]',
     "line 2: slip \"x\": the pattern is not a valid regular expression"),
    ('[[slip]]\nid = "x"\nmessage = "m"\npattern = "{nope}"\nmust_flag = ["a"]\n'
     'must_pass = ["b"]', "{nope} is not a list"),
    ('[[slip]]\nid = "x"\nmessage = "m"\npattern = "a"\nmust_flag = ["a"]', "must_pass"),
    ('[[slip]]\nid = "x"\nmessage = "m"\npattern = "a"\nmust_flag = ["a"]\n'
     'must_pass = ["b"]\ncolour = "red"', "unknown setting(s) colour"),
    ('[[slip]]\nid = "x"\npattern = "a"\nmust_flag = ["a"]\nmust_pass = ["b"]',
     "the message is missing"),
    ('[[slip]]\nid = "x"\nmessage = "m"\npattern = "a"\nmust_flag = ["a"]\n'
     'must_pass = ["b"]\nin_numbers = "yes"', "in_numbers must be true or false"),
    ('[[slip]]\nid = "x"\nmessage = "m"\npattern = "a"\nmust_flag = ["a"]\n'
     'must_pass = ["b"]\nnot_in_clause = "("', "not_in_clause is not a valid regular"),
    ('[[slip]]\nid = "x"\nmessage = "m"\npattern = "a"\nmust_flag = ["a"]\n'
     'must_pass = ["b"]\nnot_in_clause = 3', "not_in_clause must be a pattern"),
])
def test_mistakes_in_the_file_are_named(toml: str, needle: str) -> None:
    with pytest.raises(GrammarConfigError) as err:
        parse_slips(toml)
    assert needle in str(err.value)
    assert str(err.value).startswith("grammar_slips.toml")


def test_not_in_clause_looks_only_at_the_clause_before_the_slip() -> None:
    """A clause of its own before the slip ("the groups we work with") leaves it alone; the
    same words before a comma do not."""
    [rule] = parse_slips(
        '[[slip]]\nid = "x"\nmessage = "m"\npattern = "\\\\b(?P<slip>are)\\\\b"\n'
        'not_in_clause = "\\\\bwe\\\\s"\nmust_flag = ["a"]\nmust_pass = ["b"]')
    assert list(rule.spans("the groups we work with are")) == []
    assert [s[:2] for s in rule.spans("as we said, are")] == [(12, 15)]


def test_the_held_out_files_are_well_formed() -> None:
    """The held-out and blind sets are measured by scripts/eval_slips.py (figures, not
    assertions); here only that each slip's flagged words are in its sentence. A set a
    session wrote for itself (self-*.toml) may be longer than the 25 and 15 of a blind set."""
    paths = sorted(DATA.glob("*.toml"))
    assert len(paths) >= 5
    for path in paths:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if path.name.startswith("self-"):
            assert len(data["slip"]) >= 25 and len(data["correct"]) >= 15, path.name
        else:
            assert len(data["slip"]) == 25 and len(data["correct"]) == 15, path.name
        for item in data["slip"]:
            assert item["flag"] in item["text"], (path.name, item)


# --------------------------------------------------------------------------- with the engines


@pytest.fixture(scope="module")
def harper():
    pytest.importorskip("harper")
    from rwt_desktop.core.grammar.harper_engine import HarperEngine

    engine = HarperEngine(builtin_policy().local_words)
    engine.wait_until_started()
    yield engine
    engine.close()


@pytest.mark.parametrize(("text", "rule", "flagged"), [
    ("Its free for everyone", "grammar.slips.its-for-it-is", "Its"),
    ("Your welcome to join us", "grammar.slips.your-for-you-are", "Your"),
    ("The volunteers was amazing", "grammar.slips.plural-was", "was"),
    ("A big thank you to are volunteers", "grammar.slips.are-for-our", "are"),
])
def test_harper_with_the_slips_catches_what_harper_alone_missed(harper, text: str, rule: str,
                                                               flagged: str) -> None:
    result = harper.check(text)
    assert [(f.rule, f.text) for f in result.findings] == [(rule, flagged)]


@pytest.mark.parametrize("text", [
    "A big thank you to Northwich Foodbank and the Rudheath foodbank team.",
    "Walks from Winnington, Leftwich and Kingsmead to Witton this Sunday.",
    "We had had enough rain by then, so we went inside.",
    "The Hendersons have lived in Rudheath for forty years.",
    "Say hello to our new youth worker, Sam.",
    # Names Harper does not know, with no near miss among its guesses.
    "Ask for Siobhan at the Leighton Hospital desk, or ring Crimestoppers.",
    "Dziękujemy to everyone who came to the Polish supper.",
    "Callum and Tariq ran the barbecue at Winnington.",
    # A short name mid-sentence, whatever Harper's near guesses ("Kali" for "Kai"), and a
    # compound written solid that Harper would split ("bikepark", "handyperson").
    "Big thanks to Zak and Ria, who fixed six punctures at the bikepark on Saturday.",
    "Ring the office to book the handyperson, and ask for Nia.",
    "The raffle was drawn by Maureen Hodgkiss's grandson, Alfie.",
    # Good English said twice, and Harper's misreadings of a sentence's structure.
    "I knew that that was the last bus from Castle.",
    "This is a photo of one of the old Winnington works.",
    "Please tell one of the team if you need a lift.",
    "Thank you to every one of you who turned out in the rain.",
    "It's Carers Week, so here's to all of you.",
    "If you feel low, Samaritans are there day and night.",
    "Thank you ladies, the bunting is beautiful.",
    "Not sure if you need A&E? Ring 111 first.",
    "We were worried it would snow.",
    "The Davenham WI's cake stall and the PCSO's talk were the highlights.",
    "We put out forty chairs and filled every one.",
    "And your kind words meant the world to Pat.",
    "The keys are at my nan's, so knock loudly.",
    # The plural end of a hyphenated noun, which Harper checks on its own.
    "The choir had three run-throughs before the concert.",
    "Lie-ins and get-togethers are what the holidays are for.",
    # Everyday British words Harper lacks (grammar.toml's british_words), and a child.
    "One grandad told me it was the best day out since the 1990s.",
    "Bring a spare top for your little one!",
    # Two nouns written apart, as British English may ("sun hat", "back room"), and a
    # question asking whether there is something.
    "Please bring a sun hat and suncream too, as it's hot on the walk to Moulton.",
    "The street light by the back room at the Bull Ring is out.",
    "Are there new dates for the course at Winnington?",
    # "there" saying where, with a time, a clause's end or a kiss after it.
    "Wrap up warm, it's bitter out there today.",
    "A couple of us will park up there tonight to keep an eye on the allotment gates.",
    "A few of us waited there 3 hours for the van, but it was worth it.",
    "Lovely morning at the Anderton walk, see you there x",
    # "there" after a verb of staying or going says where ("therein" is never meant).
    "Grandad worked at the salt works and lived there in Lostock for sixty years.",
    "The lads just stood there laughing while we packed the van.",
    "We have been there loads of times since the new bakery opened.",
    # A sentence that starts with a short form or a number, which Harper sees as blank.
    "Great turnout on Sunday. CAB volunteers will be back at the hub next month.",
    "Lovely morning. NHS nurses gave the flu jabs, and 40 people came along.",
    # A capital on a sentence's first word is right, whatever the dictionary's spelling.
    "Quiz night is back. Who's bringing the sausage rolls?",
])
def test_local_names_and_good_english_are_not_flagged(harper, text: str) -> None:
    assert harper.check(text).findings == ()


@pytest.mark.parametrize(("text", "flagged"), [
    ("See you on Satruday at the fair.", "Satruday"),      # two letters swapped
    ("Meet us on Wittton Street.", "Wittton"),             # one off a local word
    ("Tommorow is the last day to book.", "Tommorow"),     # start of a sentence
    ("The raffle is on Wensday night.", "Wensday"),        # two slips in a long word
    ("We were so greatful for the help.", "greatful"),     # small letters: as before
    ("Where are there day trips this summer?", "there"),   # a real question stays Harper's
    ("The kids can make a card for there mum on Saturday.", "there"),  # whose: still flagged
    ("Everyone who paid can get there money back this week.", "there"),
    ("It was there idea to plant the bulbs by the gate.", "there"),  # "was": still whose
    ("The teenagers got there bikes marked at the hub.", "there"),
    ("Great turnout. volunteers will be back next month.", "volunteers"),  # a real small letter
    ("Merry Christmas every one!", "every one"),          # a greeting: "everyone"
    ("Two more walk-thrughs before the show.", "thrughs"),  # a hyphenated plural misspelt
    ("A big thankyou to the lunch club team.", "thankyou"),  # a joined slip, not a compound
    ("Thanks for everyones help at the fair.", "everyones"),  # an apostrophe left out
    ("Come along to Witon Park on Sunday.", "Witon"),      # five letters: not a short name
])
def test_misspellings_and_slips_that_look_like_names_are_still_flagged(
        harper, text: str, flagged: str) -> None:
    assert flagged in [f.text for f in harper.check(text).findings]


@pytest.mark.parametrize(("word", "other", "near"), [
    ("Satruday", "Saturday", True),
    ("Nortwich", "Norwich", True),
    ("Wensday", "Wednesday", True),
    ("Bakewell", "Farewell", False),
    ("Priya", "Pray", False),
    ("Leighton", "Lighten", False),
    ("Gemma", "Gemma", False),
    ("Callum", "Callus", False),    # m and s are far apart: a name, not a slip
    ("Wittom", "Witton", True),     # m is next to n
    ("Seperate", "Separate", True),  # one vowel for another
])
def test_a_near_miss_is_one_slip_of_the_finger(word: str, other: str, near: bool) -> None:
    from rwt_desktop.core.grammar.harper_engine import _near_miss

    assert _near_miss(word, other) is near


def test_one_underline_where_harper_and_a_slip_agree(harper) -> None:
    # Harper calls "alot" a boundary error; the slip says the same more plainly.
    [f] = harper.check("Thanks alot to everyone!").findings
    assert f.rule == "grammar.slips.alot" and f.suggestions == ("a lot",)


def test_the_slips_can_be_switched_off() -> None:
    pytest.importorskip("harper")
    from rwt_desktop.core.grammar.harper_engine import HarperEngine

    text = read_text("grammar.toml").replace("slips = true", "slips = false")
    from rwt_desktop.core.grammar.base import parse_grammar_config

    config = parse_grammar_config(text)
    assert config.slips is False
    engine = HarperEngine(config=config)
    try:
        engine.wait_until_started()
        assert engine.check("The volunteers was amazing").findings == ()
    finally:
        engine.close()
    with pytest.raises(GrammarConfigError, match="slips must be true or false"):
        parse_grammar_config('slips = "yes"')


def test_the_slips_run_beside_languagetool() -> None:
    from test_grammar_languagetool import FakeLanguageTool, make

    with FakeLanguageTool() as server:
        engine = make(server.url)
        try:
            result = engine.check("A big thank you to are volunteers, we recieve so much.")
            rules = sorted((f.rule, f.text) for f in result.findings)
            assert rules == [("grammar.languagetool.MORFOLOGIK_RULE_EN_GB", "recieve"),
                             ("grammar.slips.are-for-our", "are")]
        finally:
            engine.close()


def test_a_slip_raised_to_warn_in_grammar_toml() -> None:
    config = dataclasses.replace(CONFIG, warn_rules=frozenset({"slips.plural-was"}))
    [f] = find_slips("The volunteers was amazing.", config)
    assert f.severity is Severity.WARN


def test_a_long_paste_with_many_slips_finds_each_once() -> None:
    # The overlap checks use character masks (a paste of a whole newsletter stays linear);
    # this checks they still give one finding per slip and leave links alone.
    unit = "Its free. See https://x.org/your-welcome and the the hall. "
    findings = find_slips(unit * 2000, CONFIG)
    assert len(findings) == 4000
    assert {f.text for f in findings} == {"Its", "the the"}
    assert len({(f.start, f.end) for f in findings}) == 4000


def test_only_a_rule_that_asks_looks_inside_numbers() -> None:
    """Words with digits are never checked, unless a rule says ``in_numbers`` and the word
    stands on its own (not inside a link)."""
    rule = ('[[slip]]\nid = "decade"\nmessage = "m"\n'
            'pattern = "(?P<slip>\\\\d+\'s)"\nsuggest = ["x"]\n'
            'must_flag = ["a"]\nmust_pass = ["b"]\n')
    text = "Songs from the 1960's and www.example.org/1970's"
    assert find_slips(text, CONFIG, parse_slips(rule)) == ()
    [f] = find_slips(text, CONFIG, parse_slips(rule + "in_numbers = true\n"))
    assert f.text == "1960's"
