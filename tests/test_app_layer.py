"""The application layer (rwt_desktop/app) on its own: no Qt, no window, real files.

Confirmations and their one factory, the post being composed, drafts kept safe when a save
fails (and offered back), the second-opinion workflow and the start-up loader. This module
must not import PySide6; the first test checks the layer never does either.
"""

from __future__ import annotations

import ast
import dataclasses
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from rwt_desktop.app import review as workflow
from rwt_desktop.app.confirmation import (
    ConfirmationState,
    ConfirmedPost,
    new_confirmation,
    policy_ack_record,
    release_record,
    review_reply_record,
    review_request_record,
)
from rwt_desktop.app.fallback import fallback_name, find_fallback_drafts, write_fallback
from rwt_desktop.app.policy_text import policy_text
from rwt_desktop.app.post import GETTING_READY, ComposedPost, DraftKeeper
from rwt_desktop.app.readback import ReadBackResult, describe, read_back_post
from rwt_desktop.app.startup import load_policy_and_checker
from rwt_desktop.core.findings import Finding, Report, Severity
from rwt_desktop.core.policy import builtin_policy
from rwt_desktop.resources_path import read_text
from rwt_desktop.storage.drafts import DraftStore
from rwt_desktop.storage.record import ConfirmationRecord, texts_sha256
from rwt_desktop.storage.review import (
    ReviewReply,
    read_review_request,
    reply_path_for,
    write_review_request,
)
from rwt_desktop.storage.settings import Settings

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "rwt_desktop" / "app"


def _finding(severity: Severity = Severity.WARN, text: str = "hush hush") -> Finding:
    return Finding(rule="test.rule", category="confidential", severity=severity, start=6,
                   end=6 + len(text), text=text, message="sounds private", clause="Breach")


def _confirmed(texts: dict[str, str], revision: int = 3) -> ConfirmedPost:
    text = next(iter(texts.values()))
    report = Report(text=text, findings=(_finding(),), channels={}, tone=None)
    return ConfirmedPost(revision, tuple(texts), texts, report,
                         ReadBackResult(acknowledged=(_finding(),)))


# ---------------------------------------------------------------------- no Qt


def test_the_application_layer_imports_no_qt() -> None:
    modules = sorted(f"rwt_desktop.app.{p.stem}" for p in APP.glob("*.py")
                     if p.stem != "__init__")
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules)
            + "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
              "('PySide6', 'shiboken6') or m.startswith('rwt_desktop.gui'))\n"
              "print(bad)\nraise SystemExit(1 if bad else 0)\n")
    env = dict(os.environ)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(modules) >= 7


def test_confirmation_records_are_made_in_one_place_only() -> None:
    """Every ``Confirmation(...)`` outside the storage layer is new_confirmation's."""
    makers = []
    for path in sorted((REPO / "rwt_desktop").rglob("*.py")):
        if path.parent.name == "storage":
            continue  # the record reads its own rows back
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Confirmation":
                makers.append(path.relative_to(REPO).as_posix())
    assert makers == ["rwt_desktop/app/confirmation.py"]


def test_the_window_modules_leave_the_organisation_to_the_policy() -> None:
    for name in ("window.py", "window_ui.py", "window_drafts.py", "window_release.py",
                 "window_workflow.py", "post_checks.py", "composer.py"):
        source = (REPO / "rwt_desktop" / "gui" / name).read_text(encoding="utf-8")
        assert "RWT" not in source, name
        assert "Social and Digital Media" not in source, name


# ---------------------------------------------------------------------- confirmations


def test_a_confirmation_lasts_only_for_its_revision_and_channels() -> None:
    state = ConfirmationState()
    confirmed = state.confirm(_confirmed({"twitter": "Hello"}, revision=3))
    assert state.current(3, ["twitter"]) is confirmed
    assert state.current(3, ["twitter", "facebook"]) is None  # other channels: forgotten
    assert state.current(3, ["twitter"]) is None
    state.confirm(confirmed)
    assert state.current(4, ["twitter"]) is None  # an edit
    assert state.void() is False  # nothing left to void
    state.confirm(confirmed)
    assert state.void() is True


def test_the_factory_hashes_the_texts_unless_told() -> None:
    made = new_confirmation(action="copy:twitter", who="Sam", policy_version="7",
                            channels=["twitter"], texts={"twitter": "Hello"},
                            acknowledged=["a"], findings=[{"rule": "x"}])
    assert made.text_sha256 == texts_sha256({"twitter": "Hello"})
    assert made.channels == ("twitter",) and made.acknowledged == ("a",)
    assert made.when.tzinfo is not None
    given = new_confirmation(action="x", who="Sam", policy_version="7", text_sha256="abc")
    assert given.text_sha256 == "abc" and given.texts == {}


def test_a_release_record_keeps_what_was_acknowledged(tmp_path: Path) -> None:
    texts = {"twitter": "It is hush hush", "facebook": "It is hush hush"}
    record = release_record(_confirmed(texts), "copy:twitter", "Sam", "2024-1")
    assert record.acknowledged == (describe(_finding()),)
    assert record.findings[0]["rule"] == "test.rule"
    assert record.text_sha256 == texts_sha256(texts)
    store = ConfirmationRecord(tmp_path / "db.sqlite")
    try:
        store.add(record)
        (back,) = store.list()
    finally:
        store.close()
    assert back.action == "copy:twitter" and back.texts == texts


