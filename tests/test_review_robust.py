"""Review files from outside are bounded (issue 13, items 6 and 9): absurd channel counts are
refused before anything is built from them, dates out of range are refused with a message
rather than an OverflowError, and a pipe or device is never read.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from rwt_desktop.storage.review import (
    ReviewFileError,
    ReviewReply,
    ReviewRequest,
    read_review_reply,
    read_review_request,
    write_review_reply,
    write_review_request,
)


def _request_file(tmp_path: Path) -> Path:
    request = ReviewRequest(author="Sam", channels=("twitter",), texts={"twitter": "Hello"})
    return write_review_request(tmp_path / "post.rwtreview", request)


def _rewrite(path: Path, **changes) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(changes)
    if data.get("format") == "rwt-review":  # the checksum covers the texts changed here
        data.pop("text_sha256", None)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_twenty_thousand_channels_are_refused(tmp_path: Path) -> None:
    path = _request_file(tmp_path)
    channels = [f"c{n}" for n in range(20_000)]
    _rewrite(path, channels=channels, texts={c: "x" for c in channels})
    with pytest.raises(ReviewFileError, match="20,000 entries"):
        read_review_request(path)


@pytest.mark.parametrize("when", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59",
                                  "1066-10-14T09:00:00+00:00"])
def test_dates_out_of_range_are_refused_with_a_message(tmp_path: Path, when: str) -> None:
    path = _request_file(tmp_path)
    _rewrite(path, created=when)
    with pytest.raises(ReviewFileError, match='"created"'):
        read_review_request(path)
    reply = ReviewReply("some-id", "0" * 64, "approved", "", "Zoe")
    reply_path = write_review_reply(tmp_path / "post.reply.rwtreply", reply)
    _rewrite(reply_path, when=when)
    with pytest.raises(ReviewFileError, match='"when"'):
        read_review_reply(reply_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
@pytest.mark.timeout(20)
def test_a_pipe_named_like_a_review_file_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "post.rwtreview"
    os.mkfifo(fifo)
    with pytest.raises(ReviewFileError, match="not an ordinary file"):
        read_review_request(fifo)
