"""Channel limits: counting per channel, the overflow span, hashtags, YouTube's rules.

The X (Twitter) counter is also held to twitter-text's official cases in
test_twitter_conformance.py; these tests cover what that suite does not: our spans, the
findings and the report, and the awkward input people really paste.
"""

from __future__ import annotations

import dataclasses
import time
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rwt_desktop.core.channels import (
    character_overflow,
    cluster_start,
    count_characters,
    find_hashtags,
    measure,
    measure_all,
    measure_title,
    twitter_fit_index,
    twitter_weighted_length,
)
from rwt_desktop.core.checker import Checker, default_checker
from rwt_desktop.core.findings import Severity
from rwt_desktop.core.policy import PolicyError, builtin_policy
from rwt_desktop.core.rules import Context
from rwt_desktop.core.twitter_text import (
    TwitterTextConfig,
    extract_urls,
    find_emoji,
    parse_tweet,
)

POLICY = builtin_policy()
ALL = [ch.id for ch in POLICY.channels]
X = POLICY.channel("twitter")
FACEBOOK = POLICY.channel("facebook")
INSTAGRAM = POLICY.channel("instagram")
YOUTUBE = POLICY.channel("youtube")
LINKEDIN = POLICY.channel("linkedin")

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 7 code points
WAVE_MEDIUM = "\U0001f44b\U0001f3fd"  # waving hand + skin tone
UK_FLAG = "\U0001f1ec\U0001f1e7"
ENGLAND_FLAG = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"
KEYCAP_ONE = "1\ufe0f\u20e3"
RAINBOW_FLAG = "\U0001f3f3\ufe0f\u200d\U0001f308"
HEART_ON_FIRE = "\u2764\ufe0f\u200d\U0001f525"


def length_findings(text, channels=None):
    report = default_checker().check(text, channels, categories=["length"])
    for f in report.findings:
        assert text[f.start:f.end] == f.text
    return report


# --------------------------------------------------------------------------- the data


def test_the_policy_has_the_limits_from_the_issue():
    assert (X.limit, X.counting) == (280, "twitter")
    assert FACEBOOK.limit == 63206
    assert (INSTAGRAM.limit, INSTAGRAM.max_hashtags) == (2200, 5)
    assert LINKEDIN.limit == 3000
    assert (YOUTUBE.title_limit, YOUTUBE.limit, YOUTUBE.forbidden) == (100, 5000, "<>")


def test_a_bad_check_option_is_a_policy_error():
    spec = next(r for r in POLICY.rules if r.id == "length.over_limit")
    broken = dataclasses.replace(POLICY, rules=(dataclasses.replace(
        spec, options={"check": "lenght"}),))
    with pytest.raises(PolicyError, match=r"options\.check"):
        Checker(broken)


# --------------------------------------------------------------------------- X weighting


@pytest.mark.parametrize(("text", "expected"), [
    ("", 0),
    ("Hello Rudheath", 14),
    ("caf\u00e9", 4),
    ("cafe\u0301", 4),  # decomposed accent: NFC makes it one character
    ("\u6545\u4eba\u897f", 6),  # CJK weighs 2 each
    ("\U0001f637", 2),
    (FAMILY, 2),  # a whole ZWJ sequence counts once
    (WAVE_MEDIUM, 2),  # skin tone joins its emoji
    (UK_FLAG, 2),  # two regional indicators are one flag
    (UK_FLAG + UK_FLAG + "\U0001f1ec", 6),  # two flags and a stray indicator
    (ENGLAND_FLAG, 2),  # tag sequence
    (KEYCAP_ONE, 2),
    ("#\u20e3", 2),
    (RAINBOW_FLAG, 2),
    (HEART_ON_FIRE, 2),
    ("\u2764\ufe0f", 2),  # heart with the emoji selector
    ("\u00a9", 1),  # copyright sign is text unless asked to be emoji
    ("\u00a9\ufe0f", 2),
    ("\u2014 \u2019", 3),  # dash and curly quote are in the weight-1 ranges
    ("\u2026", 2),  # the ellipsis is not
])
def test_weighted_length(text, expected):
    assert twitter_weighted_length(text) == expected


def test_emoji_spans_cover_whole_sequences():
    text = f"a{FAMILY}b{WAVE_MEDIUM}{UK_FLAG}c{KEYCAP_ONE}"
    spans = [text[a:b] for a, b in find_emoji(text)]
    assert spans == [FAMILY, WAVE_MEDIUM, UK_FLAG, KEYCAP_ONE]
    assert find_emoji("plain text, no emoji #1") == []


# --------------------------------------------------------------------------- links


