"""The policy compiled once per version (issue 14, item 5): read back it is the same policy
and the same analysis; a damaged, foreign, oversized or hostile file is ignored and rebuilt;
nothing is written by building a checker; the folder holds a few versions at most."""

from __future__ import annotations

import io
import os
import pickle
import re
import shutil

import pytest

from rwt_desktop.core import policy_cache
from rwt_desktop.core.checker import Checker
from rwt_desktop.core.cli import main
from rwt_desktop.core.policy import builtin_policy
from rwt_desktop.core.policy_cache import FORMAT, KEEP_FILES, PolicyCache
from rwt_desktop.core.rules.pattern_analysis import analyse
from rwt_desktop.resources_path import resource_path


def _compiled_and_saved(folder):
    cache = PolicyCache(folder)
    compiled = cache.load()
    Checker(compiled.policy, analysis=compiled.analysis)
    assert cache.save(compiled)
    return cache, compiled


def _files(folder):
    return sorted(folder.glob("policy-*.pickle"))


def test_a_compiled_policy_read_back_is_what_its_files_give(tmp_path):
    _, first = _compiled_and_saved(tmp_path)
    again = PolicyCache(tmp_path).load()
    assert again.from_cache and again.key == first.key
    assert again.policy == builtin_policy()
    known, _ = again.analysis.stored()
    assert len(known) == len(first.analysis) > 100
    for pattern in known:
        assert again.analysis.get(pattern) == analyse(pattern), pattern
    assert again.analysis.new == 0  # read back, not worked out


def _engine_patterns():
    from rwt_desktop.core.rules.phrases import phrases_regex

    for rule in builtin_policy().rules:
        yield from rule.patterns
        if rule.phrases:
            yield phrases_regex(rule.phrases)
        for joined in (rule.requires, rule.unless):
            if joined:
                yield "|".join(f"(?:{p})" for p in joined)


def test_kept_regex_code_gives_what_re_compile_gives(tmp_path):
    cache = PolicyCache(tmp_path)
    compiled = cache.load()
    texts = [t for rule in builtin_policy().rules for t in (*rule.must_flag, *rule.must_pass)]
    patterns = sorted(set(_engine_patterns()))
    for pattern in patterns:
        for flags in (re.UNICODE, re.IGNORECASE | re.UNICODE):
            compiled.analysis.regex(pattern, flags)
    assert cache.save(compiled)
    again = PolicyCache(tmp_path).load().analysis
    for pattern in patterns:
        for flags in (re.UNICODE, re.IGNORECASE | re.UNICODE):
            ours, theirs = again.regex(pattern, flags), re.compile(pattern, flags)
            assert (ours.pattern, ours.flags, ours.groups, ours.groupindex) == (
                theirs.pattern, theirs.flags, theirs.groups, theirs.groupindex)
            for text in texts[::50]:
                assert ([m.span() for m in ours.finditer(text)]
                        == [m.span() for m in theirs.finditer(text)]), (pattern, text)
    assert again.new == 0  # every one from kept code


def test_damaged_regex_code_is_refused_and_compiled_afresh():
    from rwt_desktop.core.rules.pattern_analysis import PatternAnalysis, regex_code

    pattern, flags = r"\b(?:off the record|in confidence)\b", int(re.IGNORECASE | re.UNICODE)
    good = regex_code(pattern, flags)
    assert good is not None
    broken = (good[0], bytes(len(good[1])), *good[2:])  # all zeros: not valid code
    for code in (broken, (good[0], b"\xff" * 7, *good[2:]), ("nonsense",)):
        analysis = PatternAnalysis(codes={(pattern, flags): code})  # type: ignore[dict-item]
        rx = analysis.regex(pattern, flags)
        assert rx.search("This is OFF THE RECORD, mind").span() == (8, 22)
        assert analysis.new == 1


