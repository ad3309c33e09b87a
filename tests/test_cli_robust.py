"""rwt-check against hostile input (issue 13, items 6, 8 and 9): devices, pipes and huge
files get a message instead of a hang or running out of memory; --jsonl splits on newlines
only, writes ASCII JSON, answers every line and says which failed; output never fails on a
console that cannot show every character; a text too long to check says so.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rwt_desktop.core.checker import MAX_CHECKED_CHARS, NOT_ALL_CHECKED, check
from rwt_desktop.core.cli import MAX_INPUT_BYTES, main

BLOCKING = "Ring me on 07700 900123, you bloody idiot"


def run(args, stdin: bytes | io.RawIOBase = b""):
    out, err = io.StringIO(), io.StringIO()
    source = io.BytesIO(stdin) if isinstance(stdin, bytes) else stdin
    code = main(args, stdin=source, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _strict(line: str) -> dict:
    """Parse as standard JSON: NaN and Infinity are not JSON."""
    def refuse(name: str):
        raise AssertionError(f"{name} in the output")
    return json.loads(line, parse_constant=refuse)


# ---------------------------------------------------------------------- --jsonl


def test_jsonl_splits_records_on_newlines_only_and_writes_ascii() -> None:
    texts = ["one\u2028two", "three\u2029four", "five\u0085six", "a \ud800 lone half"]
    # The separators raw in the input (legal inside JSON strings); the surrogate escaped.
    data = "\n".join(json.dumps({"id": n, "text": t}, ensure_ascii="\ud800" in t)
                     for n, t in enumerate(texts)).encode("utf-8")
    code, out, err = run(["--jsonl", "-"], data)
    assert code in (0, 1), err
    lines = out.split("\n")
    assert lines[-1] == "" and len(lines) == len(texts) + 1
    assert out.isascii()
    rows = [_strict(line) for line in lines[:-1]]
    assert [r["id"] for r in rows] == [0, 1, 2, 3]
    assert all("error" not in r and "findings" in r for r in rows)


def test_jsonl_answers_every_line_and_exits_2_if_one_failed() -> None:
    data = b"\n".join([
        json.dumps({"id": "a", "text": "Hello"}).encode(),
        b'{"id": "b", "text": ',
        b'{"id": NaN, "text": "x"}',
        b'{"id": Infinity, "text": "x"}',
        b'{"id": 1e999, "text": "x"}',
        b'\xff\xfe not UTF-8',
        b'{"id": "c"}',
        json.dumps({"id": "d", "text": BLOCKING}).encode(),
    ]) + b"\n"
    code, out, err = run(["--jsonl", "-"], data)
    assert code == 2
    rows = [_strict(line) for line in out.splitlines()]
    assert len(rows) == 8
    assert rows[0]["id"] == "a" and "findings" in rows[0]
    assert [r.get("line") for r in rows[1:7]] == [2, 3, 4, 5, 6, 7]
    assert all("error" in r for r in rows[1:7])
    assert rows[6]["id"] == "c"
    assert rows[7]["id"] == "d" and rows[7]["blocked"] is True
    assert "line 2" in err and "line 6" in err


def test_jsonl_writes_a_flagged_span_holding_a_lone_surrogate() -> None:
    text = "what a bloody idiot\ud800"
    assert any("\ud800" in f.text for f in check(text).findings)
    data = json.dumps({"id": 1, "text": text}).encode()  # \ud800 escaped, as JSON allows
    code, out, err = run(["--jsonl", "-"], data)
    assert code in (0, 1), err
    row = _strict(out)
    assert any("\ud800" in f["text"] for f in row["findings"])


# ---------------------------------------------------------------------- sizes and odd files


class Zeros(io.RawIOBase):
    """Standard input that never ends, like ``< /dev/zero``."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        buffer[:] = bytes(len(buffer))
        return len(buffer)


def test_endless_standard_input_stops_with_a_message() -> None:
    code, _, err = run(["-"], io.BufferedReader(Zeros()))
    assert code == 2 and "far too long" in err


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="a POSIX device")
@pytest.mark.timeout(30)
def test_a_device_is_refused() -> None:
    code, _, err = run(["/dev/zero"])
    assert code == 2 and "not an ordinary file" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
@pytest.mark.timeout(30)
def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "post.txt"
    os.mkfifo(fifo)
    for args in ([str(fifo)], ["--jsonl", str(fifo)]):
        code, _, err = run(args)
        assert code == 2 and "not an ordinary file" in err


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(MAX_INPUT_BYTES * 5)  # sparse: nothing written
    code, _, err = run([str(big)])
    assert code == 2 and "far too long" in err


# ---------------------------------------------------------------------- output and length


def test_output_never_fails_on_a_cp1252_console(tmp_path: Path) -> None:
    post = tmp_path / "post.txt"
    post.write_text("Ｆｕｃｋ this 😀 شكرا, ring 07700 900123", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    for fmt in ("text", "json"):
        proc = subprocess.run([sys.executable, "-m", "rwt_desktop.core.cli", "--format", fmt,
                               str(post)], capture_output=True, env=env, timeout=120)
        assert proc.returncode == 1, proc.stderr.decode("cp1252", "replace")
        out = proc.stdout.decode("cp1252")
        assert "07700" in out or "block" in out
        if fmt == "json":
            assert json.loads(out)["blocked"] is True


@pytest.mark.slow  # a quarter of a million characters through every rule takes seconds
def test_a_text_too_long_to_check_says_how_much_was_checked() -> None:
    text = "A fine day out. " * (MAX_CHECKED_CHARS // 16 + 5000)
    report = check(text, ["facebook"])
    notes = [f for f in report.findings if f.rule == NOT_ALL_CHECKED]
    assert len(notes) == 1 and notes[0].start == MAX_CHECKED_CHARS
    assert f"{MAX_CHECKED_CHARS:,}" in notes[0].message and f"{len(text):,}" in notes[0].message
    assert report.channels["facebook"].length == len(text)  # not the checked part only
