"""Harper, the built-in offline engine: the real harper-py, British English."""

from __future__ import annotations

import re
import threading
import time

import pytest

from rwt_desktop.core.findings import Report, Severity
from rwt_desktop.core.grammar import (
    CLAUSE,
    EngineStatus,
    GrammarRunner,
    create_engine,
    engine_from_settings,
    merge_findings,
    word_to_add,
)
from rwt_desktop.core.grammar.base import (
    GrammarConfigError,
    default_config,
    parse_grammar_config,
)
from rwt_desktop.core.grammar.harper_engine import HarperEngine
from rwt_desktop.core.policy import builtin_policy
from rwt_desktop.resources_path import read_text

pytest.importorskip("harper")

LOCAL = builtin_policy().local_words


@pytest.fixture(scope="module")
def engine() -> HarperEngine:
    e = HarperEngine(LOCAL)
    e.wait_until_started()
    yield e
    e.close()


def flagged(engine: HarperEngine, text: str) -> list[str]:
    return [f.text for f in engine.check(text).findings]


def _norm(s: str) -> str:
    s = s.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", s).strip().lower()


def test_starts_in_the_background_and_becomes_ready() -> None:
    gate = threading.Event()  # holds the start (building the dictionary) until released

    class HeldAtStart(HarperEngine):
        def _start(self) -> None:
            gate.wait(30)
            super()._start()

    e = HeldAtStart()
    assert e.state.status is EngineStatus.STARTING
    try:
        e.start()  # returned although the start cannot finish: it is not on our thread
        assert e.state.status is EngineStatus.STARTING
        assert not e.wait_until_started(0)
    finally:
        gate.set()
    assert e.wait_until_started(30)
    assert e.state.status is EngineStatus.READY
    assert "Harper, ready" in e.state.describe()


def test_a_misspelling_is_a_spelling_finding(engine: HarperEngine) -> None:
    text = "See you all at the hall tomorow for tea and cake."
    result = engine.check(text)
    assert result.checked and result.state.status is EngineStatus.READY
    [f] = result.findings
    assert (f.text, f.category, f.rule) == ("tomorow", "spelling", "grammar.harper.Spelling")
    assert text[f.start:f.end] == f.text
    assert f.severity is Severity.INFO
    assert "tomorrow" in f.suggestions and len(f.suggestions) <= 5
    assert f.clause == CLAUSE
    assert "tomorow" in f.message and "`" not in f.message


def test_grammar_findings_have_the_lint_kind_in_the_rule_id(engine: HarperEngine) -> None:
    text = "I has a apple for the raffle."
    findings = engine.check(text).findings
    assert {f.category for f in findings} == {"grammar"}
    assert {f.rule for f in findings} >= {"grammar.harper.Agreement",
                                          "grammar.harper.Miscellaneous"}
    assert all(text[f.start:f.end] == f.text for f in findings)
    assert any("an" in f.suggestions for f in findings)


def test_the_clause_is_quoted_verbatim_from_the_policy() -> None:
    assert _norm(default_config().clause) in _norm(read_text("policy.txt"))
    assert default_config().clause == CLAUSE


def test_local_words_from_the_policy_are_not_misspellings(engine: HarperEngine) -> None:
    text = ("Thanks to everyone in Rudheath and Witton, and to Rudheath's volunteers at "
            "Kingsmead and Shurlach, for a lovely day in Northwich.")
    assert flagged(engine, text) == []
    # Without the policy's words, those a slip away from a dictionary word are flagged
    # (a capitalised word with no near miss is taken for a name either way).
    bare = HarperEngine()
    assert "Northwich" in flagged(bare, text)  # one letter from "Norwich"