@pytest.mark.parametrize("url", [
    "https://www.rudheathandwittontogether.org.uk",
    "http://test.co",
    "https://www.cheshirewestandchester.gov.uk/residents/bins-and-recycling/collection-days"
    "?postcode=CW9&ref=facebook-post-about-the-christmas-changes",
    "www.eventbrite.co.uk/e/family-fun-day-tickets-123456789",
    "bbc.co.uk",
    "example.com/path_(with_brackets)",
    "bit.ly/3xYzAbC",
    "HTTPS://EXAMPLE.ORG/Shout",
])
def test_a_link_counts_23_whatever_its_length(url):
    text = f"Details here: {url} thanks"
    assert [text[a:b] for a, b in extract_urls(text)] == [url]
    assert twitter_weighted_length(text) == len("Details here:  thanks") + 23


@pytest.mark.parametrize(("text", "link"), [
    ("See example.com.", "example.com"),  # the full stop ends the sentence, not the link
    ("(see example.com/page)", "example.com/page"),  # the closing bracket is not the link's
    ("Book at example.org/events?day=sat, then come.", "example.org/events?day=sat"),
    ("Go to example.com/. Thanks", "example.com/"),
])
def test_trailing_punctuation_is_not_part_of_a_link(text, link):
    assert [text[a:b] for a, b in extract_urls(text)] == [link]


@pytest.mark.parametrize("text", [
    "email us at hello@example.com",  # an email address is not a link
    "bit.ly on its own",  # a bare two-part country domain needs a path
    "Mr.Smith and St.Helens",  # not top-level domains
    "Shout-out to the #example.com crew",
    "a" * 64 + ".com",  # a label of 64 characters is too long
    "version 2.5.1 is out",
    "ftp://example.com",  # only http and https
])
def test_not_links(text):
    assert extract_urls(text) == []


def test_many_links_and_a_long_word_do_not_hang():
    text = ("x" * 20000 + " ") + ("see example.com/a " * 2000) + "y." * 10000
    start = time.perf_counter()
    urls = extract_urls(text)
    # Only guards against hanging (runaway backtracking): tens of ms in practice, so the
    # bound is far above that. The speed is printed by scripts/bench_core.py.
    assert time.perf_counter() - start < 10
    assert len(urls) == 2000


# --------------------------------------------------------------------------- overflow


def test_overflow_of_plain_text_on_x():
    text = "a" * 300
    assert twitter_fit_index(text) == 280
    length = measure(text, X)
    assert (length.length, length.overflow_start, length.ok) == (300, 280, False)


def test_text_that_fits_has_no_overflow():
    for text in ("", "a" * 280, "\U0001f637" * 140, "https://example.com/" + "x" * 400):
        length = measure(text, X)
        assert length.overflow_start is None and length.ok, text[:20]
        assert twitter_fit_index(text) == len(text)


def test_emoji_before_the_overflow_move_it_in_python_indices():
    text = "\U0001f637" * 139 + "abc"  # 278 + 3 = 281
    assert twitter_weighted_length(text) == 281
    assert measure(text, X).overflow_start == 141  # "c" is past the limit
    assert text[twitter_fit_index(text):] == "c"


def test_an_emoji_that_straddles_the_limit_overflows_whole():
    for emoji in ("\U0001f637", FAMILY, UK_FLAG, WAVE_MEDIUM, ENGLAND_FLAG):
        text = "a" * 279 + emoji + "!"
        start = measure(text, X).overflow_start
        assert text[start:] == emoji + "!", repr(emoji)


def test_a_link_before_the_overflow_counts_23():
    link = "https://www.example.org/" + "long-path/" * 30
    text = link + " " + "b" * 257  # 23 + 1 + 257 = 281
    length = measure(text, X)
    assert length.length == 281
    assert length.overflow_start == len(text) - 1


def test_decomposed_accents_map_back_to_the_original_text():
    text = "e\u0301" * 281  # 281 "é" once normalised, 562 code points as typed
    length = measure(text, X)
    assert length.length == 281
    assert length.overflow_start == 560
    assert text[length.overflow_start:] == "e\u0301"
    assert character_overflow(text, 280) == 560
    assert count_characters(text) == 281


def test_overflow_never_splits_a_character_on_plain_channels():
    text = "a" * 2199 + FAMILY + " and more"
    length = measure(text, INSTAGRAM)
    assert text[length.overflow_start:].startswith(FAMILY)
    text = "a" * 2199 + "x\u0301\u0302 tail"
    assert text[measure(text, INSTAGRAM).overflow_start:].startswith("x\u0301")
    text = "a" * 2199 + UK_FLAG + UK_FLAG
    assert measure(text, INSTAGRAM).overflow_start == 2199


def test_cluster_start():
    text = f"ab{FAMILY}c"
    for i in range(2, 2 + len(FAMILY)):
        assert cluster_start(text, i) == 2
    assert cluster_start(text, 2 + len(FAMILY)) == 2 + len(FAMILY)
    assert cluster_start("", 5) == 0


