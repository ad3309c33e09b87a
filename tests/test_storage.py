"""Storage: settings, atomic saves, drafts, the confirmation record and post packs.

Everything runs against real files in ``tmp_path`` (the ``profile_dirs`` fixture points the
profile there): the real SQLite file, the real TOML parser, no mocks except to make a write
fail on purpose.
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import hashlib
import io
import json
import os
import sqlite3
import sys
import threading
import time
import tomllib
from pathlib import Path

import pytest

from rwt_desktop.storage import (
    Confirmation,
    ConfirmationRecord,
    DraftStore,
    ProfileDirs,
    Settings,
    SettingsStore,
    StorageError,
    atomic_write_bytes,
    atomic_write_text,
    default_dirs,
    texts_sha256,
    write_post_pack,
)
from rwt_desktop.storage import atomic as atomic_module
from rwt_desktop.storage import paths as paths_module
from rwt_desktop.storage import settings as settings_module
from rwt_desktop.storage.database import MIGRATIONS, Database

TRICKY = [
    'She said "hello" and left',
    "C:\\Users\\volunteer\\Documents\\new\\table",
    "line one\nline two\r\nline three",
    "tab\there, form\ffeed, bell\x07, nul\x00, del\x7f",
    "🎉 Rudheath & Witton 🏳️‍🌈 👨‍👩‍👧 café naïve",
    "'''triple single''' and \"\"\"triple double\"\"\"",
    "# not a comment",
    'key = "value"\n[not_a_table]',
    "\\u0041 stays a backslash-u",
    "",
    " leading and trailing spaces ",
    "\u200f\u202eRTL marks\u202c",
]


# --- paths ---------------------------------------------------------------------------------


def test_default_dirs_follow_the_environment(profile_dirs, tmp_path):
    config, data = profile_dirs
    dirs = default_dirs()
    assert dirs == ProfileDirs(config=config, data=data, cache=tmp_path / "cache")
    assert dirs.settings_file == config / "settings.toml"
    assert dirs.database == data / "rwt.sqlite3"


def test_default_dirs_fall_back_to_platformdirs_and_make_the_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("RWT_CONFIG_DIR", "")
    monkeypatch.delenv("RWT_DATA_DIR", raising=False)
    monkeypatch.delenv("RWT_CACHE_DIR", raising=False)
    calls = []

    def fake(kind):
        def where(appname, appauthor):
            calls.append((kind, appname, appauthor))
            return tmp_path / kind / appname

        return where

    monkeypatch.setattr(paths_module.platformdirs, "user_config_path", fake("config"))
    monkeypatch.setattr(paths_module.platformdirs, "user_data_path", fake("data"))
    monkeypatch.setattr(paths_module.platformdirs, "user_cache_path", fake("cache"))
    dirs = default_dirs()
    assert dirs.config == tmp_path / "config" / "RWT Post Checker"
    assert dirs.data == tmp_path / "data" / "RWT Post Checker"
    assert dirs.cache == tmp_path / "cache" / "RWT Post Checker"
    assert dirs.config.is_dir() and dirs.data.is_dir()
    assert not dirs.cache.exists()  # made by the first compiled policy kept there
    assert ("config", "RWT Post Checker", "RWT") in calls


# --- settings ------------------------------------------------------------------------------


def test_missing_settings_file_gives_defaults(profile_dirs):
    config, _ = profile_dirs
    settings, message = SettingsStore(config).load()
    assert settings == Settings()
    assert message is None


def test_settings_round_trip_with_tricky_strings(profile_dirs):
    config, _ = profile_dirs
    store = SettingsStore(config)
    original = Settings(
        user_name=TRICKY[0],
        channels=["twitter", "facebook", "instagram"],
        policy_path=TRICKY[1],
        grammar_engine="languagetool",
        languagetool_url='https://lt.example.org/v2?a=1&b="2"',
        public_languagetool=True,
        dictionary=TRICKY,
        personal_account=True,
        policy_acknowledged_version='2024-03 "v2"\n',
    )
    store.save(original)
    assert store.path == config / "settings.toml"
    # An independent reader agrees with what we wrote.
    raw = tomllib.loads(store.path.read_text(encoding="utf-8"))
    assert raw["dictionary"] == TRICKY
    loaded, message = SettingsStore(config).load()
    assert message is None
    assert loaded == original


def test_settings_lone_surrogate_is_saved_as_replacement_character(profile_dirs):
    config, _ = profile_dirs
    store = SettingsStore(config)
    store.save(Settings(user_name="Jo \ud83d half an emoji"))
    loaded, message = store.load()
    assert message is None
    assert loaded.user_name == "Jo \ufffd half an emoji"


def test_settings_with_notepad_bom_load(profile_dirs):
    config, _ = profile_dirs
    (config / "settings.toml").write_bytes(b'\xef\xbb\xbfuser_name = "Sam"\n')
    settings, message = SettingsStore(config).load()
    assert message is None
    assert settings.user_name == "Sam"


def test_bad_toml_names_the_line_keeps_the_file_and_uses_defaults(profile_dirs):
    config, _ = profile_dirs
    bad = 'user_name = "Sam"\nchannels = ["twitter"]\ngrammar_engine = harper\n'
    (config / "settings.toml").write_text(bad, encoding="utf-8")
    store = SettingsStore(config)
    settings, message = store.load()
    assert settings == Settings()
    assert message is not None
    assert message.startswith("settings.toml, line 3")
    assert "invalid value" in message.lower()
    assert "using defaults" in message
    assert store.bad_file is not None and store.bad_file.name in message
    assert store.bad_file.name.startswith("settings.toml.bad-")
    assert store.bad_file.read_text(encoding="utf-8") == bad
    assert not store.path.exists()
    # Reported once: the next start is quiet, and a save writes a good file.
    assert store.load() == (Settings(), None)
    store.save(Settings(user_name="Sam"))
    assert store.load()[0].user_name == "Sam"
    assert store.bad_file is None


def test_unterminated_string_at_end_of_file_is_explained(profile_dirs):
    config, _ = profile_dirs
    (config / "settings.toml").write_text('user_name = "Sam', encoding="utf-8")
    _, message = SettingsStore(config).load()
    assert message is not None
    assert message.startswith("settings.toml, ")
    assert "unterminated string" in message.lower()


def test_settings_that_are_not_utf8_name_the_line(profile_dirs):
    config, _ = profile_dirs
    (config / "settings.toml").write_bytes(b'user_name = "Sam"\n\npolicy_path = "caf\xe9"\n')
    settings, message = SettingsStore(config).load()
    assert settings == Settings()
    assert message is not None and message.startswith("settings.toml, line 3:")
    assert "UTF-8" in message


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('channels = "twitter"', "channels must be a list"),
        ('public_languagetool = "yes"', "public_languagetool must be true or false"),
        ('grammar_engine = "grammarly"', 'grammar_engine must be "harper", "languagetool" or'),
        ("dictionary = [1, 2]", "dictionary must be a list"),
        ("user_name = 42", "user_name must be text in quotes, not 42"),
        ("personal_account = 1", "personal_account must be true or false"),
        ("policy_path = { a = 1 }", "policy_path must be text"),
    ],
)
def test_wrong_types_name_the_line_and_keep_the_other_settings(profile_dirs, line, expected):
    config, _ = profile_dirs
    text = f'# my settings\nuser_name = "Sam"\n\n{line}\nchannels = ["facebook"]\n'
    if line.startswith(("user_name", "channels")):
        text = f"# my settings\n\n\n{line}\n"
    (config / "settings.toml").write_text(text, encoding="utf-8")
    store = SettingsStore(config)
    settings, message = store.load()
    assert message is not None
    assert message.startswith("settings.toml, line 4: "), message
    assert expected in message
    assert "using the default for it" in message
    key = line.split(" ", 1)[0]
    assert getattr(settings, key) == getattr(Settings(), key)
    if not line.startswith(("user_name", "channels")):
        assert settings.user_name == "Sam"
        assert settings.channels == ["facebook"]
    assert store.bad_file is not None and store.bad_file.read_text(encoding="utf-8") == text
    # The corrected settings were written back, so the next start is quiet.
    assert store.load() == (settings, None)


def test_several_wrong_types_are_all_listed(profile_dirs):
    config, _ = profile_dirs
    text = 'personal_account = "no"\nuser_name = "Sam"\n"channels" = "twitter"\n'
    (config / "settings.toml").write_text(text, encoding="utf-8")
    settings, message = SettingsStore(config).load()
    assert message is not None
    assert "line 1: personal_account" in message
    assert "line 3: channels" in message
    assert "using the defaults for these" in message
    assert settings.user_name == "Sam"


def test_a_bad_file_that_cannot_be_moved_aside_is_not_written_over(profile_dirs, monkeypatch):
    config, _ = profile_dirs
    text = 'user_name = "Sam"\npersonal_account = "yes"\n'
    (config / "settings.toml").write_text(text, encoding="utf-8")

    def refuse(src, dst):
        raise PermissionError(errno.EACCES, "Access is denied")

    monkeypatch.setattr(settings_module.os, "replace", refuse)
    store = SettingsStore(config)
    settings, message = store.load()
    assert message is not None
    assert "line 2: personal_account" in message
    assert "could not be kept aside (Access is denied)" in message
    assert settings.user_name == "Sam"
    assert store.bad_file is None
    assert (config / "settings.toml").read_text(encoding="utf-8") == text


def test_grammar_engine_is_forgiving_about_case(profile_dirs):
    config, _ = profile_dirs
    (config / "settings.toml").write_text('grammar_engine = " LanguageTool "\n', encoding="utf-8")
    settings, message = SettingsStore(config).load()
    assert message is None
    assert settings.grammar_engine == "languagetool"


def test_unknown_keys_from_a_newer_version_are_kept(profile_dirs):
    config, _ = profile_dirs
    text = (
        'user_name = "Sam"\n'
        'theme = "dark"\n'
        '"odd key" = [1, 2.5, true]\n'
        'window = { width = 800, title = "RWT \\"main\\"" }\n'
        "last_seen = 2025-03-01T14:15:02Z\n"
    )
    (config / "settings.toml").write_text(text, encoding="utf-8")
    store = SettingsStore(config)
    settings, message = store.load()
    assert message is None
    settings.user_name = "Alex"
    store.save(settings)
    raw = tomllib.loads(store.path.read_text(encoding="utf-8"))
    assert raw["user_name"] == "Alex"
    assert raw["theme"] == "dark"
    assert raw["odd key"] == [1, 2.5, True]
    assert raw["window"] == {"width": 800, "title": 'RWT "main"'}
    assert raw["last_seen"] == dt.datetime(2025, 3, 1, 14, 15, 2, tzinfo=dt.UTC)


def test_unreadable_settings_file_gives_defaults_and_a_message(profile_dirs):
    config, _ = profile_dirs
    (config / "settings.toml").mkdir()  # reading a folder fails on every platform
    settings, message = SettingsStore(config).load()
    assert settings == Settings()
    assert message is not None and "settings.toml could not be read" in message


# --- atomic writes -------------------------------------------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_atomic_write_that_fails_half_way_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "settings.toml"
    target.write_text("old and precious\n", encoding="utf-8")

    def half_then_disk_full(f, data):
        f.write(data[: len(data) // 2])
        f.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic_module, "_write_all", half_then_disk_full)
    with pytest.raises(OSError, match="No space left"):
        atomic_write_text(target, "new " * 10_000)
    assert target.read_text(encoding="utf-8") == "old and precious\n"
    assert _leftovers(tmp_path) == []


def test_atomic_write_that_fails_at_the_swap_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "record.csv"
    target.write_bytes(b"old")

    def refuse(src, dst):
        raise PermissionError(errno.EACCES, "The file is open in Excel")

    monkeypatch.setattr(atomic_module.os, "replace", refuse)
    with pytest.raises(PermissionError):
        atomic_write_bytes(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_atomic_write_text_is_exact_and_encodes_first(tmp_path):
    target = tmp_path / "post.txt"
    text = "Hello\r\nWorld\n🎉\x00end"
    atomic_write_text(target, text)
    assert target.read_bytes() == text.encode("utf-8")
    with pytest.raises(UnicodeEncodeError):
        atomic_write_text(target, "half \ud83d")
    assert target.read_bytes() == text.encode("utf-8")
    assert _leftovers(tmp_path) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_atomic_write_keeps_the_permissions_of_the_file_it_replaces(tmp_path):
    target = tmp_path / "settings.toml"
    target.write_text("a", encoding="utf-8")
    target.chmod(0o640)
    atomic_write_text(target, "b")
    assert target.stat().st_mode & 0o777 == 0o640


# --- drafts --------------------------------------------------------------------------------


@pytest.fixture
def db_path(profile_dirs) -> Path:
    return default_dirs().database


@pytest.fixture
def drafts(db_path):
    store = DraftStore(db_path)
    yield store
    store.close()


def test_draft_save_update_load_list_delete(drafts):
    assert drafts.problem is None
    first = drafts.save("Coffee morning on Friday", ["facebook"])
    second = drafts.save("Litter pick on Sunday", ("twitter", "facebook"))
    assert first != second
    d1 = drafts.load(first)
    assert d1.text == "Coffee morning on Friday"
    assert d1.channels == ("facebook",)
    assert d1.closed_cleanly is False
    assert d1.created.tzinfo is not None and d1.created.utcoffset() == dt.timedelta(0)
    assert d1.created == d1.updated

    time.sleep(0.002)
    assert drafts.save("Coffee morning on Friday, 10am", ["facebook", "twitter"], first) == first
    updated = drafts.load(first)
    assert updated.text == "Coffee morning on Friday, 10am"
    assert updated.channels == ("facebook", "twitter")
    assert updated.created == d1.created
    assert updated.updated > d1.updated

    assert [d.id for d in drafts.list()] == [first, second]  # newest first
    assert [d.id for d in drafts.list(limit=1)] == [first]
    assert drafts.list(limit=0) == []

    drafts.delete(second)
    assert [d.id for d in drafts.list()] == [first]
    with pytest.raises(KeyError):
        drafts.load(second)
    drafts.delete(second)  # deleting twice is harmless


def test_a_single_channel_string_is_one_channel(drafts):
    draft_id = drafts.save("Lost cat near the Co-op", "facebook")
    assert drafts.load(draft_id).channels == ("facebook",)


def test_saving_to_a_deleted_draft_makes_a_new_one(drafts):
    gone = drafts.save("first", ["twitter"])
    drafts.delete(gone)
    new = drafts.save("typed after the delete", ["twitter"], gone)
    assert new != gone  # ids are never reused
    assert drafts.load(new).text == "typed after the delete"


def test_unsaved_and_close_cleanly(drafts):
    assert drafts.unsaved() is None
    a = drafts.save("Warm space at the library", ["facebook"])
    b = drafts.save("Food bank needs tins", ["twitter"])
    assert drafts.unsaved().id == b
    drafts.close_cleanly(b)
    assert drafts.load(b).closed_cleanly is True
    assert drafts.unsaved().id == a
    drafts.close_cleanly(a)
    assert drafts.unsaved() is None
    drafts.save("Food bank needs tins and pasta", ["twitter"], b)  # reopened by editing
    assert drafts.load(b).closed_cleanly is False
    assert drafts.unsaved().id == b
    drafts.close_cleanly(9999)  # unknown id: ignored


def test_unsaved_skips_blank_drafts(drafts):
    real = drafts.save("Road closed on Middlewich Road", ["twitter"])
    drafts.save("   \n\t ", ["twitter"])
    drafts.save("", ["twitter"])
    assert drafts.unsaved().id == real
    nul_first = drafts.save("\x00 starts with NUL", ["twitter"])
    assert drafts.unsaved().id == nul_first


@pytest.mark.parametrize(
    "text",
    [
        "",
        "NUL\x00in the\x00middle\x00",
        "lone \ud800 high and \udfff low surrogates",
        "🏳️‍🌈 ZWJ, e\u0301 combining, \u200fRTL",
        "x" * 1_000_000,
        ("Café ☕ \x00 " * 100_000)[:1_000_000] + "\ud83d",
    ],
    ids=["empty", "nul", "surrogates", "emoji", "1MB", "1MB-mixed"],
)
def test_any_text_round_trips_exactly(drafts, text):
    draft_id = drafts.save(text, ["twitter", "\ud800odd channel"])
    assert drafts.load(draft_id).text == text
    assert drafts.load(draft_id).channels == ("twitter", "\ud800odd channel")
    drafts.save(text + "!", ["twitter"], draft_id)
    assert drafts.load(draft_id).text == text + "!"


def test_drafts_survive_reopening_and_closed_store_raises(db_path):
    with DraftStore(db_path) as store:
        draft_id = store.save("Remembrance Sunday parade", ["facebook"])
    with pytest.raises(StorageError):
        store.save("after close", ["facebook"])
    with DraftStore(db_path) as again:
        assert again.unsaved().text == "Remembrance Sunday parade"
        assert again.load(draft_id).channels == ("facebook",)


def test_database_settings(drafts):
    conn = drafts._db.conn()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert drafts._db.schema_version() == max(m[0] for m in MIGRATIONS)


def test_each_thread_gets_its_own_connection(drafts):
    results: list[object] = []

    def worker():
        try:
            results.append(drafts.save("saved from a worker", ["twitter"]))
            results.append(drafts._db.conn())
        except Exception as exc:  # pragma: no cover - reported below
            results.append(exc)

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    draft_id, worker_conn = results
    assert isinstance(draft_id, int)
    assert worker_conn is not drafts._db.conn()
    assert drafts.load(draft_id).text == "saved from a worker"


def test_migrations_apply_in_order_and_only_once(tmp_path):
    path = tmp_path / "rwt.sqlite3"
    db = Database(path)
    assert db.schema_version() == 1
    db.close()
    extra = (2, "a test column", ("ALTER TABLE drafts ADD COLUMN note TEXT NOT NULL DEFAULT ''",))
    db = Database(path, (*MIGRATIONS, extra))
    assert db.schema_version() == 2
    db.close()
    db = Database(path, (*MIGRATIONS, extra))  # again: nothing to do, no error
    rows = db.conn().execute("SELECT version, description FROM schema_version").fetchall()
    assert rows == [(1, MIGRATIONS[0][1]), (2, "a test column")]
    db.close()


def test_a_file_from_a_newer_version_is_used_with_a_warning(tmp_path):
    path = tmp_path / "rwt.sqlite3"
    with DraftStore(path) as store:
        draft_id = store.save("kept", ["twitter"])
        store._db.conn().execute(
            "INSERT INTO schema_version VALUES (99, '2030-01-01T00:00:00+00:00', 'future')"
        )
    with DraftStore(path) as store:
        assert store.problem is not None and "newer version" in store.problem
        assert store.moved_aside is None
        assert store.load(draft_id).text == "kept"


def test_garbage_database_is_moved_aside_and_a_new_one_made(db_path):
    garbage = b"This is not SQLite at all \x00\xff" * 200
    db_path.write_bytes(garbage)
    Path(f"{db_path}-wal").write_bytes(b"stale wal")
    with DraftStore(db_path) as store:
        assert store.problem is not None
        assert "could not be read" in store.problem
        moved = store.moved_aside
        assert moved is not None and moved.name.startswith("rwt.sqlite3.corrupt-")
        assert moved.name in store.problem
        assert moved.read_bytes() == garbage  # nothing lost
        assert Path(f"{moved}-wal").read_bytes() == b"stale wal"
        draft_id = store.save("fresh start", ["twitter"])
        assert store.load(draft_id).text == "fresh start"
    with ConfirmationRecord(db_path) as record:  # the new file is fine for the record too
        assert record.problem is None
        assert record.list() == []


def test_damaged_pages_are_detected_and_moved_aside(db_path, monkeypatch):
    from rwt_desktop.storage import salvage

    # With its b-tree trashed the table's last row id cannot be read, so salvage tries ids
    # one by one up to its limit (200,000 per table, seconds): far past these 30 rows.
    monkeypatch.setattr(salvage, "_SALVAGE_MAX_IDS", 2_000)
    with DraftStore(db_path) as store:
        # Enough to fill more than 20 pages, in few saves (each waits for the disk).
        for i in range(30):
            store.save(f"draft {i} " * 500, ["twitter"])
        store._db.conn().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db_path.read_bytes())
    page = 4096
    assert len(data) > 20 * page
    for offset in range(2 * page, 12 * page, page):  # trash b-tree pages, keep the header
        data[offset : offset + page] = b"\xa5" * page
    db_path.write_bytes(bytes(data))
    with DraftStore(db_path) as store:
        assert store.problem is not None
        assert store.moved_aside is not None and store.moved_aside.read_bytes() == bytes(data)
        assert store.list() == []


def test_an_unopenable_database_raises_a_clear_storage_error(tmp_path):
    folder_in_the_way = tmp_path / "rwt.sqlite3"
    folder_in_the_way.mkdir()
    with pytest.raises(StorageError, match=r"rwt\.sqlite3 .*could not be opened"):
        DraftStore(folder_in_the_way)
    assert folder_in_the_way.is_dir()  # not "moved aside": it is not a corrupt file


def test_many_saves_of_a_long_draft_and_a_list_of_a_thousand(drafts):
    # How fast saving and listing are is printed by scripts/bench_gui.py, not asserted here.
    text = ("Join us at the Rudheath community centre for a warm drink and a chat. 🎉 " * 40)[:2200]
    draft_id = drafts.save(text, ["twitter", "facebook"])
    for i in range(150):
        assert drafts.save(text[:-3] + f"{i:03d}", ["twitter", "facebook"], draft_id) == draft_id
    assert drafts.load(draft_id).text == text[:-3] + "149"

    conn = drafts._db.conn()
    conn.execute("BEGIN")
    now = "2025-03-01T12:00:00.000000+00:00"
    conn.executemany(
        "INSERT INTO drafts (text, channels, created, updated, blank) VALUES (?, ?, ?, ?, 0)",
        [(text, '["twitter"]', now, now) for _ in range(999)],
    )
    conn.execute("COMMIT")
    listed = drafts.list(limit=1000)
    assert len(listed) == 1000


# --- the confirmation record ---------------------------------------------------------------


FINDING = {
    "rule": "tone.cross",
    "category": "tone",
    "severity": "warn",
    "start": 0,
    "end": 4,
    "text": "Post",
    "message": "This sounds cross.",
    "clause": "x",
    "suggestions": [],
}


def _confirmation(i: int, **changes) -> Confirmation:
    texts = changes.pop("texts", {"twitter": f"Post {i}", "facebook": f"Longer post {i}"})
    values = dict(
        when=dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=i),
        who="Sam Jones",
        channels=tuple(texts),
        text_sha256=texts_sha256(texts),
        texts=texts,
        acknowledged=("Tone: sounds cross",),
        findings=(FINDING,),
        action="copy:twitter",
        policy_version="2024-03",
    )
    values.update(changes)
    return Confirmation(**values)


def test_record_add_and_list_round_trip(db_path):
    with ConfirmationRecord(db_path) as record:
        first = _confirmation(1)
        second = _confirmation(2, who="Alex \ud800", action="export:/tmp/x")
        record.add(first)
        record.add(second)
        assert record.list() == [second, first]  # newest first, every field exact
        assert record.list(limit=1) == [second]


def test_record_converts_times_to_utc(db_path):
    bst = dt.timezone(dt.timedelta(hours=1))
    with ConfirmationRecord(db_path) as record:
        record.add(_confirmation(0, when=dt.datetime(2025, 6, 1, 13, 0, tzinfo=bst)))
        (back,) = record.list()
    assert back.when == dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)
    assert back.when.utcoffset() == dt.timedelta(0)


def test_export_csv_for_excel(db_path, tmp_path):
    tricky = 'Bring a coat, scarf and "wellies"\nSee you there! 🎉🏳️‍🌈'
    with ConfirmationRecord(db_path) as record:
        record.add(_confirmation(1, texts={"twitter": tricky}))
        record.add(_confirmation(2, texts={"facebook": "@RWT thanks, everyone", "x": "=1+2"}))
        record.add(_confirmation(3, texts={"twitter": "lone \udc80 surrogate"}))
        out = tmp_path / "export" / "record.csv"
        out.parent.mkdir()
        assert record.export_csv(out) == 3
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM so Excel reads UTF-8
    assert b"\r\n" in raw
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["when (UTC)"] for r in rows] == [
        "2025-03-01 12:01:00",
        "2025-03-01 12:02:00",
        "2025-03-01 12:03:00",
    ]  # oldest first
    assert list(rows[0])[:3] == ["when (UTC)", "who", "action"]
    assert rows[0]["text (twitter)"] == tricky  # commas, quotes, newline and emoji intact
    assert rows[0]["text (facebook)"] == ""
    assert rows[1]["text (facebook)"] == "'@RWT thanks, everyone"  # not run as a formula
    assert rows[1]["text (x)"] == "'=1+2"
    assert rows[2]["text (twitter)"] == "lone \ufffd surrogate"
    assert rows[0]["who"] == "Sam Jones"
    assert rows[0]["warnings acknowledged"] == "Tone: sounds cross"
    assert 'warn [tone] "Post": This sounds cross.' in rows[0]["findings"]
    assert rows[0]["text_sha256"] == hashlib.sha256(tricky.encode()).hexdigest()


def test_export_csv_of_a_thousand_rows_and_atomic_replace(db_path, tmp_path):
    # How fast the export is is printed by scripts/bench_gui.py, not asserted here.
    out = tmp_path / "record.csv"
    out.write_text("an older export", encoding="utf-8")
    with ConfirmationRecord(db_path) as record:
        record.add(_confirmation(0))
        conn = record._db.conn()
        row = conn.execute("SELECT * FROM confirmations").fetchone()
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO confirmations (at, who, channels, text_sha256, texts, acknowledged,"
            " findings, action, policy_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [row[1:]] * 999,
        )
        conn.execute("COMMIT")
        assert record.export_csv(out) == 1000
    text = out.read_text(encoding="utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text, newline="")))) == 1001
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_export_csv_to_a_missing_folder_raises_oserror(db_path, tmp_path):
    with ConfirmationRecord(db_path) as record:
        record.add(_confirmation(1))
        with pytest.raises(FileNotFoundError):
            record.export_csv(tmp_path / "no such folder" / "record.csv")


def test_a_failing_write_raises_storage_error_and_keeps_the_old_text(drafts):
    draft_id = drafts.save("Pride picnic at Verdin Park", ["facebook"])
    drafts._db.conn().execute("PRAGMA query_only = ON")  # as if the disk had gone read-only
    with pytest.raises(StorageError, match=r"rwt\.sqlite3") as caught:
        drafts.save("Pride picnic at Verdin Park, 2pm", ["facebook"], draft_id)
    assert isinstance(caught.value, OSError)  # one `except OSError` in the window covers it
    drafts._db.conn().execute("PRAGMA query_only = OFF")
    assert drafts.load(draft_id).text == "Pride picnic at Verdin Park"
    assert not drafts._db.conn().in_transaction


def test_texts_sha256_of_one_text_matches_the_file_hash():
    assert texts_sha256({"twitter": "Hi 🎉"}) == hashlib.sha256("Hi 🎉".encode()).hexdigest()
    a = texts_sha256({"twitter": "a", "facebook": "b"})
    assert a == texts_sha256({"facebook": "b", "twitter": "a"})
    assert a != texts_sha256({"twitter": "b", "facebook": "a"})
    assert texts_sha256({"twitter": "\ud800"})  # does not raise


# --- post packs ----------------------------------------------------------------------------


def test_post_pack_contents(tmp_path):
    image = tmp_path / "poster.jpg"
    image.write_bytes(b"\xff\xd8\xff fake jpeg bytes")
    other = tmp_path / "other"
    other.mkdir()
    (other / "poster.jpg").write_bytes(b"second poster")
    texts = {"twitter": "Line one\r\nLine two 🎉\n", "facebook": 'Longer, with a "quote"'}
    report = {"findings": [{"rule": "r", "severity": "info"}], "ok": True}
    confirmation = _confirmation(5, texts=texts)
    out = tmp_path / "packs"
    pack = write_post_pack(out, texts, report, confirmation, [image, other / "poster.jpg"])

    local = confirmation.when.astimezone().strftime("%Y%m%d-%H%M%S")
    assert pack == out / f"rwt-post-{local}"
    assert sorted(p.name for p in pack.iterdir()) == [
        "checks.json",
        "facebook.txt",
        "poster-2.jpg",
        "poster.jpg",
        "twitter.txt",
    ]
    assert (pack / "twitter.txt").read_bytes() == texts["twitter"].encode("utf-8")
    assert (pack / "facebook.txt").read_bytes() == texts["facebook"].encode("utf-8")
    assert (pack / "poster.jpg").read_bytes() == image.read_bytes()
    assert (pack / "poster-2.jpg").read_bytes() == b"second poster"

    checks = json.loads((pack / "checks.json").read_text(encoding="utf-8"))
    assert checks["report"] == report
    assert checks["confirmation"]["texts"] == texts
    assert checks["confirmation"]["who"] == "Sam Jones"
    assert checks["confirmation"]["when"] == "2025-03-01T12:05:00.000000+00:00"
    for channel, entry in checks["texts"].items():
        data = (pack / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], channel
    assert [i["file"] for i in checks["images"]] == ["poster.jpg", "poster-2.jpg"]
    assert [p.name for p in pack.iterdir() if p.name.endswith(".tmp")] == []


def test_post_pack_never_overwrites(tmp_path):
    confirmation = _confirmation(7)
    first = write_post_pack(tmp_path, {"twitter": "first"}, {}, confirmation)
    (first / "note.txt").write_text("mine", encoding="utf-8")
    second = write_post_pack(tmp_path, {"twitter": "second"}, {}, confirmation)
    third = write_post_pack(tmp_path, {"twitter": "third"}, {}, confirmation)
    assert second == first.with_name(first.name + "-2")
    assert third == first.with_name(first.name + "-3")
    assert (first / "twitter.txt").read_text(encoding="utf-8") == "first"
    assert (first / "note.txt").read_text(encoding="utf-8") == "mine"
    assert (second / "twitter.txt").read_text(encoding="utf-8") == "second"


def test_post_pack_with_a_missing_image_leaves_nothing_half_made(tmp_path):
    out = tmp_path / "packs"
    with pytest.raises(FileNotFoundError):
        write_post_pack(out, {"twitter": "hi"}, {}, _confirmation(1), [tmp_path / "gone.png"])
    assert list(out.iterdir()) == []


def test_post_pack_channel_names_stay_inside_the_folder(tmp_path):
    texts = {"../../evil": "a", "con": "b", "": "c", "face/book": "d", "twitter": "e \ud83d"}
    pack = write_post_pack(tmp_path, texts, {}, _confirmation(1, texts=texts))
    names = sorted(p.name for p in pack.iterdir())
    expected = ["checks.json", "con_.txt", "evil.txt", "face_book.txt", "post.txt", "twitter.txt"]
    assert names == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == [pack.name]
    assert (pack / "twitter.txt").read_text(encoding="utf-8") == "e \ufffd"
    checks = json.loads((pack / "checks.json").read_text(encoding="utf-8"))
    assert checks["texts"]["twitter"]["replaced_invalid_characters"] == 1
    assert checks["confirmation"]["texts"]["twitter"] == "e \ud83d"  # exact in checks.json


def test_storage_imports_no_qt():
    code = (
        "import sys, rwt_desktop.storage; "
        "bad = [m for m in sys.modules if m.startswith(('PySide', 'PyQt', 'shiboken'))]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    import subprocess

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_sqlite_connection_left_open_after_close(db_path):
    store = DraftStore(db_path)
    store.save("x", ["twitter"])
    conn = store._db.conn()
    store.close()
    with pytest.raises(sqlite3.ProgrammingError):
        conn.execute("SELECT 1")