def test_add_to_dictionary_takes_effect(engine: HarperEngine) -> None:
    # "Jemma" is a slip away from "Emma", so Harper calls it misspelt until it is added.
    text = "A big thank you to Siobhan and Jemma for the cakes."
    before = flagged(engine, text)
    assert "Jemma" in before
    engine.set_words([*LOCAL, "Jemma", "Siobhan"])
    try:
        assert flagged(engine, text) == []
        assert flagged(engine, "Jemma's cakes were great.") == []
    finally:
        engine.set_words(LOCAL)
    assert "Jemma" in flagged(engine, text)


def test_word_to_add_is_offered_for_spelling_only(engine: HarperEngine) -> None:
    [f] = engine.check("Ask Jemma's team.").findings
    assert word_to_add(f) == "Jemma"
    [g] = engine.check("I has the keys.").findings
    assert g.category == "grammar" and word_to_add(g) is None


@pytest.mark.parametrize("text", [
    "Tickets at https://www.eventbrite.co.uk/e/rwtgala-1234 and tinyurl.com/rwtgala",
    "Follow @RAWTogether and use #rwtgala #northwichfoodbank",
    "Drop-off point: CW9 7AB, 10am-12pm, £2.50 entry, call 01606 123456",
    "Email info@rudheathandwittontogether.org.uk to book",
    "Our AGM is in the hall; UHT milk and PCSO surgery too",
    "What the f*** happened to the bins",
])
def test_links_handles_numbers_and_acronyms_are_not_checked(engine: HarperEngine,
                                                           text: str) -> None:
    assert flagged(engine, text) == []


@pytest.mark.parametrize("text", [
    "Come and try chair yoga on Fridays.",
    "Use the footpath along the canal.",
    "Find out more at the library.",
    "Tea, cake and a natter at 2pm.",
    "We organise a colourful programme for the neighbourhood centre.",
    "Keep pets indoors and only go to organised displays.",
])
def test_ordinary_british_posts_are_clean(engine: HarperEngine, text: str) -> None:
    assert flagged(engine, text) == []


@pytest.mark.parametrize(("text", "word"), [
    ("🎉🎉 Party at the hall tomorow!", "tomorow"),
    ("Pride 🏳️‍🌈 parade tomorow, families 👨‍👩‍👧‍👦 welcome", "tomorow"),
    ("🇬🇧 Street party 🇬🇧 tomorow", "tomorow"),
    ("Café\u0301 open tomorow with naïve crêpes", "tomorow"),
    ("Eid \u200fMubarak, see you tomorow", "tomorow"),
])
def test_spans_are_exact_with_emoji_flags_and_accents(engine: HarperEngine, text: str,
                                                      word: str) -> None:
    findings = engine.check(text).findings
    assert [f.text for f in findings] == [word]
    f = findings[0]
    assert (f.start, f.end) == (text.index(word), text.index(word) + len(word))


@pytest.mark.parametrize("text", [
    "", " ", "\x00\x01\x02 tomorow \x7f", "lone \ud83d surrogate tomorow \udc00 end",
    "\u202e\u200f\u200e mixed RTL tomorow", "e\u0301\u0301\u0301" * 200,
    "🎉" * 5000, "a" * 10_000,
])
def test_bad_input_never_raises(engine: HarperEngine, text: str) -> None:
    result = engine.check(text)
    assert result.checked
    for f in result.findings:
        assert text[f.start:f.end] == f.text


@pytest.mark.slow  # a megabyte through Harper takes seconds
def test_a_megabyte_is_checked_up_to_the_limit_and_says_so(engine: HarperEngine) -> None:
    text = "See you tomorow at the hall. " * 36_000  # about 1 MB
    result = engine.check(text)
    assert result.checked and "first 250,000 characters" in result.notice
    assert result.findings and all(f.end <= 250_000 for f in result.findings)


def test_concurrent_checks_wait_their_turn(engine: HarperEngine) -> None:
    """A Linter raises RuntimeError on a concurrent call; the engine's lock prevents it."""
    errors: list[object] = []
    counts: list[int] = []

    def work() -> None:
        for _ in range(15):
            r = engine.check("We has a lovely day tomorow. " * 20)
            if r.state.status is not EngineStatus.READY:
                errors.append(r.state)
            counts.append(len(r.findings))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert len(set(counts)) == 1 and counts[0] > 0


