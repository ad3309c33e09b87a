"""The golden rule as questions: the right ones for each post, and no crying wolf."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from corpora import read_posts

from rwt_desktop.core.checker import default_checker
from rwt_desktop.core.golden_rule import (
    QUESTION_IDS,
    Answer,
    GoldenRuleData,
    GoldenRuleError,
    answer_advice,
    golden_questions,
)
from rwt_desktop.core.images import ImageAttachment
from rwt_desktop.resources_path import read_text

CORPUS = Path(__file__).parent / "data" / "golden-rule"
PROPERTIES = ("person", "business", "child", "future")


def _posts() -> list[dict]:
    return read_posts(CORPUS)


@pytest.fixture(scope="module")
def asked() -> list[tuple[dict, set[str]]]:
    checker = default_checker()
    return [(post, {q.id for q in golden_questions(post["text"],
                                                   checker.check(post["text"]).findings)})
            for post in _posts()]


def test_corpus_is_big_and_varied_enough() -> None:
    posts = _posts()
    assert len(posts) >= 120
    assert sum(p["plain"] for p in posts) >= 40
    counts = Counter(prop for p in posts for prop in p["expect"])
    for prop in PROPERTIES:
        assert counts[prop] >= 20, prop
    assert len({p["text"] for p in posts}) == len(posts)


@pytest.mark.parametrize("prop", PROPERTIES)
def test_posts_with_a_property_get_its_question(asked, prop: str) -> None:
    having = [(post, ids) for post, ids in asked if prop in post["expect"]]
    missed = [post["text"] for post, ids in having if prop not in ids]
    share = 1 - len(missed) / len(having)
    assert share >= 0.9, f"{prop}: {share:.0%} asked; missed {missed}"


def test_plain_notices_get_at_most_one_question(asked) -> None:
    noisy = [(post["text"], sorted(ids)) for post, ids in asked
             if post["plain"] and len(ids) > 1]
    assert noisy == []


def test_questions_name_what_they_found() -> None:
    text = "Thanks to Gary for his help. Avoid Kwik Fix Motors, they overcharged us."
    qs = {q.id: q for q in golden_questions(text)}
    assert qs["person"].text.startswith("This post names Gary.")
    assert "Would Gary be happy to read it" in qs["person"].text
    assert "Kwik Fix Motors" in qs["business"].text
    assert "everything it says about Kwik Fix Motors is true" in qs["business"].text
    basis = qs["business"].based_on[0]
    assert text[basis.start:basis.end] == "Kwik Fix Motors"


def test_child_future_sensitive_reply_and_picture() -> None:
    text = ("@JoB sorry to hear it. My son Jack, 7, starts at the new club. The hub will move "
            "to Witton Street from January. The board agreed it at the last board meeting.")
    pictures = [ImageAttachment(path="party.jpg", source="own", people_identifiable="yes",
                                consent=True, children=True),
                ImageAttachment(path="view.jpg", source="own", people_identifiable="no")]
    qs = golden_questions(text, attachments=pictures)
    ids = [q.id for q in qs]
    assert ids == [i for i in QUESTION_IDS if i in ids]  # asked in a steady order
    by_id = {q.id: q for q in qs}
    assert set(by_id) >= {"reply", "child", "future", "sensitive", "picture"}
    assert "@JoB" in by_id["reply"].text and "private message" in by_id["reply"].text
    assert "Has this been announced?" in by_id["future"].text
    assert "Has RWT agreed to share this publicly?" in by_id["sensitive"].text
    assert "a meeting" in by_id["sensitive"].text
    assert "“party.jpg”" in by_id["picture"].text and "view.jpg" not in by_id["picture"].text


def test_a_child_found_by_the_checks_raises_the_child_question() -> None:
    text = "Congratulations to Amelia Clarke, 8, of Witton Primary on her poster!"
    findings = default_checker().check(text).findings
    assert any(f.rule == "personal_data.child" for f in findings)
    assert "child" in {q.id for q in golden_questions(text, findings)}


def test_own_people_places_and_plain_words_are_not_people() -> None:
    # The admins, local places and capitalised days, months and venues are not people.
    for text in ("Heidi Bibby and Zoe Cadman will be at the Rudheath fun day in May.",
                 "Carol service at St Helen's on Christmas Eve, 6pm.",
                 "Meet at Victoria Park on Saturday for the walk.",
                 "Free money advice drop-in every Monday 10–12 at the hub."):
        assert golden_questions(text) == [], text


def test_retweets_and_greetings_to_everyone_are_not_replies() -> None:
    for text in ("RT @CheshireFire: test your smoke alarm today.",
                 "Hi everyone, the hub is open as usual.",
                 "Big thanks to @NorthwichRotary for the benches."):
        assert "reply" not in {q.id for q in golden_questions(text)}, text


def test_answers_route_and_record() -> None:
    (q,) = golden_questions("Thanks to Gary for the lift.")
    assert answer_advice(Answer.YES) == ""
    assert "second opinion" in answer_advice(Answer.NOT_SURE)
    assert "edit" in answer_advice(Answer.NO)
    line = q.record_line(Answer.YES)
    assert line.startswith("Golden rule: This post names Gary.") and line.endswith("Yes.")


def test_the_data_file_is_checked_on_load() -> None:
    text = read_text("golden_rule.toml")
    assert GoldenRuleData.from_toml(text).wording["reply"]
    with pytest.raises(GoldenRuleError, match=r"\[questions\] reply is missing"):
        GoldenRuleData.from_toml(text.replace("\nreply = ", "\nreply_x = ", 1))
    broken = text.replace("patterns = [\n", "patterns = [\n  '(',\n", 1)
    assert broken != text
    with pytest.raises(GoldenRuleError, match=r"\[future\] pattern 1"):
        GoldenRuleData.from_toml(broken)