def test_a_checker_from_the_cache_finds_what_a_fresh_one_finds(tmp_path):
    _compiled_and_saved(tmp_path)
    again = PolicyCache(tmp_path).load()
    assert again.from_cache
    cached, fresh = Checker(again.policy, analysis=again.analysis), Checker(builtin_policy())
    texts = [spec.must_flag[0] for spec in builtin_policy().rules if spec.must_flag]
    texts += [spec.must_pass[0] for spec in builtin_policy().rules if spec.must_pass]
    for text in texts:
        assert cached.check(text).findings == fresh.check(text).findings, text


def test_loading_and_building_a_checker_write_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("RWT_CACHE_DIR", str(tmp_path / "user-cache"))
    compiled = PolicyCache(tmp_path).load()
    Checker(compiled.policy, analysis=compiled.analysis)
    Checker()
    assert list(tmp_path.iterdir()) == []


def _write_pickle(path, data) -> None:
    path.write_bytes(pickle.dumps(data))


class _Boom:
    """Pickled, it asks the reader to delete a file; the cache must never do that."""

    def __init__(self, victim) -> None:
        self.victim = str(victim)

    def __reduce__(self):
        return (os.remove, (self.victim,))


@pytest.mark.parametrize("damage", ["garbage", "empty", "truncated", "other key",
                                    "other format", "not a policy", "hostile"])
def test_a_damaged_or_foreign_cache_file_is_ignored_and_rebuilt(tmp_path, damage):
    folder = tmp_path / "cache"
    cache, compiled = _compiled_and_saved(folder)
    path = cache.path(compiled.key)
    good = path.read_bytes()
    victim = tmp_path / "keep-me.txt"
    victim.write_text("still here", encoding="utf-8")
    if damage == "garbage":
        path.write_bytes(b"\x80\x05not a pickle at all" * 10)
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif damage == "other key":
        data = pickle.load(io.BytesIO(good))
        _write_pickle(path, {**data, "key": "0" * 32})
    elif damage == "other format":
        data = pickle.load(io.BytesIO(good))
        _write_pickle(path, {**data, "format": FORMAT + 1})
    elif damage == "not a policy":
        _write_pickle(path, {"format": FORMAT, "key": compiled.key, "policy": "hello",
                             "analysis": {}})
    else:
        _write_pickle(path, {"format": FORMAT, "key": compiled.key, "policy": _Boom(victim),
                             "analysis": {}})
    again = PolicyCache(folder).load()
    assert not again.from_cache
    assert again.policy == builtin_policy()
    assert victim.read_text(encoding="utf-8") == "still here"
    Checker(again.policy, analysis=again.analysis)
    assert PolicyCache(folder).save(again)  # rebuilt over the bad file
    assert PolicyCache(folder).load().from_cache


def test_a_cache_from_another_program_version_is_not_used(tmp_path):
    other = PolicyCache(tmp_path)
    other._code = b"another version of the program"
    compiled = other.load()
    Checker(compiled.policy, analysis=compiled.analysis)
    assert other.save(compiled)
    ours = PolicyCache(tmp_path).load()
    assert not ours.from_cache and ours.key != compiled.key