def test_a_broken_engine_reports_a_state_and_never_raises() -> None:
    class Broken(HarperEngine):
        def _check(self, text: str):
            raise RuntimeError("boom")

    e = Broken()
    result = e.check("hello")
    assert not result.checked and result.findings == ()
    assert result.state.status is EngineStatus.ERROR
    assert result.state.message.endswith("other checks carry on.")


def test_the_runner_drops_stale_results(engine: HarperEngine) -> None:
    runner = GrammarRunner(engine)
    got: list = []
    done = threading.Event()

    def on_result(result) -> None:
        got.append(result)
        done.set()

    try:
        for rev in range(1, 6):
            runner.submit(f"Version {rev}: see you tomorow.", rev, on_result)
        assert done.wait(10)
        assert runner.wait_idle(10)
        # Only the newest text is delivered; the others were replaced or dropped.
        assert [r.revision for r in got] == [5]
        assert got[0].text.startswith("Version 5") and got[0].findings
        # An edit after submitting makes the running check's result stale.
        got.clear()
        runner.submit("Edited tomorow", 6, on_result)
        runner.mark_edited(7)
        assert runner.wait_idle(10)
        time.sleep(0.05)
        assert got == []
    finally:
        runner.close()


def test_runner_submit_never_blocks_on_a_slow_engine() -> None:
    gate = threading.Event()  # every check waits here until the test releases it
    held_until = time.monotonic() + 10  # so that a submit that did block fails, not hangs
    finished: list[str] = []

    class Slow(HarperEngine):
        def _check(self, text: str):
            gate.wait(max(0.0, held_until - time.monotonic()))
            result = super()._check(text)
            finished.append(text)
            return result

    e = Slow()
    e.wait_until_started()
    runner = GrammarRunner(e)
    got: list = []
    try:
        for rev in range(20):
            runner.submit(f"text {rev} tomorow", rev, got.append)
        # Every submit returned while the engine could not finish a single check.
        assert finished == [] and got == []
        gate.set()
        assert runner.wait_idle(10)
        assert [r.revision for r in got] == [19]
    finally:
        gate.set()
        runner.close()


def test_engine_from_settings() -> None:
    from rwt_desktop.storage.settings import Settings

    settings = Settings(dictionary=["Oyelaran"])
    e = engine_from_settings(settings, LOCAL)
    assert isinstance(e, HarperEngine) and "Oyelaran" in e.words and "Witton" in e.words
    settings.grammar_engine = "off"
    assert engine_from_settings(settings, LOCAL) is None
    assert isinstance(create_engine("nonsense"), HarperEngine)


def test_merge_findings_keeps_order_and_replaces_old_grammar(engine: HarperEngine) -> None:
    text = "See you tomorow."
    grammar = engine.check(text).findings
    report = merge_findings(Report(text=text), grammar)
    assert [f.rule for f in report.findings] == ["grammar.harper.Spelling"]
    again = merge_findings(report, grammar)
    assert len(again.findings) == 1 and not again.blocked


@pytest.mark.parametrize(("toml", "needle"), [
    ('spelling_severity = "block"', "never block"),
    ('grammar_severity = "loud"', "severity must be one of"),
    ("ignore_patterns = ['(unclosed']", "ignore_patterns"),
    ("max_suggestions = -1", "max_suggestions"),
    ("warn_rules = 'harper.Spelling'", "warn_rules must be a list"),
    ("clause = ", "grammar.toml"),
    ("[harper]\nbritish_words = 'grandad'", "british_words must be a list"),
])
def test_grammar_toml_problems_are_named(toml: str, needle: str) -> None:
    with pytest.raises(GrammarConfigError, match=re.escape(needle)):
        parse_grammar_config(toml)


