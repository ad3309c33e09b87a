"""Reading the labelled corpora under tests/data/ (one JSON object a line, in each file)."""

from __future__ import annotations

import json
from pathlib import Path


def read_posts(folder: Path) -> list[dict]:
    """Every post of every ``*.jsonl`` file in ``folder``, in file-name order."""
    posts: list[dict] = []
    for path in sorted(folder.glob("*.jsonl")):
        posts += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                  if line.strip()]
    return posts
