"""A real crash: a process autosaving a draft is killed outright, and nothing committed is lost.

The child saves a growing draft as fast as it can (autosave while someone types) and prints
each step number once ``save()`` has returned, i.e. after the commit. The test kills it with
SIGKILL (``Popen.kill``; TerminateProcess on Windows), opens the database itself and checks:

* the file passes ``PRAGMA integrity_check`` and opens without being treated as corrupt;
* ``unsaved()`` gives exactly the text of the last step the child reported, or of the one
  after it (committed, killed before the print), never anything older or half-written.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from rwt_desktop.storage import DraftStore

REPO = Path(__file__).resolve().parents[1]

# Shared by the child and the test, so the test can rebuild the text of any step.
MAKE_TEXT = r"""
PHRASE = "Warm space at St Mary's, Rudheath 🎉 café,\n tea & \"cake\"\x00 — all welcome! "
def make_text(step, grow):
    total = step * grow
    return (PHRASE * (total // len(PHRASE) + 1))[:total]
"""

CHILD = (
    MAKE_TEXT
    + r"""
import sys
from pathlib import Path
from rwt_desktop.storage import DraftStore

store = DraftStore(Path(sys.argv[1]))
grow = int(sys.argv[2])
draft_id = None
step = 0
while True:
    step += 1
    draft_id = store.save(make_text(step, grow), ["twitter", "facebook"], draft_id)
    sys.stdout.write(f"{step}\n")
    sys.stdout.flush()
"""
)

namespace: dict[str, object] = {}
exec(MAKE_TEXT, namespace)
make_text = namespace["make_text"]


@pytest.mark.parametrize(
    "grow",
    [7, 40_000],
    ids=["typing-7-chars-per-save", "pasting-40k-chars-per-save"],
)
def test_sigkill_during_autosave_keeps_the_last_committed_draft(tmp_path, grow):
    db_path = tmp_path / "data" / "rwt.sqlite3"
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])
    )
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db_path), str(grow)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    lines: list[bytes] = []
    reader = threading.Thread(target=lambda: lines.extend(child.stdout), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 20
        while not lines and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert lines, f"the child never saved: {child.stderr.read().decode(errors='replace')}"
        time.sleep(0.5)
        assert child.poll() is None, child.stderr.read().decode(errors="replace")
    finally:
        child.kill()
        child.wait(timeout=10)
    reader.join(timeout=10)
    child.stdout.close()
    child.stderr.close()

    steps = [int(line) for line in lines if line.endswith(b"\n")]
    assert steps == list(range(1, len(steps) + 1))
    last = steps[-1]
    assert last >= 10, f"only {last} saves in 0.5 s: the test would prove little"

    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()

    with DraftStore(db_path) as store:
        assert store.problem is None
        draft = store.unsaved()
        assert draft is not None
        assert draft.channels == ("twitter", "facebook")
        assert not draft.closed_cleanly
        assert len(store.list()) == 1
    committed = len(draft.text) // grow
    assert draft.text == make_text(committed, grow), "the saved text is not one whole step"
    assert committed in (last, last + 1), (
        f"child reported step {last} committed, database has step {committed}"
    )