def test_plain_channels_count_code_points_after_nfc():
    text = "Cafe\u0301 \U0001f637 " + FAMILY  # decomposed é, an emoji, a 7-part family
    assert measure(text, FACEBOOK).length == len(unicodedata.normalize("NFC", text)) == 14
    assert measure(text, X).length == 10  # "Café " 5, emoji 2, space 1, family 2


def test_long_posts_overflow_each_channel_at_its_limit():
    text = ("Our community fridge is open to everyone. " * 1600)[:63300]
    lengths = measure_all(text, POLICY.channels)
    assert {cid: cl.overflow_start for cid, cl in lengths.items()} == {
        "twitter": 280, "facebook": 63206, "instagram": 2200, "youtube": 5000,
        "linkedin": 3000}
    assert all(not cl.ok for cl in lengths.values())


# --------------------------------------------------------------------------- findings


def test_over_the_limit_is_a_block_on_the_overflow_with_a_clear_message():
    text = "Thanks to everyone who came to the litter pick! " * 6 + "See you soon."
    report = length_findings(text, ["twitter"])
    [finding] = report.findings
    assert finding.rule == "length.over_limit"
    assert finding.severity is Severity.BLOCK and finding.category == "length"
    assert (finding.start, finding.end) == (280, len(text))
    over = len(text) - 280
    assert finding.message == (f"This is {len(text)} characters on X (Twitter); the limit is "
                               f"280. Shorten it by {over}.")


def test_the_tightest_channel_sets_the_span_and_the_others_are_named():
    text = "word " * 620  # 3,100 characters
    report = length_findings(text, ["linkedin", "instagram", "facebook"])
    [finding] = [f for f in report.findings if f.rule == "length.over_limit"]
    assert finding.start == 2200
    assert "on Instagram; the limit is 2,200. Shorten it by 900." in finding.message
    assert "also too long for LinkedIn (by 100)" in finding.message
    assert "Facebook" not in finding.message


def test_only_the_chosen_channels_are_checked():
    text = "a" * 300
    assert [f.rule for f in length_findings(text, ["twitter"]).findings] == [
        "length.over_limit"]
    report = length_findings(text, ["facebook", "instagram"])
    assert report.findings == []
    assert set(report.channels) == {"facebook", "instagram"}
    assert length_findings(text, []).findings == []


def test_all_channels_when_the_caller_chooses_none():
    report = length_findings("a" * 300)
    assert set(report.channels) == set(ALL)
    assert sorted(f.rule for f in report.findings) == ["length.over_limit",
                                                       "length.title_too_long"]


def test_the_report_carries_every_chosen_channel():
    text = "Warm space open today 10-2 \u2615 " + "#Rudheath " * 6
    data = default_checker().check(text, ["twitter", "instagram"]).to_dict()
    assert data["channels"]["twitter"] == {
        "length": twitter_weighted_length(text), "limit": 280, "ok": True}
    assert data["channels"]["instagram"] == {
        "length": count_characters(text), "limit": 2200, "ok": False,
        "hashtags": 6, "max_hashtags": 5}


def test_extra_hashtags_are_each_blocked():
    text = "Fun day! #Rudheath #Witton #Northwich #FunDay #Summer #Community #Cheshire"
    report = length_findings(text, ["instagram"])
    assert [f.text for f in report.findings] == ["#Community", "#Cheshire"]
    assert all(f.severity is Severity.BLOCK for f in report.findings)
    assert report.findings[0].message == (
        "Instagram allows 5 hashtags and this is number 6 of 7. Please remove 2 hashtags.")
    assert length_findings(text, ["twitter", "facebook"]).findings == []


@pytest.mark.parametrize(("text", "count"), [
    ("#Rudheath #Witton", 2),
    ("We are #1 and #2nd", 1),  # a tag needs a letter
    ("C# club and example.com/page#top", 0),
    ("&#39; is not a tag", 0),
    ("#caf\u00e9 #\uff03x ＃Northwich", 2),
    ("# on its own", 0),
])
def test_hashtag_counting(text, count):
    assert len(find_hashtags(text)) == count


def test_youtube_refuses_angle_brackets_each_one():
    text = "Bring your <b>own</b> mug"
    report = length_findings(text, ["youtube"])
    assert [(f.text, f.start) for f in report.findings] == [
        ("<", 11), (">", 13), ("<", 17), (">", 20)]
    assert all(f.severity is Severity.BLOCK for f in report.findings)
    assert "YouTube" in report.findings[0].message
    assert length_findings(text, ["facebook", "twitter"]).findings == []


def test_youtube_title_is_the_first_line():
    title = "A" * 130
    text = title + "\nA short description."
    report = length_findings(text, ["youtube"])
    [finding] = report.findings
    assert finding.rule == "length.title_too_long"
    assert (finding.start, finding.end) == (100, 130)
    assert "Shorten it by 30" in finding.message
    assert measure_title(text, YOUTUBE).length == 130
    assert measure_title(text, X) is None
    assert length_findings("Short title\n" + "b" * 400, ["youtube"]).findings == []


