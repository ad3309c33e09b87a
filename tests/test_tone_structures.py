"""Off-tone structures (issue 11): the tone analyser's named steps, each with sentences it
must flag and sentences it must let through, and the meter agreeing with the findings.

The word lists behind the tone rules (``{telling_off}``, ``{curt_refusals}``, ...) carry
their examples in ``resources/rules/tone.toml`` like every rule; these are the steps that
look at more than one sentence or at the shape of a sentence, which a list cannot say.
The sentences were written for these tests, not taken from the judgement corpus.
"""

from __future__ import annotations

import pytest

from rwt_desktop.core.checker import default_checker
from rwt_desktop.core.findings import Severity
from rwt_desktop.core.policy import builtin_policy
from rwt_desktop.core.rules.tone_rule import settings_from_policy
from rwt_desktop.core.tone import ToneAnalyser


@pytest.fixture(scope="module")
def analyser() -> ToneAnalyser:
    return ToneAnalyser(settings_from_policy(builtin_policy()))


def _warned(text: str, rule: str) -> bool:
    report = default_checker().check(text)
    return any(f.rule == rule and f.severity is Severity.WARN for f in report.findings)


# ------------------------------------------------------------------ mock praise

@pytest.mark.parametrize("text", [
    "The bus didn't turn up again this morning. Marvellous.",
    "The new swings are broken again. Lovely.",
    "The council hasn't replied to a single email. Noted.",
    "The council still hasn't answered. Ok then 🙂",
])
def test_a_cheer_after_a_let_down_is_sarcasm(text: str) -> None:
    """Where the step stops: a let-down VADER reads as neutral with no "not" or "again" in
    it ("Somebody has wrecked the planters. Lovely.") is left to the learned layer."""
    assert _warned(text, "tone.sarcasm"), text


@pytest.mark.parametrize("text", [
    "The new benches are in by the canal. Marvellous!",
    "We raised £300 for the hospice today. Brilliant!",
    "Sadly the quiz is off this week, but it's back on the 12th. Lovely.",
    "Thank you for the flowers, Jean. Lovely.",
    "We're sad to hear of Alf's passing. Legend.",
])
def test_a_cheer_after_good_news_or_a_next_step_is_meant(text: str) -> None:
    assert not _warned(text, "tone.sarcasm"), text


# ------------------------------------------------------------------ a count said again

@pytest.mark.parametrize("text", [
    "Bake sale on Saturday. Two people came. TWO.",
    "We've emailed the council twelve times. Twelve.",
    "Volunteers needed for setting up: 40 signed up and 3 came. 3.",
])
def test_a_count_echoed_flatly_is_sarcasm(text: str) -> None:
    assert _warned(text, "tone.sarcasm"), text


@pytest.mark.parametrize("text", [
    "We raised £500 in one day. One!",
    "Three cheers for our volunteers. Three!",
    "Doors open at seven. See you there.",
])
def test_a_count_in_celebration_is_not(text: str) -> None:
    assert not _warned(text, "tone.sarcasm"), text


# ------------------------------------------------------------------ curt cancellation

@pytest.mark.parametrize("text", [
    "Open day cancelled. Not enough interest.",
    "Bingo's cancelled.",
    "Quiz night is off. Nobody booked.",
    "Awful news, the bonfire is called off. Gutted.",
])
def test_a_cancellation_with_nothing_kind_is_cold(text: str) -> None:
    report = default_checker().check(text)
    assert any(f.rule == "tone.cold" for f in report.findings), text
    assert report.tone is not None and report.tone.mood == "cross"


@pytest.mark.parametrize("text", [
    "Bingo's cancelled due to the storm.",
    "Sorry, bingo is cancelled this week.",
    "Bingo's cancelled tonight, back next Tuesday!",
    "Bingo is cancelled as a mark of respect. Our thoughts are with Jean's family.",
    "Bingo's cancelled, please keep safe in this ice.",
    "Sadly the bonfire is called off this year.",
])
def test_a_cancellation_with_a_sorry_reason_or_next_step_is_news(text: str) -> None:
    assert not _warned(text, "tone.cold"), text


# ------------------------------------------------------------------ the meter and insults

def test_an_insult_inside_an_offer_of_help_is_hostile_on_the_meter() -> None:
    """The screenshots' findings post: praise, a confidential line, a phone number and "the
    council are a bunch of idiots". It read "Warm" beside a name-calling warning because
    the if-clause ("If you want the details ring Dave ...") neutralised the insult."""
    text = ("🎉 Huge thanks to everyone at the fun day! Strictly confidential: the lunch club "
            "may close in March. If you want the details ring Dave on 07700 900123 – honestly "
            "the council are a bunch of idiots for cutting the funding. 😡")
    report = default_checker().check(text)
    assert any(f.rule == "criticism.name_calling" for f in report.findings)
    assert report.tone is not None
    assert report.tone.mood == "hostile" and report.tone.label == "hostile"


@pytest.mark.parametrize("text", [
    "If you need a lift, ring Jo - the bus company are a bunch of morons.",
    "Someone's dumped a mattress by the hub again. Dirty sods.",
    "Whoever left the gate open, you're a bloody menace.",
])
def test_name_calling_is_hostile(analyser: ToneAnalyser, text: str) -> None:
    assert analyser.analyse(text).report.mood == "hostile", text


@pytest.mark.parametrize("text", [
    "If you're feeling low or anxious, ring our listeners on 01606 123456.",
    "If you need a lift to the surgery, ring Jo - she's brilliant.",
    "Speak to your GP if you have any worries about stroke or dementia.",
])
def test_worries_inside_an_offer_of_help_stay_calm(analyser: ToneAnalyser,
                                                   text: str) -> None:
    assert analyser.analyse(text).report.mood not in ("cross", "hostile"), text


# ------------------------------------------------------------------ kind posts stay clean

@pytest.mark.parametrize("text", [
    "There have been two break-ins on Hall Lane this week. Please lock sheds and report "
    "anything suspicious on 101; our crime prevention team can fit free shed alarms.",
    "We're so sorry, the tea dance is cancelled this Friday because the heating has broken. "
    "We'll be back next week with extra cake.",
    "It's with great sadness we share that Peggy, our lunch club cook for twenty years, has "
    "died. Her funeral is at St Helen's on Friday and everyone who knew her is welcome.",
    "Feeling alone this Christmas? Nobody should. Our doors are open on the 25th, no need "
    "to book, and there's a seat for you.",
    "Flu is going round the school. If your child is poorly, keep them at home and ring "
    "111 for advice; we'll send homework home.",
])
def test_reassuring_posts_about_bad_news_draw_no_tone_warning(text: str) -> None:
    report = default_checker().check(text)
    warned = [f.rule for f in report.findings
              if f.category == "tone" and f.severity is not Severity.INFO]
    assert not warned, (text, warned)


# ------------------------------------------------------------------ "NOT" and "AGAIN" stressed

@pytest.mark.parametrize("text", [
    "The side room is NOT a place to leave old furniture.",
    "Bin collections on Beech Road delayed AGAIN.",
    "The lift STILL hasn't been looked at.",
])
def test_a_negation_or_repeat_in_capitals_is_a_shouting_warning(text: str) -> None:
    assert _warned(text, "tone.shouting"), text


@pytest.mark.parametrize("text", [
    "DON'T worry, there's plenty of cake for everyone!",
    "Our summer fair is NOT to be missed!",
    "It's NEVER too late to learn to swim.",
    "You are NOT alone: our listeners are here every evening.",
])
def test_a_reassurance_in_capitals_is_not(text: str) -> None:
    assert not _warned(text, "tone.shouting"), text