def test_the_policy_acknowledgement_names_the_organisation_from_the_policy() -> None:
    policy = dataclasses.replace(builtin_policy(), short_name="Acme", version="9")
    record = policy_ack_record(policy, "Sam", "the policy text")
    assert record.action == "policy-ack" and record.policy_version == "9"
    assert "Acme's" in record.acknowledged[0] and "version 9" in record.acknowledged[0]
    assert record.text_sha256 == texts_sha256({"policy": "the policy text"})
    unnamed = dataclasses.replace(policy, short_name="")
    assert "organisation's" in policy_ack_record(unnamed, "Sam", "x").acknowledged[0]


# ---------------------------------------------------------------------- the post


def test_the_post_knows_its_final_texts_options_and_next_step() -> None:
    words = ["Hello there"]
    post = ComposedPost(lambda: words[0], Settings(personal_account=True))
    assert post.ready_text(0, ()) == GETTING_READY
    post.policy = builtin_policy()
    post.channels = ("twitter", "facebook")
    assert post.final_texts() == {"twitter": "Hello there", "facebook": "Hello there"}
    assert post.check_options() == {"personal_account": True}
    assert post.ready_text(0, (_finding(Severity.BLOCK),)).startswith("✗")
    assert "Read the post back" in post.ready_text(0, (_finding(),))
    post.confirmation.confirm(_confirmed(post.final_texts(), revision=2))
    assert post.ready_text(2, ()).startswith("✓")
    words[0] = "Hello again"
    assert post.final_texts(["twitter"]) == {"twitter": "Hello again"}


def test_the_read_back_quotes_the_policys_own_golden_rule() -> None:
    policy = builtin_policy()
    text = "Hello everyone, see you at the market"
    report = Report(text=text, findings=(), channels={}, tone=None)
    post = read_back_post(policy, report, {"twitter": text, "facebook": text},
                          [_finding()], {}, [])
    assert [ch.id for ch in post.channels] == ["twitter", "facebook"]
    assert post.golden_rule and " ".join(post.golden_rule.split())[:40] in " ".join(
        policy_text(policy).split())
    assert post.organisation == policy.short_name and post.source_text == text
    assert post.findings == [_finding()]


# ---------------------------------------------------------------------- drafts


