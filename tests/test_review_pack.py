"""The second-opinion files: a review request and its reply, written, read and checked."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from rwt_desktop.storage.review import (
    MAX_MAILTO_CHARS,
    Reviewer,
    ReviewFileError,
    ReviewReply,
    ReviewRequest,
    email_draft,
    mailto_url,
    read_review_reply,
    read_review_request,
    reply_path_for,
    write_review_reply,
    write_review_request,
)

TEXT = "Come to the gala 🎉 on Saturday – café, tombola and a lone \ud800 surrogate."


def _request(**changes) -> ReviewRequest:
    values = dict(
        author="Sam Tester", channels=("twitter", "facebook"),
        texts={"twitter": TEXT, "facebook": TEXT},
        findings=({"rule": "tone.x", "severity": "warn", "start": 0, "end": 4,
                   "text": "Come", "message": "Sounds bossy.", "clause": "Friendly"},),
        reviewers=(Reviewer("Zoe Cadman", "RWT Chair"),),
        channel_names={"twitter": "X (Twitter)", "facebook": "Facebook"},
        organisation="RWT", policy_version="abc123", note="Is the tombola OK?")
    values.update(changes)
    return ReviewRequest(**values)


def test_request_round_trips_exactly(tmp_path: Path) -> None:
    request = _request()
    path = write_review_request(tmp_path / "ask", request)
    assert path.name == "ask.rwtreview"
    back = read_review_request(path)
    assert back == request
    assert back.texts["twitter"] == TEXT  # the lone surrogate survives
    assert back.images == ()  # the hook for the image panel is there, empty


def test_readable_json_with_format_and_version(tmp_path: Path) -> None:
    path = write_review_request(tmp_path / "a.rwtreview", _request(texts={"twitter": "café"},
                                                                   channels=("twitter",)))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "rwt-review" and data["version"] == 1
    assert "café" in path.read_text(encoding="utf-8")  # not \u escaped when it need not be
    assert data["images"] == []


def test_reply_round_trips_and_sits_beside_the_request(tmp_path: Path) -> None:
    request = _request()
    req_path = write_review_request(tmp_path / "post.rwtreview", request)
    reply = ReviewReply(request.id, request.text_sha256, "changes", "Drop the tombola.",
                        "Zoe Cadman")
    path = write_review_reply(reply_path_for(req_path), reply)
    assert path == tmp_path / "post.reply.rwtreply"
    back = read_review_reply(path)
    assert back == reply
    assert back.summary() == "Changes asked for by Zoe Cadman: Drop the tombola."
    assert not back.approved


@pytest.mark.parametrize(("content", "says"), [
    (b"", "line 1, column 1"),
    (b"{not json", "line 1"),
    (b"\xff\xfe rubbish", "not UTF-8"),
    (b"[1, 2]", "not a review request"),
    (b'{"format": "rwt-review-reply", "version": 1}', "this is a review reply"),
    (b'{"format": "rwt-review", "version": 9}', "newer version"),
    (b'{"format": "rwt-review"}', "no version"),
    (b'{"format": "rwt-review", "version": 1, "texts": "hi"}', '"texts" must map'),
    (b'{"format": "rwt-review", "version": 1, "texts": {"x": "hi"}, "channels": ["y"]}',
     "no text for y"),
])
def test_malformed_request_says_what_is_wrong(tmp_path: Path, content: bytes,
                                              says: str) -> None:
    path = tmp_path / "bad.rwtreview"
    path.write_bytes(content)
    with pytest.raises(ReviewFileError) as err:
        read_review_request(path)
    assert says in str(err.value)
    assert str(err.value).startswith("bad.rwtreview: ")


def test_missing_field_and_tampered_text_are_named(tmp_path: Path) -> None:
    path = write_review_request(tmp_path / "a.rwtreview", _request())
    data = json.loads(path.read_text(encoding="utf-8"))
    data["texts"]["twitter"] = "Something else entirely"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ReviewFileError, match="checksum"):
        read_review_request(path)
    del data["id"]
    data.pop("text_sha256")
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ReviewFileError, match='no "id"'):
        read_review_request(path)


def test_bad_reply_verdict_and_missing_reviewer(tmp_path: Path) -> None:
    path = tmp_path / "r.rwtreply"
    base = {"format": "rwt-review-reply", "version": 1, "request_id": "x",
            "text_sha256": "y", "verdict": "maybe", "reviewer": "Zoe",
            "when": "2025-03-01T10:00:00+00:00"}
    path.write_text(json.dumps(base), encoding="utf-8")
    with pytest.raises(ReviewFileError, match='"verdict" must be "approved" or "changes"'):
        read_review_reply(path)
    path.write_text(json.dumps(base | {"verdict": "approved", "reviewer": " "}),
                    encoding="utf-8")
    with pytest.raises(ReviewFileError, match="who wrote it"):
        read_review_reply(path)
    with pytest.raises(ValueError):
        write_review_reply(path, ReviewReply("x", "y", "maybe", "", "Zoe"))


def test_email_draft_names_reviewers_post_findings_and_file() -> None:
    subject, body = email_draft(_request(), "post.rwtreview")
    assert subject.startswith("Second opinion on a post")
    assert "Zoe Cadman (RWT Chair)" in body
    assert "If unsure about a post check with RWT staff/ Chair before posting" in body
    assert body.count(TEXT) == 1  # same text for both channels, shown once
    assert "X (Twitter), Facebook" in body
    assert "WARN “Come”: Sounds bossy." in body
    assert "Is the tombola OK?" in body
    assert "post.rwtreview" in body
    assert "Images: none." in body


def test_mailto_is_short_enough_and_decodes_back() -> None:
    long_text = "Lovely day at the park with everyone. " * 300
    request = _request(texts={"facebook": long_text}, channels=("facebook",))
    url = mailto_url(request, "post.rwtreview")
    assert url.startswith("mailto:?subject=")
    assert len(url) <= MAX_MAILTO_CHARS
    query = parse_qs(urlsplit(url).query)
    assert "post.rwtreview" in query["body"][0]
    short = mailto_url(_request(texts={"twitter": "Hi all"}, channels=("twitter",)), "p")
    assert "Hi all" in parse_qs(urlsplit(short).query)["body"][0]
