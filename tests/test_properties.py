"""Whatever the text, the checker never raises and every span is honest."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rwt_desktop.core.checker import default_checker

CHANNELS = ["twitter", "facebook", "instagram", "youtube", "linkedin"]

# Text that looks like posts, with the awkward characters the issue names mixed in.
AWKWARD = st.sampled_from([
    "\x00", "\x07", "\x1b", "\ud800", "\udfff", "\u200f", "\u202e", "\u200d", "\ufeff",
    "\u0301", "👩‍👩‍👧", "🇬🇧", "1️⃣", "👍🏽", "\r\n", "\u2028", "ǅ", "İ", "ß", "ﬁ",
])
WORDS = st.sampled_from([
    "Rudheath", "call", "07700 900123", "0800 1111", "john@example.com", "CW9 7AB",
    "22 Shurlach Road", "f***", "sh1t", "http://bit.ly/x", "www.example.xyz", "NHS",
    "943 476 5919", "born 3/3/1987", "off the record", "keep this quiet", "aged 6",
    "Oliver", "!!!", "AWFUL", "thief", "@Sandra", "£50 ono", "101", "999", "tbh",
])
POSTS = st.lists(st.one_of(WORDS, AWKWARD, st.text(max_size=12)), max_size=40).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(POSTS)
def test_spans_lie_inside_the_text_and_match(text):
    report = default_checker().check(text, CHANNELS)
    for f in report.findings:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.text
    report.to_dict()


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_any_unicode_text(text):
    report = default_checker().check(text, CHANNELS)
    for f in report.findings:
        assert text[f.start:f.end] == f.text


def test_edge_cases_do_not_raise():
    big = ("Lovely day at the park with 40 volunteers. " * 25_000)[:1_000_000]
    for text in ["", " ", "\n\n\t", "\x00" * 100, "\ud83d", big, "🙂" * 5000,
                 "\u202eevil\u202c", "e\u0301" * 1000]:
        report = default_checker().check(text, CHANNELS)
        for f in report.findings:
            assert text[f.start:f.end] == f.text
