"""The real LanguageTool server on this computer (Java 17+ and an unzipped LanguageTool).

Runs only when ``LTP_JAR_DIR_PATH`` names the folder holding ``languagetool-server.jar``;
nothing is ever downloaded. Starting the Java server takes several seconds.
"""

from __future__ import annotations

import os

import pytest

from rwt_desktop.core.grammar import EngineStatus
from rwt_desktop.core.grammar.languagetool_engine import (
    LanguageToolEngine,
    find_local_install,
    java_major_version,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.environ.get("LTP_JAR_DIR_PATH"),
                       reason="set LTP_JAR_DIR_PATH to a LanguageTool folder to run these"),
]


@pytest.fixture(scope="module")
def engine():
    if find_local_install() is None:
        pytest.skip("LTP_JAR_DIR_PATH has no languagetool-server.jar")
    if (java_major_version() or 0) < 17:
        pytest.skip("needs Java 17 or newer")
    e = LanguageToolEngine(["Rudheath", "Witton"], timeout=15, start_timeout=120)
    e.start()
    # start() has returned while the Java server (seconds to start) is still starting.
    assert e.state.status is EngineStatus.STARTING
    assert e.wait_until_started(120)
    assert e.state.status is EngineStatus.READY, e.state
    yield e
    pid = e.server_pid
    e.close()
    import psutil

    assert pid is None or not psutil.pid_exists(pid) or \
        psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_british_spelling_and_grammar(engine: LanguageToolEngine) -> None:
    text = "We organise a colourful festival in Rudheath. See you tomorow for a evening of fun."
    findings = engine.check(text).findings
    flagged = {f.text: f for f in findings}
    assert "tomorow" in flagged and flagged["tomorow"].category == "spelling"
    assert "tomorrow" in flagged["tomorow"].suggestions
    assert not {"organise", "colourful", "Rudheath"} & set(flagged)
    assert any(f.category == "grammar" and "a evening" in f.text for f in findings)


def test_offsets_with_emoji_flags_and_accents(engine: LanguageToolEngine) -> None:
    text = "🎉🇬🇧 Café\u0301 party 👨‍👩‍👧‍👦 tomorow, with naïve crêpes 🏳️‍🌈 and recieve gifts."
    findings = engine.check(text).findings
    assert {"tomorow", "recieve"} <= {f.text for f in findings}
    for f in findings:
        assert text[f.start:f.end] == f.text


def test_close_leaves_no_java_process() -> None:
    e = LanguageToolEngine(timeout=15, start_timeout=120)
    assert e.wait_until_started(120)
    pid = e.server_pid
    assert pid is not None
    e.close()
    import psutil

    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
