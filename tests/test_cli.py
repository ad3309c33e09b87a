"""``rwt-check``: the contract other programs rely on (output shapes and exit codes)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from rwt_desktop.core.cli import main

BLOCKING = "Ring Dave on 07700 900123 about the raffle."
CLEAN = "Spring bulb planting at the park this Saturday from 10am. All welcome!"


def run(args, stdin: bytes = b""):
    out, err = io.StringIO(), io.StringIO()
    code = main(args, stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_clean_post_exits_0():
    code, out, _ = run(["-"], CLEAN.encode())
    assert code == 0
    assert "no problems found" in out or "info" in out


def test_blocking_post_exits_1_with_line_and_column(tmp_path: Path):
    post = tmp_path / "post.txt"
    post.write_text("Hello!\n" + BLOCKING, encoding="utf-8")
    code, out, _ = run([str(post)])
    assert code == 1
    assert f"{post}:2:" in out
    assert "block [personal_data]" in out
    assert "policy: \u201cReveal personal data\u201d" in out


def test_json_shape():
    code, out, _ = run(["--format", "json", "--channel", "twitter"], BLOCKING.encode())
    data = json.loads(out)
    assert code == 1
    assert data["blocked"] is True
    finding = next(f for f in data["findings"] if f["category"] == "personal_data")
    assert set(finding) >= {"rule", "category", "severity", "start", "end", "text",
                            "message", "clause", "suggestions"}
    assert BLOCKING[finding["start"]:finding["end"]] == finding["text"]
    assert finding["severity"] == "block"


def test_jsonl_keeps_ids_in_order():
    lines = [{"id": "a", "text": CLEAN}, {"id": 7, "text": BLOCKING}, {"id": None, "text": ""}]
    data = "\n".join(json.dumps(x) for x in lines).encode() + b"\n\n"
    code, out, _ = run(["--jsonl", "-"], data)
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["a", 7, None]
    assert rows[1]["blocked"] is True
    assert code == 1


@pytest.mark.parametrize(
    ("args", "stdin", "needle"),
    [
        (["--jsonl", "-"], b'{"id": 1, "text": "ok"}\n{"id": 2, "text": \n', "line 2"),
        (["--jsonl", "-"], b'{"id": 1}\n', 'expected an object with a "text"'),
        (["-"], b"caf\xc3\xa9 \xff ok", "offset 6"),
        (["/no/such/file.txt"], b"", "no such file"),
        (["--channel", "myspace", "-"], b"hi", "invalid choice"),
        (["--frobnicate"], b"", "unrecognized arguments"),
    ],
)
def test_input_errors_exit_2_with_a_message(args, stdin, needle):
    code, out, err = run(args, stdin)
    assert code == 2
    assert needle in err
    assert "Traceback" not in err + out


def test_folder_is_an_input_error(tmp_path: Path):
    code, _, err = run([str(tmp_path)])
    assert code == 2 and "folder" in err


def test_broken_policy_is_an_error_with_a_message(tmp_path: Path):
    (tmp_path / "policy.toml").write_text("[organisation\n", encoding="utf-8")
    code, out, err = run(["--policy", str(tmp_path), "-"], CLEAN.encode())
    assert code == 2 and out == ""
    assert "nothing was checked" in err
    assert "policy.toml, line 1" in err


def test_real_command_runs_without_a_traceback(tmp_path: Path):
    """The installed console script, in a fresh process, on awkward bytes."""
    post = tmp_path / "odd.txt"
    post.write_bytes("\x00\x07 \u202e\u200f caf\u0065\u0301 👩‍👩‍👧 ok\n".encode())
    proc = subprocess.run([sys.executable, "-m", "rwt_desktop.core.cli", str(post)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
