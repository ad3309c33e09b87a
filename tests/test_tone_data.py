"""The tone checker's word data (resources/tone_words.toml): read, checked, and really used."""

from __future__ import annotations

import dataclasses

import pytest

from rwt_desktop.core.checker import default_checker
from rwt_desktop.core.policy import PolicyError, builtin_policy
from rwt_desktop.core.rules import Context
from rwt_desktop.core.rules.tone_rule import settings_from_policy, tone_analysis
from rwt_desktop.core.tone import (
    ToneAnalyser,
    ToneWordsError,
    builtin_tone_words,
    parse_tone_words,
)
from rwt_desktop.resources_path import read_text

GOOD = """\
[lexicon]
"gutted" = -2.2

[idioms]
"fed up" = -2.0

[words]
angry_emoji = ["😠"]
problems = ["crime"]
judging = ["poor"]
play_words = ["murder"]
condition = ["broken"]
discourse_openers = ["honestly"]
nobody = ["nobody"]
negators = ["not"]
short_shouts = ["NOT"]
stressed = ["AGAIN"]
mock_praise = ["marvellous", "ok then"]
plain_cheers = ["lovely"]
"""


def test_the_shipped_words_file_loads_with_every_list():
    words = builtin_tone_words()
    assert len(words.idioms) >= 100 and len(words.lexicon) >= 40
    assert words.idioms["fed up"] < 0 and words.lexicon["chuffed"] > 0
    assert "loneliness" in words.problems and "NOT" in words.short_shouts
    for field in dataclasses.fields(words):
        assert getattr(words, field.name), field.name


def test_a_small_good_file_reads():
    words = parse_tone_words(GOOD, "mine.toml")
    assert words.lexicon == {"gutted": -2.2}
    assert words.negators == frozenset({"not"})


@pytest.mark.parametrize(("old", "new", "line", "words"), [
    ('"fed up" = -2.0', '"fed up" = "very"', 5, "number from -4"),
    ('"fed up" = -2.0', '"fed up" = -7', 5, "number from -4"),
    ('"gutted" = -2.2', '"Gutted" = -2.2', 2, "lower case"),
    ('"gutted" = -2.2', '"so gutted" = -2.2', 2, "one word only"),
    ('"fed up" = -2.0', '"fed  up" = -2.0', 5, "one space"),
    ('problems = ["crime"]', 'problems = ["Crime"]', 9, "lower case"),
    ('short_shouts = ["NOT"]', 'short_shouts = ["not"]', 16, "CAPITALS"),
    ('angry_emoji = ["😠"]', 'angry_emoji = ["😠😡"]', 8, "one emoji"),
    ('judging = ["poor"]', 'judging = "poor"', 10, "list of words"),
    ('judging = ["poor"]', 'judgeing = ["poor"]', 10, "not a list the checker uses"),
    ("[idioms]", "[idiom]", 4, "not a table"),
    ('"fed up" = -2.0', '"fed up" = ', 5, "not valid TOML"),
])
def test_a_mistake_names_the_file_and_line(old, new, line, words):
    assert old in GOOD
    with pytest.raises(ToneWordsError) as err:
        parse_tone_words(GOOD.replace(old, new), "mine.toml")
    assert err.value.file == "mine.toml"
    assert err.value.line == line, str(err.value)
    assert words in err.value.problem
    assert isinstance(err.value, PolicyError)  # shown wherever a policy mistake is


def test_a_missing_list_or_table_is_named():
    with pytest.raises(ToneWordsError, match="negators"):
        parse_tone_words(GOOD.replace('negators = ["not"]\n', ""))
    with pytest.raises(ToneWordsError, match=r"\[lexicon\] table is missing"):
        parse_tone_words(GOOD.replace('[lexicon]\n"gutted" = -2.2\n', ""))


def test_the_analyser_scores_with_the_words_it_is_given():
    """The data is what scores: an idiom added to the file changes the score."""
    settings = settings_from_policy(builtin_policy())
    shipped = builtin_tone_words()
    text = "The tombola was a proper palaver."
    before = ToneAnalyser(settings).analyse(text).report.score
    more = dataclasses.replace(shipped, idioms={**shipped.idioms, "proper palaver": -2.5})
    after = ToneAnalyser(settings, more).analyse(text).report.score
    assert before == 0.0 and after < -0.3


def test_the_file_says_how_to_edit_it():
    text = read_text("tone_words.toml")
    assert text.startswith("#") and "may be edited by staff" in text


def test_one_analysis_per_check_is_shared_and_tied_to_its_text():
    checker = default_checker()
    rules = [r for r in checker.rules if r.spec.detector == "tone"]
    assert len(rules) == 7
    analyser = rules[0].detector.analyser
    assert all(r.detector.analyser is analyser for r in rules)
    ctx = Context("Gutted the fun day is off.", checker.policy)
    first = tone_analysis(ctx, analyser)
    assert tone_analysis(ctx, analyser) is first
    assert ctx.results["tone"] is first.report
    # Another analyser (another policy's settings) never reuses it.
    other = ToneAnalyser(settings_from_policy(builtin_policy()))
    assert tone_analysis(ctx, other) is not first
