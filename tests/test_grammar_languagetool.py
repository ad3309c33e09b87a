"""LanguageTool through language-tool-python, against a local fake of its HTTP API.

The fake speaks ``/v2/languages`` and ``/v2/check`` with JSON shaped like the real server's
(offsets in UTF-16 units), and can be told to fail: HTTP 500, garbage, the wrong JSON, or
holding every request until the test releases it (a server slower than any timeout). Run as
a script (``python this_file.py PORT``) it is also the "LanguageTool server" a fake ``java``
starts in the local-server test.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

if __name__ != "__main__":
    from rwt_desktop.core.findings import Severity
    from rwt_desktop.core.grammar import CLAUSE, EngineStatus, GrammarRunner, create_engine
    from rwt_desktop.core.grammar.languagetool_engine import (
        NOT_INSTALLED,
        PUBLIC_NOTICE,
        PUBLIC_OFF,
        LanguageToolEngine,
        find_local_install,
        is_public_url,
        server_root,
    )

# --------------------------------------------------------------------------- the fake server

MISSPELT = {"tomorow": ["tomorrow", "tomorrows", "morrow"], "Rudheath": ["Redhead"],
            "recieve": ["receive"], "Oyelaran": []}
LANGUAGES = [{"name": "English (GB)", "code": "en", "longCode": "en-GB"},
             {"name": "English (US)", "code": "en", "longCode": "en-US"},
             {"name": "German", "code": "de", "longCode": "de-DE"}]


def _u16(text: str, i: int) -> int:
    return len(text[:i].encode("utf-16-le", "surrogatepass")) // 2


def _match(text: str, start: int, end: int, rule: str, issue: str, cat: str, message: str,
           replacements: list[str]) -> dict:
    off, length = _u16(text, start), _u16(text, end) - _u16(text, start)
    ctx_start = max(0, start - 20)
    context = text[ctx_start:end + 20]
    return {
        "message": message, "shortMessage": "",
        "replacements": [{"value": r} for r in replacements],
        "offset": off, "length": length,
        "context": {"text": context, "offset": _u16(text, start) - _u16(text, ctx_start),
                    "length": length},
        "sentence": text,
        "type": {"typeName": "Other"},
        "rule": {"id": rule, "description": message, "issueType": issue,
                 "category": {"id": cat, "name": cat.title()}},
        "ignoreForIncompleteSentence": False, "contextForSureMatch": 0,
    }


def fake_matches(text: str) -> list[dict]:
    out = []
    for word, repl in MISSPELT.items():
        for m in re.finditer(rf"\b{word}\b", text):
            out.append(_match(text, m.start(), m.end(), "MORFOLOGIK_RULE_EN_GB",
                              "misspelling", "TYPOS", "Possible spelling mistake found.",
                              repl))
    for m in re.finditer(r"\ba (?=[aeiou])\w+", text):
        out.append(_match(text, m.start(), m.end(), "EN_A_VS_AN", "grammar", "MISC",
                          "Use \u201can\u201d instead of \u2018a\u2019 if the following word "
                          "starts with a vowel sound.", ["an " + m.group()[2:]]))
    for m in re.finditer(r"(?<!\S)(\S+) \1(?!\S)", text):  # a doubled word or emoji, emoji included
        out.append(_match(text, m.start(), m.end(), "ENGLISH_WORD_REPEAT_RULE", "duplication",
                          "MISC", "Possible typo: you repeated a word.", [m.group(1)] * 7))
    return out


class FakeLanguageTool:
    """A LanguageTool HTTP API on 127.0.0.1 in a thread. ``mode`` picks its behaviour."""

    def __init__(self, port: int = 0) -> None:
        self.mode = "ok"
        #: While set by :meth:`hold`, every request waits here until the test releases it.
        self.gate: threading.Event | None = None
        self.held_until = 0.0
        self.languages = LANGUAGES
        self.checks: list[dict[str, str]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _send(self, code: int, body: bytes, ctype: str = "application/json") -> None:
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(OSError):
                    self.wfile.write(body)

            def _misbehave(self) -> bool:
                gate = fake.gate
                if gate is not None:  # bounded, so that a client that waits fails, not hangs
                    gate.wait(max(0.0, fake.held_until - time.monotonic()))
                if fake.mode == "500":
                    self._send(500, b"Error: Internal Server Error", "text/plain")
                elif fake.mode == "garbage":
                    self._send(200, b"<html>\x00\xff not json at all")
                elif fake.mode == "wrong-json":
                    self._send(200, b'{"software": {"name": "x"}, "matches": "none"}')
                else:
                    return False
                return True

            def do_GET(self) -> None:
                path = urllib.parse.urlsplit(self.path).path
                if path in ("/v2/languages", "/api/v2/languages"):
                    if fake.mode == "garbage-languages":
                        self._send(200, b"[1, 2, 3]")
                    elif not self._misbehave():
                        self._send(200, json.dumps(fake.languages).encode())
                elif path.endswith("/healthcheck"):
                    self._send(200, b"OK", "text/plain")
                else:
                    self._send(404, b"not found", "text/plain")

            def do_POST(self) -> None:
                size = int(self.headers.get("Content-Length") or 0)
                form = dict(urllib.parse.parse_qsl(self.rfile.read(size).decode("utf-8")))
                if not urllib.parse.urlsplit(self.path).path.endswith("/v2/check"):
                    self._send(404, b"not found", "text/plain")
                    return
                fake.checks.append(form)
                if self._misbehave():
                    return
                text = form.get("text", "")
                body = {"software": {"name": "LanguageTool", "version": "6.8"},
                        "language": {"name": "English (GB)", "code": form.get("language")},
                        "matches": fake_matches(text)}
                self._send(200, json.dumps(body).encode())

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,),
                                       daemon=True)

    def hold(self, at_most: float = 10.0) -> threading.Event:
        """Hold every request from now on until the returned event is set (or ``at_most``
        seconds have passed, so that a client that does wait fails instead of hanging)."""
        self.held_until = time.monotonic() + at_most
        self.gate = threading.Event()
        return self.gate

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FakeLanguageTool:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.gate is not None:
            self.gate.set()
        self.server.shutdown()
        self.server.server_close()


if __name__ == "__main__":  # the fake java's "LanguageTool server"
    with FakeLanguageTool(int(sys.argv[1])) as server:
        server.thread.join()
    sys.exit(0)

# --------------------------------------------------------------------------- fixtures

TIMEOUT = 1.0


@pytest.fixture
def fake():
    with FakeLanguageTool() as server:
        yield server


@pytest.fixture
def no_install(tmp_path, monkeypatch):
    """No LanguageTool on this computer: an empty cache folder, no LTP_JAR_DIR_PATH."""
    monkeypatch.delenv("LTP_JAR_DIR_PATH", raising=False)
    cache = tmp_path / "lt-cache-does-not-exist"
    monkeypatch.setenv("LTP_PATH", str(cache))
    return cache


def make(url: str = "", **kw) -> LanguageToolEngine:
    kw.setdefault("timeout", TIMEOUT)
    kw.setdefault("start_timeout", 10.0)
    engine = LanguageToolEngine(kw.pop("words", ()), url=url, **kw)
    engine.wait_until_started()
    return engine


# --------------------------------------------------------------------------- a good server


def test_checks_against_the_organisations_server(fake) -> None:
    engine = make(fake.url)
    try:
        assert engine.state.status is EngineStatus.READY
        assert "127.0.0.1" in engine.state.message
        text = "We recieve a invite tomorow."
        result = engine.check(text)
        assert result.checked
        assert fake.checks[-1]["language"] == "en-GB"
        assert "EN_QUOTES" in fake.checks[-1]["disabledRules"]  # from grammar.toml
        by_rule = {f.rule: f for f in result.findings}
        spell = by_rule["grammar.languagetool.MORFOLOGIK_RULE_EN_GB"]
        assert spell.category == "spelling" and spell.severity is Severity.INFO
        assert spell.clause == CLAUSE
        assert "misspelt" in spell.message
        gram = by_rule["grammar.languagetool.EN_A_VS_AN"]
        assert (gram.category, gram.text, gram.suggestions) == ("grammar", "a invite",
                                                                ("an invite",))
        assert "\u201can\u201d" in gram.message
        assert all(text[f.start:f.end] == f.text for f in result.findings)
        assert sorted(f.text for f in result.findings) == ["a invite", "recieve", "tomorow"]
    finally:
        engine.close()


def test_emoji_offsets_both_ends(fake) -> None:
    text = "🎉🎉 Party 🏳️‍🌈 tomorow 👨‍👩‍👧‍👦 well done 👏 👏 and a apple 🇬🇧"
    engine = make(fake.url)
    try:
        result = engine.check(text)
        spans = {f.rule.rsplit(".", 1)[1]: f for f in result.findings}
        assert spans["MORFOLOGIK_RULE_EN_GB"].text == "tomorow"
        assert spans["EN_A_VS_AN"].text == "a apple"
        # A span holding emoji: wrong at the end unless both ends are converted.
        assert spans["ENGLISH_WORD_REPEAT_RULE"].text == "👏 👏"
        for f in result.findings:
            assert text[f.start:f.end] == f.text
        assert len(spans["ENGLISH_WORD_REPEAT_RULE"].suggestions) == 1  # deduplicated, <= 5
    finally:
        engine.close()


def test_dictionary_words_are_filtered(fake) -> None:
    engine = make(fake.url, words=["Rudheath", "Vale Royal"])
    try:
        text = "Rudheath and Rudheath's volunteers say thank you, Oyelaran."
        assert [f.text for f in engine.check(text).findings] == ["Oyelaran"]
        engine.set_words(["Rudheath", "Oyelaran"])  # "Add to dictionary"
        assert engine.check(text).findings == ()
    finally:
        engine.close()


def test_url_forms(fake) -> None:
    assert server_root("lt.example.org") == "http://lt.example.org/"
    assert server_root("https://lt.example.org/api/v2/") == "https://lt.example.org/api/"
    assert server_root("https://lt.example.org/v2") == "https://lt.example.org/"
    engine = make(fake.url + "/v2/")
    try:
        assert engine.check("tomorow").findings[0].text == "tomorow"
    finally:
        engine.close()


# --------------------------------------------------------------------------- failures


@pytest.mark.parametrize(("mode", "needle"), [
    ("500", "reported a problem (HTTP 500)"),
    ("garbage", "cannot read"),
    ("wrong-json", "cannot read"),
])
def test_a_bad_answer_is_an_error_state_and_recovers(fake, mode: str, needle: str) -> None:
    engine = make(fake.url)
    try:
        fake.mode = mode
        result = engine.check("See you tomorow.")
        assert not result.checked and result.findings == ()
        assert result.state.status is EngineStatus.ERROR
        msg = result.state.message
        assert needle in msg and msg.endswith(".") and ". " not in msg  # one sentence
        fake.mode = "ok"
        again = engine.check("See you tomorow.")
        assert again.checked and again.state.status is EngineStatus.READY
        assert [f.text for f in again.findings] == ["tomorow"]
    finally:
        engine.close()


def test_a_slow_server_times_out_without_hanging(fake) -> None:
    engine = make(fake.url)
    gate = fake.hold()
    try:
        result = engine.check("See you tomorow.")
        # The check came back while the server still held the request (it cannot answer
        # before the gate opens), saying it timed out, after one try and no retries.
        assert not gate.is_set()
        assert result.state.status is EngineStatus.ERROR
        assert "did not answer within 1 second," in result.state.message
        assert len(fake.checks) == 1
    finally:
        gate.set()
        engine.close()


def test_a_slow_server_at_start_is_an_error_not_a_hang(fake) -> None:
    gate = fake.hold()
    engine = LanguageToolEngine(url=fake.url, timeout=TIMEOUT)
    try:
        engine.start()
        # start() returned although the server holds every request: it never waits for it.
        assert engine.state.status is EngineStatus.STARTING
        # The server still never answers: the start gives up after its 1 s timeout. (A
        # bounded wait, ten times that, not a speed check.)
        assert engine.wait_until_started(10 * TIMEOUT)
        assert not gate.is_set()
        assert engine.state.status is EngineStatus.ERROR
        assert "did not answer within 1 second," in engine.state.message
    finally:
        gate.set()
        engine.close()


def test_a_server_that_is_down(fake) -> None:
    url = fake.url
    fake.server.shutdown()
    fake.server.server_close()
    began = time.perf_counter()
    engine = make(url)
    result = engine.check("See you tomorow.")
    # Only guards against hanging (retrying a dead server): a refused connection fails at
    # once, and even two full timeouts would be 2 s, a tenth of this bound.
    assert time.perf_counter() - began < 20 * TIMEOUT
    assert result.state.status is EngineStatus.ERROR
    assert "is not answering" in result.state.message
    engine.close()


def test_a_server_without_british_english_is_unavailable(fake) -> None:
    fake.languages = [{"name": "German", "code": "de", "longCode": "de-DE"}]
    engine = make(fake.url)
    assert engine.state.status is EngineStatus.UNAVAILABLE
    assert "does not offer British English" in engine.state.message
    assert not engine.check("tomorow").checked
    assert fake.checks == []


def test_garbage_languages_is_an_error(fake) -> None:
    fake.mode = "garbage-languages"
    engine = make(fake.url)
    assert engine.state.status is EngineStatus.ERROR
    assert "cannot read" in engine.state.message


def test_the_runner_keeps_the_window_free_while_the_server_is_slow(fake) -> None:
    engine = make(fake.url, timeout=30.0)  # the client waits for as long as it is held
    runner = GrammarRunner(engine)
    results: list = []
    gate = fake.hold()
    try:
        for rev in range(10):
            runner.submit(f"rev {rev} tomorow", rev, results.append)
        # Every submit returned while the server could not answer a single request.
        assert results == []
        gate.set()
        assert runner.wait_idle(10)
        assert [r.revision for r in results] == [9]
        assert len(fake.checks) <= 2  # the queued requests in between were never sent
    finally:
        gate.set()
        runner.close()
        engine.close()


# --------------------------------------------------------------------------- not installed


def test_not_installed_is_unavailable_and_downloads_nothing(no_install, monkeypatch) -> None:
    import requests

    def no_network(*a: object, **k: object) -> None:
        raise AssertionError("no request may be made")

    monkeypatch.setattr(requests.Session, "request", no_network)
    engine = create_engine("languagetool", timeout=TIMEOUT)
    assert engine is not None
    engine.wait_until_started(5)
    assert engine.state.status is EngineStatus.UNAVAILABLE
    assert engine.state.message == NOT_INSTALLED
    assert not engine.check("See you tomorow.").checked
    assert not no_install.exists()  # the library's cache folder was not even created
    engine.close()


def test_an_install_is_found_without_downloading(tmp_path) -> None:
    assert find_local_install({"LTP_PATH": str(tmp_path / "none")}) is None
    jar_dir = tmp_path / "jar"
    jar_dir.mkdir()
    assert find_local_install({"LTP_JAR_DIR_PATH": str(jar_dir),
                               "LTP_PATH": str(tmp_path / "none")}) is None
    (jar_dir / "languagetool-server.jar").write_bytes(b"PK")
    assert find_local_install({"LTP_JAR_DIR_PATH": str(jar_dir)}) == \
        jar_dir / "languagetool-server.jar"
    cache = tmp_path / "cache" / "LanguageTool-6.8"
    cache.mkdir(parents=True)
    (cache / "languagetool-server.jar").write_bytes(b"PK")
    assert find_local_install({"LTP_PATH": str(tmp_path / "cache")}) == \
        cache / "languagetool-server.jar"


def test_java_missing_is_unavailable(tmp_path, monkeypatch, no_install) -> None:
    jar_dir = tmp_path / "jar"
    jar_dir.mkdir()
    (jar_dir / "languagetool-server.jar").write_bytes(b"PK")
    monkeypatch.setenv("LTP_JAR_DIR_PATH", str(jar_dir))
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    engine = make()
    assert engine.state.status is EngineStatus.UNAVAILABLE
    assert "Java 17" in engine.state.message
    engine.close()


def _fake_java(tmp_path: Path, version: str = "17.0.15", gate: Path | None = None) -> Path:
    """A ``java`` that reports a version and, asked to run the server, runs the fake.

    With ``gate``, the server waits until that file exists (for at most 30 s) first.
    """
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    java = bin_dir / "java"
    wait = (f'i=0; while [ ! -e "{gate}" ] && [ "$i" -lt 600 ]; do sleep 0.05; i=$((i+1)); done\n'
            if gate is not None else "")
    java.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = "-version" ]; then echo \'openjdk version "{version}"\' >&2; exit 0; fi\n'
        + wait +
        'for last; do :; done\n'
        f'exec "{sys.executable}" "{Path(__file__).resolve()}" "$last"\n',
        encoding="utf-8")
    java.chmod(java.stat().st_mode | stat.S_IXUSR)
    return bin_dir


@pytest.mark.skipif(os.name != "posix", reason="the fake java is a shell script")
def test_local_server_starts_in_background_and_leaves_no_process(tmp_path, monkeypatch,
                                                                 no_install) -> None:
    import psutil

    jar_dir = tmp_path / "jar"
    jar_dir.mkdir()
    (jar_dir / "languagetool-server.jar").write_bytes(b"PK")
    monkeypatch.setenv("LTP_JAR_DIR_PATH", str(jar_dir))
    gate = tmp_path / "let-the-server-start"
    monkeypatch.setenv("PATH",
                       f"{_fake_java(tmp_path, gate=gate)}{os.pathsep}{os.environ['PATH']}")
    engine = LanguageToolEngine(timeout=TIMEOUT, start_timeout=20)
    try:
        engine.start()
        # start() returned although the server cannot start until the gate file exists.
        assert engine.state.status is EngineStatus.STARTING
        assert not engine.wait_until_started(0)
        gate.touch()
        assert engine.wait_until_started(20)
        assert engine.state.status is EngineStatus.READY, engine.state
        assert engine.where == "local"
        pid = engine.server_pid
        assert pid is not None and psutil.pid_exists(pid)
        assert [f.text for f in engine.check("See you tomorow 🎉.").findings] == ["tomorow"]
    finally:
        engine.close()
    assert engine.server_pid is None
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


@pytest.mark.skipif(os.name != "posix", reason="the fake java is a shell script")
def test_old_java_is_unavailable(tmp_path, monkeypatch, no_install) -> None:
    jar_dir = tmp_path / "jar"
    jar_dir.mkdir()
    (jar_dir / "languagetool-server.jar").write_bytes(b"PK")
    monkeypatch.setenv("LTP_JAR_DIR_PATH", str(jar_dir))
    monkeypatch.setenv("PATH", str(_fake_java(tmp_path, "1.8.0_292")))
    engine = make()
    assert engine.state.status is EngineStatus.UNAVAILABLE
    assert "this computer has Java 8" in engine.state.message
    engine.close()


# --------------------------------------------------------------------------- the public API


def test_public_api_is_refused_unless_turned_on(monkeypatch, no_install) -> None:
    import requests

    def no_network(*a: object, **k: object) -> None:
        raise AssertionError("the post must not leave the computer")

    monkeypatch.setattr(requests.Session, "request", no_network)
    assert is_public_url("https://api.languagetool.org/v2/")
    assert not is_public_url("https://languagetool.example-council.gov.uk")
    engine = make("https://api.languagetool.org")
    assert engine.state.status is EngineStatus.UNAVAILABLE
    assert engine.state.message == PUBLIC_OFF
    assert not engine.check("See you tomorow.").checked
    # And with no address and nothing installed, "off" means unavailable, not public.
    assert make().state.message == NOT_INSTALLED
    assert "personal" in PUBLIC_NOTICE and "sent" in PUBLIC_NOTICE


def test_public_api_limits(fake, no_install) -> None:
    engine = make(public_allowed=True, public_api_url=fake.url)
    try:
        assert engine.where == "public" and engine.state.status is EngineStatus.READY
        assert "leave this computer" in engine.state.message
        long_text = "Lovely day at the park. " * 900  # about 21 KB
        result = engine.check(long_text)
        assert not result.checked and "20 KB" in result.notice
        assert fake.checks == []  # not sent
        for _ in range(20):
            assert engine.check("See you tomorow.").checked
        limited = engine.check("See you tomorow.")
        assert not limited.checked and limited.retry_after and 0 < limited.retry_after <= 60.1
        assert "20 checks a minute" in limited.notice
        assert len(fake.checks) == 20
    finally:
        engine.close()


# --------------------------------------------------------------------------- command line


def _run_cli(args: list[str], text: str) -> tuple[int, str, str]:
    import io

    from rwt_desktop.core.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = main(args, stdin=io.BytesIO(text.encode()), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_with_the_organisations_server(fake) -> None:
    text = "Well done 👏 👏 see you tomorow"
    code, out, err = _run_cli(["--grammar", "languagetool", "--languagetool-url", fake.url,
                               "--format", "json", "-"], text)
    assert code == 0, err
    data = json.loads(out)
    got = {f["rule"]: f["text"] for f in data["findings"] if f["rule"].startswith("grammar.")}
    assert got == {"grammar.languagetool.MORFOLOGIK_RULE_EN_GB": "tomorow",
                   "grammar.languagetool.ENGLISH_WORD_REPEAT_RULE": "👏 👏"}
    assert data["grammar"]["status"] == "ready"


def test_cli_carries_on_when_languagetool_cannot_run(no_install, fake) -> None:
    code, out, err = _run_cli(["--grammar", "languagetool", "-"], "See you tomorow.")
    assert code == 0
    assert "spelling and grammar: " + NOT_INSTALLED in err
    assert "Traceback" not in err
    fake.mode = "500"
    code, out, err = _run_cli(["--grammar", "languagetool", "--languagetool-url", fake.url,
                               "--jsonl", "-"],
                              '{"id": 1, "text": "a"}\n{"id": 2, "text": "b"}\n')
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["grammar"]["status"] for r in rows] == ["error", "error"]
    assert err.count("HTTP 500") == 1  # said once, not per post
