"""Grammar and spelling engines behind one interface (see engines in this package).

* :mod:`.base`: the interface (:class:`GrammarEngine`), its :class:`EngineState` for the
  status bar, and :class:`GrammarResult`.
* :mod:`.config`: grammar.toml (severities, clause, ignored parts) as a :class:`GrammarConfig`.
* :mod:`.harper_engine`: Harper, built in and offline (the default).
* :mod:`.languagetool_engine`: LanguageTool, on the organisation's server, a local install,
  or (only when the person turns it on) the public service; :mod:`.languagetool_http` is
  its HTTP (one try, a deadline, plain failures).
* :mod:`.runner`: one worker thread per engine, newest text first, stale results dropped.
* :mod:`.offsets`: UTF-16 offsets to Python indices, both ends of a span.

Engine modules are imported only when an engine is made, so importing this package is cheap.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rwt_desktop.core.grammar.base import (
    CLAUSE,
    ENGINE_NAMES,
    EngineState,
    EngineStatus,
    GrammarConfig,
    GrammarEngine,
    GrammarResult,
    merge_findings,
    word_to_add,
)
from rwt_desktop.core.grammar.runner import GrammarRunner

__all__ = [
    "CLAUSE",
    "ENGINE_NAMES",
    "EngineState",
    "EngineStatus",
    "GrammarConfig",
    "GrammarEngine",
    "GrammarResult",
    "GrammarRunner",
    "add_grammar",
    "create_engine",
    "engine_from_settings",
    "merge_findings",
    "word_to_add",
]


def create_engine(name: str, words: Iterable[str] = (), *, languagetool_url: str = "",
                  public_languagetool: bool = False, timeout: float = 5.0,
                  config: GrammarConfig | None = None) -> GrammarEngine | None:
    """A new engine by Settings name ("harper", "languagetool"), not yet started; None for
    "off". An unknown name is treated as "harper", the safe default."""
    name = (name or "").strip().lower()
    if name == "off":
        return None
    if name == "languagetool":
        from rwt_desktop.core.grammar.languagetool_engine import LanguageToolEngine

        return LanguageToolEngine(words, url=languagetool_url,
                                  public_allowed=public_languagetool, timeout=timeout,
                                  config=config)
    from rwt_desktop.core.grammar.harper_engine import HarperEngine

    return HarperEngine(words, config=config)


def engine_from_settings(settings: Any, local_words: Iterable[str] = ()) -> GrammarEngine | None:
    """The engine a person's Settings ask for, knowing the policy's local words and their own
    dictionary. Duck-typed on ``rwt_desktop.storage.settings.Settings``; not started."""
    words = [*local_words, *getattr(settings, "dictionary", [])]
    return create_engine(getattr(settings, "grammar_engine", "harper"), words,
                         languagetool_url=getattr(settings, "languagetool_url", ""),
                         public_languagetool=bool(getattr(settings, "public_languagetool",
                                                          False)))


def add_grammar(report: Any, engine: GrammarEngine) -> tuple[Any, GrammarResult]:
    """Check ``report.text`` with ``engine`` now (blocking) and merge its findings in.

    For the command line and batch use; the window uses a :class:`GrammarRunner` instead.
    Returns the merged report and the result (its state says why nothing was found, if so).
    """
    result = engine.check(report.text)
    return merge_findings(report, result.findings), result
