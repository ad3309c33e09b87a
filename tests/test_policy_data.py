"""The policy data: what ships, and what happens when someone's own copy is wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

from rwt_desktop.core.checker import Checker
from rwt_desktop.core.policy import (
    PolicyError,
    builtin_policy,
    load_policy,
    load_policy_or_builtin,
)
from rwt_desktop.resources_path import resource, resource_path


def test_builtin_policy_has_the_official_accounts():
    policy = builtin_policy()
    handles = {ch.id: ch.handle for ch in policy.channels}
    assert handles["twitter"] == "@RAWTogether"
    assert handles["facebook"] == "@Rudheathandwitton"
    assert handles["instagram"] == "@Rudheathandwitton"
    assert handles["youtube"] == "RudheathWitton"
    assert "linkedin" in handles
    assert {a.name for a in policy.admins} == {"Heidi Bibby", "Lesley Moore", "Zoe Cadman"}
    assert {"Rudheath", "Witton", "RWT", "Northwich"} <= set(policy.local_words)
    assert policy.allowed_domains


def test_resources_found_through_one_helper():
    assert resource("policy.toml").is_file()
    assert resource("rules").is_dir()
    assert resource_path("policy.txt").read_text(encoding="utf-8").strip().startswith("Social")


def test_a_users_own_copy_is_used(user_copy: Path):
    settings = user_copy / "policy.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        'short_name = "RWT"', 'short_name = "Us"'), encoding="utf-8")
    policy, problem = load_policy_or_builtin(user_copy)
    assert problem is None
    assert policy.short_name == "Us"
    assert policy.source == str(user_copy)


def test_a_users_rule_changes_what_is_flagged(user_copy: Path):
    (user_copy / "rules" / "extra.toml").write_text(
        '[[rule]]\nid = "extra.word"\ncategory = "purpose"\nseverity = "warn"\n'
        'clause = "Make sure that any message has a purpose"\nmessage = "No {match}."\n'
        'phrases = ["blue cheese"]\nmust_flag = ["I love blue cheese"]\n'
        'must_pass = ["I love cheese"]\n', encoding="utf-8")
    report = Checker(load_policy(user_copy)).check("Blue  Cheese for all")
    assert [(f.rule, f.text, f.message) for f in report.findings
            if f.rule == "extra.word"] == [("extra.word", "Blue  Cheese", "No Blue  Cheese.")]


def _broken(user_copy: Path, filename: str, old: str, new: str) -> PolicyError:
    path = user_copy / filename
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    policy, problem = load_policy_or_builtin(user_copy)
    assert policy is builtin_policy(), "the built-in policy is used meanwhile"
    assert problem is not None
    return problem


def _line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(needle)


def test_invalid_toml_names_file_and_line(user_copy: Path):
    problem = _broken(user_copy, "policy.toml", 'name = "Facebook"', 'name = "Facebook')
    assert problem.file.endswith("policy.toml")
    assert problem.line == _line_of(user_copy / "policy.toml", 'name = "Facebook')
    assert "not valid TOML" in problem.problem


def test_unknown_severity_names_the_rule_line(user_copy: Path):
    problem = _broken(user_copy, "rules/confidential.toml", 'severity = "warn"',
                      'severity = "loud"')
    assert problem.file.endswith("confidential.toml")
    assert problem.line is not None
    assert "severity must be one of block, warn, info" in problem.problem


def test_unknown_category_is_refused(user_copy: Path):
    problem = _broken(user_copy, "rules/confidential.toml", 'category = "confidential"',
                      'category = "secrets"')
    assert "category" in problem.problem and "secrets" in problem.problem


def test_bad_regex_is_refused_with_the_pattern(user_copy: Path):
    problem = _broken(user_copy, "rules/confidential.toml", "patterns = ['",
                      "patterns = ['(unclosed', '")
    assert "(unclosed" in problem.problem and "regular expression" in problem.problem


def test_misspelt_setting_is_refused(user_copy: Path):
    problem = _broken(user_copy, "rules/confidential.toml", "must_pass =", "must_pas =")
    assert "must_pas" in problem.problem


def test_not_utf8_is_refused(user_copy: Path):
    (user_copy / "rules" / "confidential.toml").write_bytes(b'# caf\xe9\n[[rule]]\n')
    _, problem = load_policy_or_builtin(user_copy)
    assert problem is not None and "UTF-8" in problem.problem and problem.line == 1


def test_missing_folder(tmp_path: Path):
    policy, problem = load_policy_or_builtin(tmp_path / "nowhere")
    assert policy is builtin_policy()
    assert problem is not None and "no such folder" in problem.problem


def test_duplicate_rule_ids_are_refused(user_copy: Path):
    shutil.copy(user_copy / "rules" / "confidential.toml", user_copy / "rules" / "zz-copy.toml")
    _, problem = load_policy_or_builtin(user_copy)
    assert problem is not None and "already used" in problem.problem


def test_every_shipped_pattern_compiles():
    """The built-in policy skips compiling its patterns at start-up; this is where a mistake
    in one would show."""
    import re

    from rwt_desktop.core.rules import FLAGS

    for rule in builtin_policy().rules:
        for key in ("patterns", "requires", "unless"):
            for pattern in getattr(rule, key):
                re.compile(pattern, FLAGS)



def test_a_bad_pattern_is_refused_every_time_it_is_loaded(user_copy: Path):
    """Whether a pattern compiles is remembered between loads (policy_reader.regex_problem);
    a bad one still fails every load, with the same message."""
    from rwt_desktop.core.policy_reader import regex_problem

    rules = user_copy / "rules" / "confidential.toml"
    rules.write_text(rules.read_text(encoding="utf-8").replace(
        "patterns = ['", "patterns = ['(unclosed', '", 1), encoding="utf-8")
    problems = [load_policy_or_builtin(user_copy)[1] for _ in range(2)]
    assert problems[0] is not None and problems[1] is not None
    assert str(problems[0]) == str(problems[1])
    assert "(unclosed" in problems[0].problem and "regular expression" in problems[0].problem
    assert regex_problem("(unclosed") is not None and regex_problem(r"\bfine\b") is None