def test_an_edited_policy_is_a_new_version(tmp_path):
    folder = tmp_path / "policy"
    shutil.copytree(resource_path(), folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    cache = PolicyCache(tmp_path / "cache")
    first = cache.load(folder)
    assert first.problem is None
    Checker(first.policy, analysis=first.analysis)
    assert cache.save(first)
    assert cache.load(folder).from_cache
    rules = sorted((folder / "rules").glob("*.toml"))[0]
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    edited = cache.load(folder)
    assert not edited.from_cache
    assert edited.key != first.key and edited.policy.version != first.policy.version


def test_a_broken_policy_gives_the_builtin_one_and_is_not_kept(tmp_path):
    folder = tmp_path / "policy"
    folder.mkdir()
    (folder / "policy.toml").write_text("this is = = not toml", encoding="utf-8")
    cache = PolicyCache(tmp_path / "cache")
    compiled = cache.load(folder)
    assert compiled.problem is not None and "policy.toml" in str(compiled.problem)
    assert compiled.policy == builtin_policy()
    assert not cache.save(compiled)
    assert not (tmp_path / "cache").exists()


def test_no_folder_or_an_unwritable_one_only_costs_time(tmp_path):
    compiled = PolicyCache(None).load()
    assert compiled.policy == builtin_policy() and not PolicyCache(None).save(compiled)
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    cache = PolicyCache(blocker / "cache")
    compiled = cache.load()
    assert not cache.save(compiled)  # cannot make a folder under a file: quietly skipped


def test_an_oversized_cache_file_is_not_read(tmp_path, monkeypatch):
    _compiled_and_saved(tmp_path)
    monkeypatch.setattr(policy_cache, "MAX_FILE_BYTES", 10)
    assert not PolicyCache(tmp_path).load().from_cache


def test_the_folder_keeps_the_newest_versions_only(tmp_path):
    for n in range(KEEP_FILES + 3):
        old = tmp_path / f"policy-old{n}.pickle"
        old.write_bytes(b"old")
        os.utime(old, (1_000_000 + n, 1_000_000 + n))
    cache, compiled = _compiled_and_saved(tmp_path)
    kept = _files(tmp_path)
    assert len(kept) == KEEP_FILES
    assert cache.path(compiled.key) in kept


def test_rwt_check_compiles_the_policy_once_into_the_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("RWT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("RWT_POLICY_DIR", raising=False)
    outputs = []
    for _ in range(2):
        out, err = io.StringIO(), io.StringIO()
        code = main(["--format", "json", "-"], stdin=io.BytesIO(b"Call Dave on 07700 900321"),
                     stdout=out, stderr=err)
        outputs.append((code, out.getvalue(), err.getvalue()))
        assert len(_files(tmp_path)) == 1
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == 1 and "07700 900321" in outputs[0][1]


# ------------------------------------------------------------ prepared data (VADER's words)


def test_vaders_lexicon_is_kept_with_the_policy_and_read_back(tmp_path):
    from rwt_desktop.core.tone.analyser import ToneAnalyser

    cache = PolicyCache(tmp_path)
    first = cache.load()
    # Built here: the checker shares one analyser per policy object with earlier tests.
    ToneAnalyser(analysis=first.analysis)
    assert cache.save(first)
    assert any(key.startswith("tone.vader") for key in first.analysis.stored_prepared())
    assert any(key.startswith("tone.words") for key in first.analysis.stored_prepared())
    again = PolicyCache(tmp_path).load()
    assert again.from_cache
    read_back, fresh = ToneAnalyser(analysis=again.analysis), ToneAnalyser()
    assert again.analysis.new == 0  # nothing worked out again
    assert read_back._lexicon == fresh._lexicon and len(fresh._lexicon) > 7000
    assert list(read_back._lexicon) == list(fresh._lexicon)  # in the same order
    assert read_back._emojis == fresh._emojis
    assert read_back.words == fresh.words  # the tone words file, read back too
    assert list(read_back.words.idioms) == list(fresh.words.idioms)
    for text in ["What a lovely cosy afternoon, thank you all 🎉",
                 "Honestly the council are a bunch of idiots 😡", "Sad news, I'm afraid 😭"]:
        assert read_back.analyse(text) == fresh.analyse(text), text


def test_read_back_prepared_data_is_not_changed_by_its_users(tmp_path):
    from rwt_desktop.core.tone.analyser import ToneAnalyser

    cache = PolicyCache(tmp_path)
    first = cache.load()
    ToneAnalyser(analysis=first.analysis)
    assert cache.save(first)
    again = PolicyCache(tmp_path).load()
    before = again.analysis.stored_prepared()
    sizes = {k: len(v["lexicon"]) for k, v in before.items() if k.startswith("tone.vader")}
    assert sizes  # (the analyser was built with this cache)
    ToneAnalyser(analysis=again.analysis)._lexicon["zzz-added"] = 1.0
    after = again.analysis.stored_prepared()
    assert {k: len(after[k]["lexicon"]) for k in sizes} == sizes


def test_prepared_data_that_fails_its_check_is_made_afresh():
    from rwt_desktop.core.rules.pattern_analysis import PatternAnalysis

    made = []

    def make():
        made.append(1)
        return {"words": ["a", "b"]}

    def valid(data):
        return all(isinstance(w, str) for w in data["words"])

    damaged = PatternAnalysis(prepared={"k": {"words": [1, 2]}, "broken": "not a dict"})
    assert damaged.prepared("k", make, valid) == {"words": ["a", "b"]} and made == [1]
    assert damaged.prepared("broken", make, valid) == {"words": ["a", "b"]} and made == [1, 1]
    assert damaged.new == 2  # worth saving again
    good = PatternAnalysis(prepared={"k": {"words": ["x"]}})
    assert good.prepared("k", make, valid) == {"words": ["x"]} and made == [1, 1]
    assert good.new == 0


def test_a_file_stamp_changes_with_the_file(tmp_path):
    from rwt_desktop.core.rules.pattern_analysis import file_stamp

    path = tmp_path / "words.txt"
    missing = file_stamp(str(path))
    path.write_text("one", encoding="utf-8")
    first = file_stamp(str(path))
    path.write_text("one two", encoding="utf-8")
    assert len({missing, first, file_stamp(str(path))}) == 3
    assert "missing" in missing


def test_a_start_from_the_cache_reads_no_toml_and_loads_no_pictures(tmp_path):
    """What rwt-check needs only when it compiles a policy (the TOML reader, the word list
    expander) or checks pictures (Pillow) is not imported once the policy is in the cache."""
    import subprocess
    import sys

    post = tmp_path / "post.txt"
    post.write_text("Ring Dave on 07700 900321 about the raffle, cheers", encoding="utf-8")
    script = ("import sys\n"
              "from rwt_desktop.core.cli import main\n"
              f"code = main([{str(post)!r}])\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('tomllib', 'PIL', "
              "'PySide6', 'importlib') and m not in ('importlib', 'importlib.machinery', "
              "'importlib.util', 'importlib._abc', 'importlib._bootstrap', "
              "'importlib._bootstrap_external') or m in ('rwt_desktop.core.policy_reader', "
              "'rwt_desktop.core.vocabulary')))\n")
    env = {**os.environ, "RWT_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           env=env, timeout=300, check=True).stdout.splitlines()[-1]
            for _ in range(2)]
    assert "rwt_desktop.core.policy_reader" in runs[0]  # the first start compiles it
    assert runs[1] == "[]"


def test_the_swearing_lists_are_kept_with_the_policy_and_read_back(tmp_path):
    from rwt_desktop.core.rules.offensive import SwearingDetector
    from rwt_desktop.core.rules.pattern_analysis import PatternAnalysis

    policy = builtin_policy()
    specs = [s for s in policy.rules if s.detector == "swearing"]
    assert len(specs) >= 2
    _, first = _compiled_and_saved(tmp_path)
    again = PolicyCache(tmp_path).load()
    for spec in specs:
        read_back = SwearingDetector(spec, again.policy, again.analysis)
        fresh = SwearingDetector(spec, policy)
        assert read_back.forms == fresh.forms and len(fresh.forms) > 10
        assert list(read_back.forms) == list(fresh.forms)
        assert read_back.by_shape == fresh.by_shape
        assert read_back.plain_forms == fresh.plain_forms
    assert again.analysis.new == 0
    # Damaged entries (a run count that does not fit its word, a wrong shape) are made afresh.
    for key, kept in first.analysis.stored_prepared().items():
        if key.startswith("swearing"):
            spec = next(s for s in specs if key.split("\0")[1] == s.id)
            bad_count = [(k, [(t, b, g, (*c, 1), i) for t, b, g, c, i in bucket])
                         for k, bucket in kept]
            for bad in (bad_count, [("x",)], "not a list"):
                damaged = PatternAnalysis(prepared={key: bad})
                assert (SwearingDetector(spec, policy, damaged).forms
                        == SwearingDetector(spec, policy).forms)
                assert damaged.new > 0
