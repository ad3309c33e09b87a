"""What may leave before the read-back: a few words of the post, measured on the post."""

from __future__ import annotations

import pytest

from rwt_desktop.core.copy_policy import may_release, refusal_message, shared_with

POST = ("Call Dave on 07700 900123 about Jade, 9, who starts at Witton Primary on Monday.\n\n"
        "Thanks to everyone who came to the fun day!")


@pytest.mark.parametrize("selected", [
    POST,
    "Call Dave on 07700 900123 about Jade",  # six words
    "ave on 07700 900123 about Jade",  # starts mid-word
    "Jade, 9, who starts at Witton Primary",
    "starts at Witton Primary on Monday.\n\nThanks to",  # across the paragraph break
    "Fri 04 Dec 2026, 17:53 — Call Dave on 07700 900123 about Jade, 9…",  # a drafts row
    "X (Twitter)  @RWT\nCall Dave on 07700\u2029900123 about Jade, 9, who",  # a preview
    "“CALL DAVE ON 07700 900123 ABOUT JADE”",  # quoted, in capitals
])
def test_more_than_a_few_words_of_the_post_are_refused(selected: str) -> None:
    decision = may_release(selected, [POST])
    assert not decision.allowed and decision.why == "too-much"


@pytest.mark.parametrize("selected", [
    "07700 900123",
    "Call Dave on 07700 900123",  # five words
    "Witton Primary",
    "",
    "   \n ",
    # Not the post: a message and a policy clause that quote one or two of its words.
    "“07700 900123” — This looks like a private mobile number. Please take it out.",
    "Policy: “Breach confidentiality”. Only share what was agreed to be public, always.",
    "Fri 04 Dec 2026, 17:53 — Sam Tester — review-request — twitter, facebook",
])
def test_short_bits_and_other_text_may_go(selected: str) -> None:
    assert may_release(selected, [POST]).allowed


def test_a_long_run_of_one_word_is_limited_by_characters() -> None:
    link = "https://example.org/a/very/long/path/to/the/private/page"
    post = f"See {link} for details"
    assert not may_release(link, [post]).allowed
    assert may_release(link, ["Something else entirely"]).allowed


def test_confirmed_posts_may_go_whole() -> None:
    decision = may_release(POST, [POST], confirmed=True)
    assert decision.allowed and decision.why == "confirmed"


def test_shared_run_is_measured_in_words_and_characters() -> None:
    run = shared_with("I said: Call Dave on 07700 900123 — that is all", POST)
    assert (run.words, run.chars) == (5, len("Call Dave on 07700 900123"))
    assert shared_with("nothing in common here, sorry", POST).words == 0


def test_a_huge_paste_is_refused_without_measuring_it_all() -> None:
    post = " ".join(f"w{i}" for i in range(200_000))
    assert not may_release(post + " and more", [post]).allowed
    assert not may_release("zz " + post[:300_000], [post]).allowed


def test_refusal_says_why_and_what_may_go() -> None:
    assert refusal_message() == ("Not copied: read the post back first (Ctrl+Enter). Short "
                                 "bits of up to 5 words can be copied.")
    assert refusal_message("cut").startswith("Not cut: ")
    assert refusal_message("cut").endswith("can be cut.")
