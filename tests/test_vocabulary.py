"""Named word lists, proximity rules and the limits on written patterns."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from rwt_desktop.core.checker import Checker
from rwt_desktop.core.policy import PolicyError, _load_from, builtin_policy, load_policy
from rwt_desktop.core.vocabulary import Vocabulary, pattern_problem
from rwt_desktop.resources_path import resource, resource_path

LISTS = '''[lists]
groups = ["immigrants", "disabled people", "{faiths}"]
faiths = ["Muslims", "Hindu*"]
contempt = ["make me sick", "vermin"]
'''

RULE = '''[[rule]]
id = "extra.near"
category = "discrimination"
severity = "warn"
clause = "Be discriminatory"
message = "Not {match}."
near = [["{groups}", "{contempt}"]]
within = 4
must_flag = ["Hindus honestly make me sick"]
must_pass = ["Hindus welcome"]
'''


def _policy(tmp_path: Path, rules: str, lists: str = LISTS) -> Path:
    n = len(list(tmp_path.glob("policy*")))
    folder = tmp_path / f"policy{n}"
    (folder / "rules").mkdir(parents=True)
    shutil.copy(resource_path("policy.toml"), folder / "policy.toml")
    (folder / "rules" / "_lists.toml").write_text(lists, encoding="utf-8")
    (folder / "rules" / "extra.toml").write_text(rules, encoding="utf-8")
    return folder


def _found(folder: Path, text: str) -> list[str]:
    return [f.text for f in Checker(load_policy(folder)).check(text).findings
            if f.rule == "extra.near"]


@pytest.mark.parametrize(("text", "found"), [
    ("Hindus honestly make me sick.", ["Hindus honestly make me sick"]),
    ("Muslims are, frankly, vermin", ["Muslims are, frankly, vermin"]),
    ("DISABLED  PEOPLE are vermin", ["DISABLED  PEOPLE are vermin"]),
    ("Immigrants. They are vermin", []),  # not in one sentence
    ("Immigrants are all just absolutely total complete vermin", []),  # 6 words apart
    ("Vermin in the loft, say immigrants", []),  # the wrong way round
    ("Hinduism classes make me sick with envy", ["Hinduism classes make me sick"]),
    ("Muslimsvermin", []),  # whole words only
])
def test_proximity_rule(tmp_path, text, found):
    assert _found(_policy(tmp_path, RULE), text) == found


def test_a_list_can_be_used_in_phrases_and_patterns(tmp_path):
    rule = RULE.replace('near = [["{groups}", "{contempt}"]]\nwithin = 4\n',
                        'phrases = ["no {groups}"]\npatterns = [\'\\bban\\s+{faiths}\']\n')
    folder = _policy(tmp_path, rule)
    assert _found(folder, "No disabled people, and ban Hindus.") == ["No disabled people",
                                                                    "ban Hindus"]


def _error(tmp_path: Path, rules: str, lists: str = LISTS) -> PolicyError:
    with pytest.raises(PolicyError) as caught:
        load_policy(_policy(tmp_path, rules, lists))
    return caught.value


def _line(text: str, needle: str) -> int:
    return next(i for i, ln in enumerate(text.splitlines(), 1) if needle in ln)


def test_an_unknown_list_is_refused_with_file_and_line(tmp_path):
    rules = RULE.replace('"{contempt}"', '"{contemptt}"')
    err = _error(tmp_path, rules)
    assert err.file.endswith("extra.toml") and err.line == _line(rules, "{contemptt}")
    assert "contemptt" in err.problem


def test_an_empty_list_is_refused(tmp_path):
    lists = LISTS.replace('contempt = ["make me sick", "vermin"]', 'contempt = []')
    err = _error(tmp_path, RULE, lists)
    assert err.file.endswith("_lists.toml") and err.line == _line(lists, "contempt =")
    assert "empty" in err.problem


def test_a_list_naming_an_unknown_list_or_itself_is_refused(tmp_path):
    err = _error(tmp_path, RULE, LISTS.replace('"{faiths}"', '"{faith}"'))
    assert "faith" in err.problem and err.line == 2
    err = _error(tmp_path, RULE, LISTS.replace('"Hindu*"', '"{groups}"'))
    assert "itself" in err.problem


@pytest.mark.parametrize("within", ["0", "31", '"eight"', "2.5"])
def test_a_bad_within_is_refused(tmp_path, within):
    rules = RULE.replace("within = 4", f"within = {within}")
    err = _error(tmp_path, rules)
    assert err.line == _line(rules, "within =") and "within" in err.problem


def test_near_needs_pairs_and_within(tmp_path):
    assert "within" in _error(tmp_path, RULE.replace("within = 4\n", "")).problem
    assert "near" in _error(tmp_path, RULE.replace('"{groups}", ', "")).problem


@pytest.mark.parametrize(("pattern", "why"), [
    ("x" * 201, "201 characters"),
    (r"(a+)+b", "quantifier inside"),
    (r"(?:(?:very|so)\s+)*rude", "quantifier inside"),
    (r"(a|a)*b", "alternatives"),
    (r"(?:ab|a)*c", "alternatives"),
    (r"a{5000}", "repeat count"),
    (r"\b(?:{faiths}\s+)*x", "quantifier inside"),
])
def test_patterns_over_the_limits_are_refused_unless_marked_expert(tmp_path, pattern, why):
    written = pattern.replace("\\", "\\\\")
    rules = RULE.replace('near = [["{groups}", "{contempt}"]]\nwithin = 4\n',
                         f'patterns = ["{written}"]\nunless = ["zzz"]\n')
    err = _error(tmp_path, rules)
    assert why in err.problem and err.line == _line(rules, "patterns =")
    assert err.file.endswith("extra.toml")
    for key in ("requires", "unless"):
        ctx = RULE.replace("within = 4\n", f'within = 4\n{key} = ["{written}"]\n')
        assert why in _error(tmp_path, ctx).problem
    expert = rules.replace("patterns =", "expert_patterns =")
    load_policy(_policy(tmp_path / "ok", expert))


@pytest.mark.parametrize("pattern", [r"\b(?:\w+\s+){0,3}x", r"[^.!?\n]{0,60}?\bwho",
                                     r"\b(?:cat|dog)s?\b", r"\b{groups}\s+are\b"])
def test_ordinary_patterns_pass_the_limits(pattern):
    assert pattern_problem(pattern) is None


def test_the_shipped_rules_keep_to_the_limits():
    """The built-in policy skips the checks at start-up for speed; this makes them."""
    policy = _load_from(resource(), "resources", check_regexes=True)
    assert policy.lists and len(policy.rules) == len(builtin_policy().rules)


def test_every_shipped_list_is_used_and_every_entry_is_a_phrase():
    import tomllib

    policy = builtin_policy()
    used = set()
    for path in sorted(resource_path("rules").glob("*.toml")):
        used |= set(re.findall(r"\{([a-z_][a-z0-9_]*)\}", path.read_text(encoding="utf-8")))
        tomllib.loads(path.read_text(encoding="utf-8"))
    assert set(policy.lists) <= used, set(policy.lists) - used
    vocabulary = Vocabulary(policy.lists)
    for name in policy.lists:
        re.compile(vocabulary.regex(name))


def test_a_huge_repeat_count_is_refused_even_for_experts(tmp_path):
    rules = RULE.replace('near = [["{groups}", "{contempt}"]]\nwithin = 4\n',
                         'expert_patterns = ["a{4294967295}"]\n')
    assert "not a valid regular expression" in _error(tmp_path, rules).problem


@pytest.mark.parametrize(("text", "plain"), [
    ("they are p4r4s1tes", "they are parasites"),
    ("what an @$$", "what an ass"),
    ("$cum", "scum"),
    ("k i l l all", "kill    all"),
    ("meet at 10am on the m56 in cw9 7ab, @rwt2024 #live4ever", None),
    ("hello! 12:30 £5 a1", None),
])
def test_undisguise_keeps_length_and_leaves_ordinary_words(text, plain):
    from rwt_desktop.core.text import undisguise

    out, _ = undisguise(text)
    assert len(out) == len(text)
    assert out == (plain if plain is not None else text)


@pytest.mark.parametrize(("text", "rule", "found"), [
    ("Refugees are v3rm1n.", "discrimination.dehumanising", "Refugees are v3rm1n"),
    ("Refugees are v e r m i n!", "discrimination.dehumanising", "Refugees are v e r m i n"),
    ("Refugees are vremin.", "discrimination.dehumanising", "Refugees are vremin"),
])
def test_every_rule_reads_disguised_spellings_with_the_right_span(text, rule, found):
    from rwt_desktop.core.checker import default_checker

    hits = [f.text for f in default_checker().check(text).findings if f.rule == rule]
    assert hits == [found]


@pytest.mark.slow  # a sweep: every search on every example
def test_the_prefilter_never_hides_a_disguised_match():
    """Every pattern of every phrase rule, on disguised forms of the policy's examples:
    whenever it matches the undisguised view, the prefilter lets it run."""
    from rwt_desktop.core.checker import default_checker
    from rwt_desktop.core.rules import Context, PhraseDetector

    checker = default_checker()
    searches = [s for r in checker.rules if isinstance(r.detector, PhraseDetector)
                for s in r.detector.searches if s.triggers is not None]
    leet = str.maketrans({"e": "3", "i": "1", "o": "0", "a": "4"})
    texts = [t.translate(leet) for r in builtin_policy().rules for t in r.must_flag]
    checked = 0
    for text in texts:
        ctx = Context(text, checker.policy)
        ctx.trigger_universe = checker._trigger_universe
        ctx.trigger_finder = checker._trigger_finder
        if ctx.plain is None:
            continue
        for search in searches:
            if search.regex.search(ctx.plain):
                checked += 1
                assert ctx.any_present(search.triggers), (search.pattern, text)
    assert checked > 50


def test_the_prefilter_lets_every_proximity_rule_see_its_examples():
    """The proximity rules' patterns are ordinary patterns to the engine: on each of their
    own must-flag examples, some pattern matches and its trigger literals are present."""
    from rwt_desktop.core.checker import default_checker
    from rwt_desktop.core.rules import Context

    checker = default_checker()
    near_rules = [r for r in checker.rules
                  if any("{0," in s.pattern and "++" in s.pattern
                         for s in getattr(r.detector, "searches", ()))]
    assert len(near_rules) >= 8
    for rule in near_rules:
        for text in rule.spec.must_flag:
            ctx = Context(text, checker.policy)
            ctx.trigger_universe = checker._trigger_universe
            ctx.trigger_finder = checker._trigger_finder
            matching = [s for s in rule.detector.searches
                        if s.regex.search(ctx.lower if s.on_lower else ctx.norm)
                        or (ctx.plain is not None and s.regex.search(ctx.plain))]
            assert matching, (rule.spec.id, text)
            assert all(s.triggers is None or ctx.any_present(s.triggers) for s in matching)
            assert all(ctx.any_present(t) for s in matching for t in s.all_of)
    assert any(s.all_of for r in near_rules for s in r.detector.searches)


def test_every_term_of_a_proximity_match_has_its_words_present():
    """The per-term prefilter is sound: on every example of every rule (and disguised
    copies), a proximity pattern that matches has each term's literals present."""
    from rwt_desktop.core.checker import default_checker
    from rwt_desktop.core.rules import Context

    checker = default_checker()
    searches = [s for r in checker.rules for s in getattr(r.detector, "searches", ())
                if s.all_of]
    leet = str.maketrans({"e": "3", "i": "1", "o": "0"})
    texts = [t for r in builtin_policy().rules for t in (*r.must_flag, *r.must_pass)]
    texts += [t.translate(leet) for t in texts]
    checked = 0
    for text in texts:
        ctx = Context(text, checker.policy)
        ctx.trigger_universe = checker._trigger_universe
        ctx.trigger_finder = checker._trigger_finder
        for s in searches:
            views = [ctx.lower if s.on_lower else ctx.norm] + ([ctx.plain] if ctx.plain else [])
            if any(s.regex.search(v) for v in views):
                checked += 1
                assert all(ctx.any_present(t) for t in s.all_of), (s.pattern[:80], text)
    assert checked > 20
