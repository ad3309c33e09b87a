"""The tone meter in words people understand, worked out in the core and shown by the meter."""

from __future__ import annotations

import pytest

from rwt_desktop.core.checker import default_checker
from rwt_desktop.core.findings import ToneReport
from rwt_desktop.core.tone import MOOD_WORDS, mood_words, pulled_down_by


def _tone(text: str) -> ToneReport:
    tone = default_checker().check(text).tone
    assert tone is not None
    return tone


@pytest.mark.parametrize("text", [
    "Huge thanks… the council are a bunch of idiots for cutting the funding",
    "Huge thanks to all our volunteers for a brilliant year, you are all stars! But the "
    "council are a bunch of idiots for cutting the funding.",
    "What a wonderful fun day, thank you all! Shame on the selfish morons who left their "
    "rubbish everywhere.",
])
def test_praise_never_hides_an_insult(text: str) -> None:
    tone = _tone(text)
    assert tone.mood == "hostile" and tone.label == "hostile"
    worst = pulled_down_by(tone)
    assert worst is not None and worst.mood == "hostile"
    assert any(w in worst.text for w in ("idiots", "morons"))


@pytest.mark.parametrize("text", [
    "Event cancelled due to the storm.",
    "The hub is closed today.",
    "Sadly the litter pick is cancelled due to the storm. New date soon!",
    "Coffee morning called off this week due to a burst pipe.",
])
def test_a_curt_notice_is_flat_not_cross(text: str) -> None:
    tone = _tone(text)
    assert tone.mood == "flat", (text, tone)
    assert mood_words(tone.mood) == "A bit flat"


@pytest.mark.parametrize("text", [
    "What a f***ing joke, the council are useless tossers and I'm sick of the lot of them!!!",
    "Whoever keeps dumping rubbish by the shops is a disgusting pig.",
])
def test_abuse_is_hostile(text: str) -> None:
    assert _tone(text).mood == "hostile"


@pytest.mark.parametrize("text", [
    "Fed up with people dumping rubbish by the shops. Sort it out.",
    "Great turnout today. What an awful, miserable mess they left behind.",
    "Yet again the bins by the shops have been left overflowing and smelly.",
])
def test_venting_and_blame_sound_cross(text: str) -> None:
    tone = _tone(text)
    assert tone.mood == "cross", (text, tone)
    assert pulled_down_by(tone) is not None


def test_a_refusal_with_no_way_forward_sounds_cross() -> None:
    """"No refunds." after a cancellation is a cold refusal (issue 11), not a bare notice:
    the meter agrees with the tone.cold warning."""
    report = default_checker().check("Event cancelled. No refunds.")
    assert any(f.rule == "tone.cold" for f in report.findings)
    assert report.tone is not None and report.tone.mood == "cross"


def test_curt_notice_and_abuse_are_told_apart() -> None:
    order = list(MOOD_WORDS)
    curt, rant = _tone("The hub is closed today."), _tone(
        "What a f***ing joke, the council are useless tossers and I'm sick of them!!!")
    assert order.index(rant.mood) - order.index(curt.mood) >= 2


def test_warm_and_plain_posts() -> None:
    assert _tone("Thank you to everyone who came to the summer fete – what a lovely day!"
                 ).mood == "warm"
    plain = _tone("Bingo every Wednesday at 1.30pm in the big hall.")
    assert plain.mood in ("flat", "friendly") and pulled_down_by(plain) is None


def test_the_mood_is_in_the_json() -> None:
    data = _tone("Fed up with people dumping rubbish by the shops.").to_dict()
    assert data["mood"] == "cross"
    assert data["sentences"][0]["mood"] == "cross" and data["sentences"][0]["advice"]


@pytest.mark.gui
def test_the_meter_shows_words_and_the_sentence(qtbot) -> None:
    from rwt_desktop.gui.tone_meter import ToneMeter

    meter = ToneMeter()
    qtbot.addWidget(meter)
    meter.set_tone(_tone("Huge thanks… the council are a bunch of idiots for cutting the "
                         "funding"))
    assert meter.bar.format() == "Tone: Hostile"
    assert "+" not in meter.bar.format() and "0." not in meter.bar.format()
    assert "idiots" in meter.note.text() and meter.note.text().startswith("Hostile because of")
    meter.set_tone(_tone("Thank you all for a lovely day!"))
    assert meter.bar.format() == "Tone: Warm" and meter.note.text() == ""