def test_a_failed_save_keeps_the_words_in_a_file_until_a_save_works(tmp_path: Path) -> None:
    db = tmp_path / "drafts.sqlite"
    store = DraftStore(db)
    keeper = DraftKeeper(store, tmp_path)
    keeper.dirty = True
    locker = sqlite3.connect(db, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        assert keeper.save("Words to keep", ["twitter"]) is False
        problem = keeper.problem
        assert problem is not None and problem.fallback is not None
        assert problem.fallback.read_text(encoding="utf-8") == "Words to keep"
        assert str(problem.fallback) in problem.banner_text()
        assert "Close anyway?" in problem.closing_question()
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert keeper.save("Words to keep", ["twitter"]) is True
    assert keeper.problem is None and not problem.fallback.exists()
    assert store.load(keeper.draft_id).text == "Words to keep"
    keeper.close("Words to keep", ["twitter"])
    assert store.unsaved() is None  # closed cleanly
    store.close()


def test_an_empty_new_post_is_not_saved(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts.sqlite")
    keeper = DraftKeeper(store, tmp_path)
    keeper.dirty = True
    assert keeper.save("   ", []) is True and keeper.draft_id is None
    assert store.list() == []
    store.close()


def test_fallback_files_from_earlier_runs_are_found_but_never_this_runs(tmp_path: Path) -> None:
    data, temporary = tmp_path / "data", tmp_path / "tmp"
    data.mkdir()
    temporary.mkdir()
    own = write_fallback(data, "this run's words")
    assert own is not None and own.name == fallback_name()
    (data / fallback_name(424242)).write_text("earlier words ✓", encoding="utf-8")
    (temporary / fallback_name(515151)).write_text("from the temp folder", encoding="utf-8")
    (data / "unrelated.txt").write_text("not a draft", encoding="utf-8")
    found = find_fallback_drafts(data, temporary=temporary)
    assert sorted(f.text for f in found) == ["earlier words ✓", "from the temp folder"]
    assert all(f.path.name != own.name for f in found)
    assert find_fallback_drafts(tmp_path / "missing", temporary=tmp_path / "none") == []


# ---------------------------------------------------------------------- the workflow


def test_a_reply_finds_its_request_beside_it(tmp_path: Path) -> None:
    policy = builtin_policy()
    request = workflow.new_review_request(
        author="Sam", policy=policy, channels=("twitter",), texts={"twitter": "Hello"},
        findings=[], images=[], personal_account=False, note="Is this fine?")
    saved = write_review_request(tmp_path / "ask.rwtreview", request)
    assert read_review_request(saved).reviewers == workflow.reviewers_of(policy)
    reply = ReviewReply(request_id=request.id, text_sha256=request.text_sha256,
                        verdict="yes", comment="Fine\nby me", reviewer="Zoe")
    beside = reply_path_for(saved)
    assert workflow.find_request(reply, beside).id == request.id
    assert workflow.find_request(reply, tmp_path / "elsewhere" / "x.reply.json") is None
    assert workflow.reply_message(reply, same_post=True).endswith("“Fine by me”")
    assert "changed since you asked" in workflow.reply_message(reply, same_post=False)

    asked = review_request_record(request, "Zoe")
    assert asked.action == "review-request" and asked.acknowledged == (
        "Asked Zoe for a second opinion: Is this fine?",)
    answered = review_reply_record(reply, request, request.channels, request.texts,
                                   "Asked by Sam", policy.version)
    assert answered.who == "Zoe" and answered.text_sha256 == request.text_sha256
    assert answered.acknowledged[1] == "Asked by Sam"


def test_the_workflow_words_come_from_the_policy() -> None:
    policy = dataclasses.replace(builtin_policy(), short_name="Acme", reviewers=())
    assert workflow.who_to_ask((), policy) == "Acme staff or the Chair"
    for text in (workflow.own_account_tip(policy), workflow.second_opinion_tip(policy),
                 workflow.own_account_message(policy, True),
                 workflow.own_account_message(policy, False)):
        assert "Acme" in text and "RWT" not in text
    clause = workflow.unsure_clause(read_text("policy.txt"))
    assert clause.startswith("If unsure about a post")
    assert workflow.unsure_clause("Nothing about doubt here.") == ""


def test_acknowledgement_is_needed_once_per_policy_version() -> None:
    policy = builtin_policy()
    assert workflow.needs_acknowledgement(Settings(), policy)
    done = Settings(policy_acknowledged_version=policy.version)
    assert not workflow.needs_acknowledgement(done, policy)


# ---------------------------------------------------------------------- start-up


def test_start_up_falls_back_to_the_built_in_policy_and_says_why(tmp_path: Path) -> None:
    loaded = load_policy_and_checker(str(tmp_path / "no-such-policy"), fall_back=True)
    assert loaded.checker is not None and loaded.policy.source in ("resources", "built-in")
    assert loaded.problem and "built-in" in loaded.problem
    report = loaded.checker.check("Hello everyone", channels=["twitter"])
    assert report.text == "Hello everyone"


def test_a_chosen_policy_that_fails_changes_nothing(tmp_path: Path) -> None:
    loaded = load_policy_and_checker(str(tmp_path / "no-such-policy"), fall_back=False)
    assert loaded.checker is None and loaded.problem


@pytest.mark.parametrize("path", [""])
def test_the_built_in_policy_loads_with_a_checker(path: str) -> None:
    loaded = load_policy_and_checker(path, fall_back=True)
    assert loaded.problem is None and loaded.checker is not None


def test_start_up_compiles_the_policy_into_the_profile_cache_and_reads_it_back(
        tmp_path: Path, user_copy: Path) -> None:
    cache = tmp_path / "cache"
    first = load_policy_and_checker(str(user_copy), fall_back=True, cache_dir=cache)
    kept = sorted(cache.glob("policy-*.pickle"))
    assert first.problem is None and first.checker is not None and len(kept) == 1

    stamp = kept[0].stat().st_mtime_ns
    again = load_policy_and_checker(str(user_copy), fall_back=True, cache_dir=cache)
    assert again.problem is None and again.checker is not None
    assert again.policy.version == first.policy.version
    assert sorted(cache.glob("policy-*.pickle")) == kept
    assert kept[0].stat().st_mtime_ns == stamp  # read back, not compiled and written again
    post = "Ring Jo on 07700 900123, the f*cking idiots ruined it #RWT"
    assert ([f.to_dict() for f in again.checker.check(post).findings]
            == [f.to_dict() for f in first.checker.check(post).findings] != [])


def test_start_up_without_a_cache_folder_writes_nothing(tmp_path: Path,
                                                        user_copy: Path) -> None:
    before = sorted(p for p in tmp_path.rglob("*"))
    loaded = load_policy_and_checker(str(user_copy), fall_back=True, cache_dir=None)
    assert loaded.checker is not None and loaded.problem is None
    assert sorted(p for p in tmp_path.rglob("*")) == before


def test_a_policy_that_fails_is_not_kept_in_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    loaded = load_policy_and_checker(str(tmp_path / "no-such-policy"), fall_back=False,
                                     cache_dir=cache)
    assert loaded.checker is None and loaded.problem
    assert not list(cache.glob("policy-*.pickle"))
    # At start-up the built-in policy takes its place, and that one is kept.
    loaded = load_policy_and_checker(str(tmp_path / "no-such-policy"), fall_back=True,
                                     cache_dir=cache)
    assert loaded.checker is not None and loaded.problem and "built-in" in loaded.problem
    assert len(list(cache.glob("policy-*.pickle"))) == 1