# --------------------------------------------------------------------------- bad input


BAD_INPUTS = [
    "",
    " ",
    "\x00\x01\x02 NUL and controls \x7f",
    "lone \ud800 surrogate \udfff here",
    "\u202e reversed \u202c and \u200f marks \u2066",
    FAMILY * 50,
    "e\u0301\u0302\u0303" * 100,
    "\ufeff BOM and \uffff non-characters \ufffe",
    "<" * 5000,
    "#" * 3000 + "#a" * 100,
    "." * 5000 + "com",
    "http://" * 500,
]


@pytest.mark.parametrize("text", BAD_INPUTS, ids=range(len(BAD_INPUTS)))
def test_bad_input_never_raises_and_spans_hold(text):
    direct = measure_all(text, POLICY.channels)  # the window calls this without the checker
    report = length_findings(text)
    assert set(report.channels) == set(ALL)
    assert {c: cl.length for c, cl in direct.items()} == {
        c: cl.length for c, cl in report.channels.items()}
    for cl in report.channels.values():
        assert cl.length >= 0
        if cl.overflow_start is not None:
            assert 0 <= cl.overflow_start < len(text)


def test_a_long_decomposed_text_maps_back():
    text = "Cafe\u0301 au lait. " * 20000  # NFD, as some Macs paste it
    start = time.perf_counter()
    lengths = measure_all(text, POLICY.channels)
    # Only guards against hanging (a quadratic mapping back): well under 0.1 s in practice.
    # The speed is printed by scripts/bench_core.py.
    assert time.perf_counter() - start < 10
    nfc = unicodedata.normalize("NFC", text)
    for cid, limit in (("twitter", 280), ("instagram", 2200), ("facebook", 63206)):
        cut = lengths[cid].overflow_start
        assert len(unicodedata.normalize("NFC", text[:cut])) == limit
        assert nfc.startswith(unicodedata.normalize("NFC", text[:cut]))


def test_a_megabyte_does_not_hang():
    text = ("Lovely day at the allotments \U0001f955 #grow " * 30000)[:1_000_000]
    start = time.perf_counter()
    lengths = measure_all(text, POLICY.channels)
    # Only guards against hanging: well under 0.1 s in practice (scripts/bench_core.py).
    assert time.perf_counter() - start < 10
    assert lengths["twitter"].overflow_start is not None


def test_non_text_is_refused_clearly():
    with pytest.raises(TypeError):
        measure(None, X)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        parse_tweet(b"bytes")  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(
    [*"ab .#<>\n/:", "\u00e9", "e\u0301", "\u6545", "\U0001f637", "\u200d", "\ufe0f",
                           "\U0001f3fd", "\U0001f1ec", "\u0301", "\ud800", "\u202e", "com",
                           "https://", FAMILY, KEYCAP_ONE]),
    max_size=200).map("".join))
def test_the_fitting_part_always_fits(text):
    result = parse_tweet(text, limit=40)
    assert 0 <= result.fit_end <= len(text)
    assert (result.fit_end < len(text)) == (result.weighted_length > 40)
    assert parse_tweet(text[:result.fit_end], limit=40).weighted_length <= 40
    overflow = character_overflow(text, 30)
    if overflow is not None:
        assert count_characters(text[:overflow]) <= 30


def test_a_custom_config_is_honoured():
    config = dataclasses.replace(TwitterTextConfig(), transformed_url_length=30,
                                 max_weighted_tweet_length=10)
    result = parse_tweet("see https://example.com", config)
    assert result.weighted_length == 4 + 30
    assert not result.valid
    assert result.fit_end == 4


# --------------------------------------------------------------------------- a long post
# How fast this is (every channel, and the length rules, on 63,206 characters) is printed by
# scripts/bench_core.py, not asserted here: the machines that run the tests are shared.


def test_counting_a_facebook_sized_post_for_every_channel():
    text = ("Our warm space is open every Tuesday \u2615 with soup and a chat! "
            "Details: https://www.example.org/warm-spaces #Rudheath \U0001f468\u200d\U0001f469"
            " caf\u00e9 ")
    text = (text * (63206 // len(text) + 1))[:63206]
    lengths = measure_all(text, POLICY.channels)
    assert set(lengths) == set(ALL)
    assert lengths["facebook"].overflow_start is None  # exactly at Facebook's limit
    assert lengths["twitter"].overflow_start is not None
    rules = [r for r in default_checker().rules if r.spec.category == "length"]
    assert len(rules) == 4
    ctx = Context(text, POLICY, ALL)
    assert [f for rule in rules for f in rule.run(ctx)]  # it is too long for most channels
