"""The person's settings, kept in ``settings.toml`` in the config folder.

The file is plain ``key = value`` TOML that someone could open in Notepad. It is read with
``tomllib`` and written here (tomllib cannot write), atomically, so a crash mid-save leaves
the old file.

A file that cannot be used is never thrown away and never stops the program:

* If it is not valid TOML (or not UTF-8), every setting falls back to its default.
* If some values have the wrong type (``channels = "twitter"``, ``personal_account = "yes"``),
  only those settings fall back; the rest are kept and the corrected file is written back.

In both cases the original file is moved aside as ``settings.toml.bad-YYYYmmdd-HHMMSS``
(``SettingsStore.bad_file``) and :meth:`SettingsStore.load` returns a message naming the file,
the line and the problem, for the window to show, e.g.::

    settings.toml, line 3, column 12: invalid value — using defaults; your file is kept as
    settings.toml.bad-20250301-141502

Keys this version does not know (a newer version wrote them) are not an error: they are kept
and written back on save. Text that cannot be UTF-8 (a lone surrogate) is saved as U+FFFD.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rwt_desktop.core.text import safe_text

from .atomic import atomic_write_text
from .paths import SETTINGS_FILENAME, aside_path

__all__ = ["GRAMMAR_ENGINES", "Settings", "SettingsStore"]

GRAMMAR_ENGINES: tuple[str, ...] = ("harper", "languagetool", "off")


@dataclass
class Settings:
    user_name: str = ""  # "who" in the confirmation record
    #: Ticked for a new post; empty means the policy's default channels (policy.toml).
    channels: list[str] = field(default_factory=list)
    policy_path: str = ""  # "" = built-in policy
    grammar_engine: str = "harper"  # "harper" | "languagetool" | "off"
    languagetool_url: str = ""  # organisation's own server, "" = local
    public_languagetool: bool = False  # the user turned on the public API after a notice
    dictionary: list[str] = field(default_factory=list)  # "Add to dictionary" words
    personal_account: bool = False
    policy_acknowledged_version: str = ""


_HEADER = (
    "# RWT Post Checker settings.\n"
    "# The program writes this file. You can edit it while the program is closed;\n"
    "# if a line is wrong the program says which one, keeps your file and uses defaults.\n"
)


class SettingsStore:
    """Loads and saves :class:`Settings` in ``config_dir / "settings.toml"``."""

    def __init__(self, config_dir: Path) -> None:
        self.path: Path = Path(config_dir) / SETTINGS_FILENAME
        #: Where the last :meth:`load` moved a bad file, for an "Open folder" button.
        self.bad_file: Path | None = None
        self._extra: dict[str, Any] = {}

    def load(self) -> tuple[Settings, str | None]:
        """The saved settings, and a message for the person when the file had a problem."""
        self.bad_file = None
        self._extra = {}
        name = self.path.name
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Settings(), None
        except OSError as exc:
            reason = exc.strerror or str(exc)
            return Settings(), f"{name} could not be read ({reason}) — using defaults."

        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            where = f"line {line}: this is not UTF-8 text (save it as UTF-8)"
            return Settings(), self._set_aside(where, all_defaults=True)
        text = text.removeprefix("\ufeff")  # Notepad's BOM is harmless; tomllib rejects it

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            return Settings(), self._set_aside(_describe_toml_error(str(exc)), all_defaults=True)

        settings, problems = _settings_from_dict(data, text)
        self._extra = {k: v for k, v in data.items() if k not in _FIELDS}
        if not problems:
            return settings, None
        message = self._set_aside("; ".join(problems), all_defaults=False, count=len(problems))
        if self.bad_file is not None:  # never write over a file we could not keep aside
            with contextlib.suppress(OSError):
                self.save(settings)  # so the next start does not report it again
        return settings, message

    def save(self, settings: Settings) -> None:
        """Write ``settings`` atomically (temporary file + ``os.replace``)."""
        lines = [_HEADER]
        for f in dataclasses.fields(Settings):
            lines.append(f"{f.name} = {_toml_value(getattr(settings, f.name))}\n")
        if self._extra:
            lines.append(
                "\n# Settings from another version of RWT Post Checker, kept as they were.\n"
            )
            for key, value in self._extra.items():
                lines.append(f"{_toml_key(key)} = {_toml_value(value)}\n")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.path, "".join(lines))

    def _set_aside(self, where: str, *, all_defaults: bool, count: int = 1) -> str:
        if all_defaults:
            fallback = "using defaults"
        elif count == 1:
            fallback = "using the default for it"
        else:
            fallback = "using the defaults for these"
        message = f"{self.path.name}, {where} — {fallback}"
        bad = aside_path(self.path, "bad")
        try:
            os.replace(self.path, bad)
        except OSError as exc:
            return f"{message}; your file could not be kept aside ({exc.strerror or exc})."
        self.bad_file = bad
        return f"{message}; your file is kept as {bad.name}"


# --- reading -------------------------------------------------------------------------------

_FIELDS: dict[str, Any] = {f.name: f for f in dataclasses.fields(Settings)}
_TOML_POSITION = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*$")


def _describe_toml_error(msg: str) -> str:
    """tomllib says "Invalid value (at line 3, column 12)"; we say "line 3, column 12: ..."."""
    m = _TOML_POSITION.search(msg)
    problem = msg[: m.start()] if m else msg
    problem = problem[:1].lower() + problem[1:] if problem[1:2].islower() else problem
    if m and m.group(1):
        return f"line {m.group(1)}, column {m.group(2)}: {problem}"
    if m:
        return f"at the end of the file: {problem}"
    return problem


def _settings_from_dict(data: dict[str, Any], text: str) -> tuple[Settings, list[str]]:
    defaults = Settings()
    values: dict[str, Any] = {}
    problems: list[str] = []
    for name in _FIELDS:
        if name not in data:
            continue
        value, problem = _check(name, data[name], getattr(defaults, name))
        if problem is None:
            values[name] = value
        else:
            line = _line_of_key(text, name)
            problems.append(f"line {line}: {problem}" if line else problem)
    return Settings(**values), problems


def _check(name: str, value: Any, default: Any) -> tuple[Any, str | None]:
    shown = _shorten(_toml_value(value))
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value, None
        return None, f"{name} must be true or false (no quotes), not {shown}"
    if isinstance(default, list):
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value), None
        return None, f'{name} must be a list of words in quotes, like ["a", "b"], not {shown}'
    if not isinstance(value, str):
        return None, f"{name} must be text in quotes, not {shown}"
    if name == "grammar_engine":
        engine = value.strip().lower()
        if engine not in GRAMMAR_ENGINES:
            allowed = ", ".join(f'"{e}"' for e in GRAMMAR_ENGINES[:-1])
            return None, f'{name} must be {allowed} or "{GRAMMAR_ENGINES[-1]}", not {shown}'
        return engine, None
    return value, None


def _line_of_key(text: str, key: str) -> int | None:
    """The line where a top-level key is set (tomllib gives values, not positions)."""
    pattern = re.compile(
        rf"""^[ \t]*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')[ \t]*[=.]"""
    )
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("["):
            return None  # past the top-level keys: the key was inside a table
        if pattern.match(line):
            return number
    return None


def _shorten(s: str, limit: int = 40) -> str:
    return s if len(s) <= limit else s[: limit - 1] + "…"


# --- writing -------------------------------------------------------------------------------

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {
    ord("\\"): "\\\\",
    ord('"'): '\\"',
    ord("\b"): "\\b",
    ord("\t"): "\\t",
    ord("\n"): "\\n",
    ord("\f"): "\\f",
    ord("\r"): "\\r",
}
for _code in [*range(0x20), 0x7F]:
    _ESCAPES.setdefault(_code, f"\\u{_code:04X}")


def _toml_string(s: str) -> str:
    s = safe_text(s)  # TOML text must be Unicode scalar values
    return '"' + s.translate(_ESCAPES) + '"'


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _toml_string(key)


def _toml_value(value: Any) -> str:
    """One TOML value; covers everything tomllib can produce, so unknown keys round-trip."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return repr(value)  # 'inf', '-inf', '1e+100' and '0.1' are all valid TOML
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(f"{_toml_key(str(k))} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + items + " }" if items else "{}"
    return _toml_string(str(value))