def test_british_words_join_harpers_dictionary() -> None:
    """A word in grammar.toml's ``british_words`` is no longer a misspelling; without it, it is."""
    bare = HarperEngine(config=parse_grammar_config(""))
    assert bare.check("We had pakoras.").findings
    cfg = parse_grammar_config('[harper]\nbritish_words = ["pakoras"]')
    assert cfg.harper_words == ("pakoras",)
    assert HarperEngine(config=cfg).check("We had pakoras.").findings == ()


def test_warn_rules_raise_severity() -> None:
    cfg = parse_grammar_config('warn_rules = ["harper.Agreement"]')
    e = HarperEngine(config=cfg)
    findings = e.check("I has the keys.").findings
    assert [f.severity for f in findings] == [Severity.WARN]


def _run_cli(args: list[str], text: str) -> tuple[int, str, str]:
    import io

    from rwt_desktop.core.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = main(args, stdin=io.BytesIO(text.encode()), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_grammar_harper_adds_findings_that_never_block() -> None:
    import json

    text = "Party at Rudheath hall 🎉 tomorow, all welcome!"
    code, out, err = _run_cli(["--grammar", "harper", "--format", "json", "-"], text)
    assert code == 0, err
    data = json.loads(out)
    [f] = [f for f in data["findings"] if f["category"] == "spelling"]
    assert text[f["start"]:f["end"]] == f["text"] == "tomorow"
    assert f["rule"] == "grammar.harper.Spelling" and f["severity"] == "info"
    assert data["grammar"] == {"engine": "harper", "status": "ready", "message": ""}
    # Without --grammar nothing changes: no grammar findings, no "grammar" key.
    code, out, _ = _run_cli(["--format", "json", "-"], text)
    assert "grammar" not in json.loads(out)
    assert not any(f["category"] == "spelling" for f in json.loads(out)["findings"])


@pytest.mark.parametrize("text", [
    "Rudheath's new community fridge is open.",     # a local word with a straight apostrophe
    "Rudheath’s new community fridge is open.",     # and with a curly one
    "Kayleigh's cakes sold out by noon.",           # a first name from british_words
    "The firemen's ball is on Friday.",             # a possessive Harper has not listed
    "Our wellbeing café is open on Tuesdays.",      # a listed word Harper would hyphenate
    "We do sudoku and crosswords on Mondays.",      # a listed word Harper would capitalise
    "Wear a tabard so people know you are helping.",
])
def test_british_and_local_words_with_their_possessives_are_not_flagged(
        engine: HarperEngine, text: str) -> None:
    assert flagged(engine, text) == []


@pytest.mark.parametrize(("text", "word"), [
    ("The tomorow's plan is set.", "tomorow's"),    # a misspelt word keeps its flag with 's
    ("sudoku club is back on Monday.", "sudoku"),   # a capital is still asked at the start
])
def test_possessives_of_misspellings_and_sentence_starts_are_still_flagged(
        engine: HarperEngine, text: str, word: str) -> None:
    assert word in flagged(engine, text)


@pytest.mark.parametrize("text", [
    "Thanks to Brenda Hough for the cakes.",  # a surname after a first name
    "A huge thanks to Priya Ramsbottom and Kerry Ainsworth.",
    "Well done, Callum Henshaw!",
    "Shoutout to everyone who came.",  # a compound written solid, Harper's guess hyphenated
])
def test_surnames_and_solid_compounds_are_not_misspellings(engine: HarperEngine,
                                                            text: str) -> None:
    assert flagged(engine, text) == []


@pytest.mark.parametrize(("text", "slip"), [
    ("Merry Chrismas from all of us.", "Chrismas"),  # after an everyday word with a capital
    ("Happy Birthdya to our Pat!", "Birthdya"),
    ("Our Chrismas Fayre is on Saturday.", "Chrismas"),
    ("The Wensday Club meets at ten.", "Wensday"),
])
def test_a_slip_after_an_everyday_capitalised_word_is_still_shown(engine: HarperEngine,
                                                                  text: str, slip: str) -> None:
    assert slip in flagged(engine, text)
