"""scripts/settle_labels.py keeps what two blind labellers agree on, as the corpus README says."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "settle_labels", ROOT / "scripts" / "settle_labels.py")
assert _spec and _spec.loader
settle_labels = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(settle_labels)


def _post(pid: str, expect: list[str]) -> dict:
    return {"id": pid, "text": f"post {pid}", "expect": expect, "channel": "x"}


def test_agreement_common_labels_and_disagreement() -> None:
    written = [
        _post("a", []),                          # both clean: kept clean
        _post("b", ["tone", "bullying"]),         # relabeller names bullying only: kept, bullying
        _post("c", ["tone"]),                     # relabeller calls it clean: dropped
        _post("d", ["links"]),                    # no category shared: dropped
        _post("e", ["criticism", "spelling"]),    # spelling is not a policy category
        _post("f", ["purpose"]),                  # the relabeller skipped it: dropped
    ]
    relabelled = {"a": [], "b": ["bullying"], "c": [], "d": ["copyright"], "e": ["criticism"]}
    kept, counts = settle_labels.settle(written, relabelled)
    assert [(p["id"], p["expect"]) for p in kept] == [("a", []), ("b", ["bullying"]),
                                                       ("e", ["criticism"])]
    assert counts == {"posts_written": 6, "labels_agreed_exactly": 2,
                      "kept_with_common_labels": 1, "dropped": 3, "kept": 3, "kept_clean": 1}


def test_the_blind_input_has_no_labels(tmp_path: Path) -> None:
    written = tmp_path / "w.jsonl"
    written.write_text(json.dumps(_post("a", ["tone"])) + "\n", encoding="utf-8")
    blind = tmp_path / "blind.jsonl"
    assert settle_labels.main([str(written), "--blind-input", str(blind)]) == 0
    assert json.loads(blind.read_text(encoding="utf-8")) == {"id": "a", "text": "post a",
                                                             "channel": "x"}
