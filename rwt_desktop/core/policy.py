"""The organisation's policy data: settings, channels, word lists and every rule.

All of it lives in TOML files under ``resources/`` that a member of staff can read and edit:
``policy.toml`` for the organisation and ``rules/*.toml`` for the rules. A user may point the
program at their own copy of that folder. A file that cannot be read or does not make sense
gives a :class:`PolicyError` naming the file, the line and the problem, and the caller keeps
the built-in policy meanwhile (:func:`load_policy_or_builtin`).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from rwt_desktop.core import vocabulary as vocab
from rwt_desktop.core.findings import CATEGORIES, Severity
from rwt_desktop.resources_path import resource


class PolicyError(Exception):
    """A policy file that cannot be used, with where and why."""

    def __init__(self, file: str, line: int | None, problem: str) -> None:
        self.file = file
        self.line = line
        self.problem = problem
        where = f"{file}, line {line}" if line else file
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True, slots=True)
class Channel:
    id: str
    name: str
    handle: str
    limit: int
    #: "characters" (code points), "twitter" (twitter-text v3 weighting).
    counting: str = "characters"
    max_hashtags: int | None = None
    max_images: int | None = None
    alt_text_limit: int | None = None
    #: Characters the channel does not accept at all (YouTube descriptions: < and >).
    forbidden: str = ""
    #: Smallest image width the platform recommends, in pixels.
    min_image_width: int | None = None
    #: Longest side an exported image is resized to, in pixels.
    export_image_size: int | None = None
    #: A second text limit on the same channel (YouTube's title), shown in the preview.
    title_limit: int | None = None


@dataclass(frozen=True, slots=True)
class Admin:
    name: str
    role: str
    accounts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Variant:
    """A different outcome of the same rule (a helpline number is not a private one)."""

    severity: Severity
    message: str
    suggestions: tuple[str, ...] = ()
    advice: str = ""


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """One rule as written in a rules file."""

    id: str
    category: str
    severity: Severity
    clause: str
    message: str
    must_flag: tuple[str, ...]
    must_pass: tuple[str, ...]
    file: str = ""
    line: int | None = None
    advice: str = ""
    suggestions: tuple[str, ...] = ()
    #: Plain phrases, matched as whole words whatever their case.
    phrases: tuple[str, ...] = ()
    #: Regular expressions (Python syntax), matched whatever their case.
    patterns: tuple[str, ...] = ()
    #: The match counts only if one of these is in the same sentence (or post, see scope).
    requires: tuple[str, ...] = ()
    #: The match is dropped if one of these is in the same sentence (or post).
    unless: tuple[str, ...] = ()
    #: "sentence" or "post": where requires/unless look.
    scope: str = "sentence"
    #: Name of a Python detector for checks that need more than phrases.
    detector: str = ""
    variants: Mapping[str, Variant] = field(default_factory=dict)
    #: Detector settings (word lists, thresholds) kept in the data so staff can tune them.
    options: Mapping[str, Any] = field(default_factory=dict)
    #: Suggested replacements for particular matched words: {"lady": ["woman"], ...}.
    replacements: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    enabled: bool = True
    #: Name of a check option that must be on for this rule to run, e.g. "personal_account"
    #: for rules that apply only when posting from one's own account. "" = always.
    when: str = ""


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    short_name: str
    website: str
    version: str
    channels: tuple[Channel, ...]
    admins: tuple[Admin, ...]
    reviewers: tuple[Admin, ...]
    local_words: tuple[str, ...]
    allowed_domains: tuple[str, ...]
    public_numbers: Mapping[str, str]
    rules: tuple[RuleSpec, ...]
    source: str = "built-in"
    #: Named word lists the rules share ({groups}, {accusations}...), as written.
    lists: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def channel(self, channel_id: str) -> Channel:
        for ch in self.channels:
            if ch.id == channel_id:
                return ch
        known = ", ".join(ch.id for ch in self.channels)
        raise KeyError(f"unknown channel {channel_id!r} (known: {known})")

    def rule(self, rule_id: str) -> RuleSpec:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


# --------------------------------------------------------------------------- loading


class _FileReader:
    """Reads one TOML file and turns schema problems into PolicyErrors with line numbers."""

    _TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text
        try:
            self.data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            msg = str(exc)
            m = self._TOML_LINE.search(msg)
            line = int(m.group(1)) if m else None
            problem = self._TOML_LINE.sub("", msg).strip()
            raise PolicyError(name, line, f"this is not valid TOML: {problem}") from None
        self._lines = text.splitlines()

    def line_of(self, needle: str, nth: int = 0) -> int | None:
        """Line number (1-based) of the nth line matching the regex ``needle``."""
        rx = re.compile(needle)
        seen = 0
        for i, line in enumerate(self._lines, 1):
            if rx.search(line):
                if seen == nth:
                    return i
                seen += 1
        return None

    def error(self, line: int | None, problem: str) -> PolicyError:
        return PolicyError(self.name, line, problem)


def _str(table: Mapping[str, Any], key: str, reader: _FileReader, line: int | None,
         default: str | None = None) -> str:
    value = table.get(key, default)
    if value is None:
        raise reader.error(line, f'"{key}" is missing')
    if not isinstance(value, str):
        raise reader.error(line, f'"{key}" should be text in quotes, not {value!r}')
    return value


def _strs(table: Mapping[str, Any], key: str, reader: _FileReader,
          line: int | None) -> tuple[str, ...]:
    value = table.get(key, ())
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise reader.error(line, f'"{key}" should be a list of texts in quotes')
    return tuple(value)


def _int(table: Mapping[str, Any], key: str, reader: _FileReader,
         line: int | None) -> int | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise reader.error(line, f'"{key}" should be a whole number, not {value!r}')
    return value


def _severity(value: Any, reader: _FileReader, line: int | None) -> Severity:
    if not isinstance(value, str):
        raise reader.error(line, f"severity should be text, not {value!r}")
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise reader.error(line, str(exc)) from None


_RULE_KEYS = {
    "id", "category", "severity", "clause", "message", "advice", "suggestions", "phrases",
    "patterns", "requires", "unless", "scope", "detector", "variants", "options",
    "replacements", "must_flag", "must_pass", "enabled", "when",
} | vocab.RULE_KEYS

#: The check options a rule's ``when`` may name.
KNOWN_OPTIONS = frozenset({"personal_account"})


def _check_regexes(spec_id: str, key: str, patterns: Iterable[str], reader: _FileReader,
                   line: int | None) -> None:
    for p in patterns:
        try:
            re.compile(p)
        except (re.error, OverflowError) as exc:
            raise reader.error(line, f'rule "{spec_id}": {key} pattern {p!r} is not a '
                                     f"valid regular expression ({exc})") from None


def _apply_vocabulary(table: dict[str, Any], rid: str, reader: _FileReader,
                      line: int | None, vocabulary: vocab.Vocabulary | None,
                      check_limits: bool) -> dict[str, Any]:
    """Word lists expanded, ``near`` made into patterns, pattern limits enforced."""
    return vocab.apply_to_rule(table, rid, vocabulary or vocab.Vocabulary({}), reader._lines,
                               line, reader.error, check_limits)


def _read_rules(reader: _FileReader, check_regexes: bool = True,
                vocabulary: vocab.Vocabulary | None = None) -> list[RuleSpec]:
    tables = reader.data.get("rule", [])
    if not isinstance(tables, list):
        raise reader.error(reader.line_of(r"^\s*\[?rule\b"), 'write rules as [[rule]] tables')
    out: list[RuleSpec] = []
    for n, table in enumerate(tables):
        line = reader.line_of(r"^\s*\[\[\s*rule\s*\]\]", n)
        rid = table.get("id")
        if isinstance(rid, str):
            line = reader.line_of(rf'^\s*id\s*=\s*["\']{re.escape(rid)}["\']') or line
        rid = _str(table, "id", reader, line)
        unknown = sorted(set(table) - _RULE_KEYS)
        if unknown:
            raise reader.error(line, f'rule "{rid}": unknown setting(s) {", ".join(unknown)}')
        table = _apply_vocabulary(table, rid, reader, line, vocabulary, check_regexes)
        category = _str(table, "category", reader, line)
        if category not in CATEGORIES:
            raise reader.error(line, f'rule "{rid}": category "{category}" is not one of '
                                     f"the policy's categories ({', '.join(sorted(CATEGORIES))})")
        scope = _str(table, "scope", reader, line, "sentence")
        if scope not in ("sentence", "post"):
            raise reader.error(line, f'rule "{rid}": scope must be "sentence" or "post"')
        variants: dict[str, Variant] = {}
        raw_variants = table.get("variants", {})
        if not isinstance(raw_variants, dict):
            raise reader.error(line, f'rule "{rid}": variants should be a table')
        for name, v in raw_variants.items():
            if not isinstance(v, dict):
                raise reader.error(line, f'rule "{rid}": variant "{name}" should be a table')
            variants[name] = Variant(
                severity=_severity(v.get("severity", table.get("severity", "warn")), reader,
                                   line),
                message=_str(v, "message", reader, line, table.get("message")),
                suggestions=_strs(v, "suggestions", reader, line),
                advice=_str(v, "advice", reader, line, ""),
            )
        replacements_raw = table.get("replacements", {})
        if not isinstance(replacements_raw, dict):
            raise reader.error(line, f'rule "{rid}": replacements should be a table')
        replacements = {k.lower(): _strs(replacements_raw, k, reader, line)
                        for k in replacements_raw}
        options = table.get("options", {})
        if not isinstance(options, dict):
            raise reader.error(line, f'rule "{rid}": options should be a table')
        spec = RuleSpec(
            id=rid,
            category=category,
            severity=_severity(table.get("severity"), reader, line),
            clause=_str(table, "clause", reader, line),
            message=_str(table, "message", reader, line),
            must_flag=_strs(table, "must_flag", reader, line),
            must_pass=_strs(table, "must_pass", reader, line),
            file=reader.name,
            line=line,
            advice=_str(table, "advice", reader, line, ""),
            suggestions=_strs(table, "suggestions", reader, line),
            phrases=_strs(table, "phrases", reader, line),
            patterns=_strs(table, "patterns", reader, line),
            requires=_strs(table, "requires", reader, line),
            unless=_strs(table, "unless", reader, line),
            scope=scope,
            detector=_str(table, "detector", reader, line, ""),
            variants=variants,
            options=options,
            replacements=replacements,
            enabled=bool(table.get("enabled", True)),
            when=_str(table, "when", reader, line, ""),
        )
        if spec.when and spec.when not in KNOWN_OPTIONS:
            raise reader.error(line, f'rule "{rid}": when = "{spec.when}" is not an option '
                                     f"the program knows ({', '.join(sorted(KNOWN_OPTIONS))})")
        if not (spec.phrases or spec.patterns or spec.detector):
            raise reader.error(line, f'rule "{rid}" has no phrases, patterns or detector')
        if check_regexes:
            for key in ("patterns", "requires", "unless"):
                _check_regexes(rid, key, getattr(spec, key), reader, line)
        out.append(spec)
    return out


def _read_settings(reader: _FileReader) -> dict[str, Any]:
    data = reader.data
    org = data.get("organisation", {})
    line = reader.line_of(r"^\s*\[organisation\]")
    channels = []
    for n, ch in enumerate(data.get("channel", [])):
        cline = reader.line_of(r"^\s*\[\[\s*channel\s*\]\]", n)
        counting = _str(ch, "counting", reader, cline, "characters")
        if counting not in ("characters", "twitter"):
            raise reader.error(cline, 'counting must be "characters" or "twitter"')
        limit = _int(ch, "limit", reader, cline)
        if limit is None:
            raise reader.error(cline, f'channel "{ch.get("id", "?")}" needs a "limit"')
        channels.append(Channel(
            id=_str(ch, "id", reader, cline),
            name=_str(ch, "name", reader, cline),
            handle=_str(ch, "handle", reader, cline, ""),
            limit=limit,
            counting=counting,
            max_hashtags=_int(ch, "max_hashtags", reader, cline),
            max_images=_int(ch, "max_images", reader, cline),
            alt_text_limit=_int(ch, "alt_text_limit", reader, cline),
            forbidden=_str(ch, "forbidden", reader, cline, ""),
            min_image_width=_int(ch, "min_image_width", reader, cline),
            export_image_size=_int(ch, "export_image_size", reader, cline),
            title_limit=_int(ch, "title_limit", reader, cline),
        ))

    def people(key: str) -> tuple[Admin, ...]:
        found = []
        for n, person in enumerate(data.get(key, [])):
            pline = reader.line_of(rf"^\s*\[\[\s*{key}\s*\]\]", n)
            found.append(Admin(
                name=_str(person, "name", reader, pline),
                role=_str(person, "role", reader, pline, ""),
                accounts=_strs(person, "accounts", reader, pline),
            ))
        return tuple(found)

    words = data.get("words", {})
    links = data.get("links", {})
    numbers = data.get("public_numbers", {})
    if not isinstance(numbers, dict) or not all(isinstance(v, str) for v in numbers.values()):
        raise reader.error(reader.line_of(r"^\s*\[public_numbers\]"),
                           "public_numbers should map each number to who it belongs to")
    return {
        "name": _str(org, "name", reader, line),
        "short_name": _str(org, "short_name", reader, line, "RWT"),
        "website": _str(org, "website", reader, line, ""),
        "channels": tuple(channels),
        "admins": people("admin"),
        "reviewers": people("reviewer"),
        "local_words": _strs(words, "local", reader, reader.line_of(r"^\s*local\s*=")),
        "allowed_domains": tuple(d.lower() for d in _strs(
            links, "allowed_domains", reader, reader.line_of(r"^\s*allowed_domains"))),
        "public_numbers": numbers,
    }


def _load_from(root: Traversable, label: str, check_regexes: bool = True) -> Policy:
    """Read a policy folder. ``check_regexes`` compiles every pattern to report mistakes
    with their line; the built-in policy skips it (its tests compile every pattern), which
    halves the program's start-up."""
    digest = hashlib.sha256()

    def reader_for(node: Traversable, name: str) -> _FileReader:
        try:
            raw = node.read_bytes()
        except OSError as exc:
            raise PolicyError(name, None, f"cannot be read ({exc.strerror or exc})") from None
        digest.update(name.encode() + b"\0" + raw)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise PolicyError(name, line, "is not saved as UTF-8 text") from None
        return _FileReader(name, text)

    settings_node = root / "policy.toml"
    if not settings_node.is_file():
        raise PolicyError(f"{label}/policy.toml", None, "the file is missing")
    settings = _read_settings(reader_for(settings_node, f"{label}/policy.toml"))
    rules: list[RuleSpec] = []
    seen: dict[str, str] = {}
    rules_dir = root / "rules"
    files = sorted((n for n in rules_dir.iterdir() if n.name.endswith(".toml")),
                   key=lambda n: n.name) if rules_dir.is_dir() else []
    readers = [reader_for(node, f"{label}/rules/{node.name}") for node in files]
    lists, vocabulary = _read_word_lists(readers)
    for reader in readers:
        name = reader.name
        for spec in _read_rules(reader, check_regexes, vocabulary):
            if spec.id in seen:
                raise PolicyError(name, spec.line,
                                  f'rule id "{spec.id}" is already used in {seen[spec.id]}')
            seen[spec.id] = name
            rules.append(spec)
    return Policy(rules=tuple(rules), version=digest.hexdigest()[:12], source=label,
                  lists=lists, **settings)


def _read_word_lists(readers: Iterable[_FileReader]
                     ) -> tuple[dict[str, tuple[str, ...]], vocab.Vocabulary]:
    """Every rules file's [lists] table, checked for clashes and unknown names."""
    lists: dict[str, tuple[str, ...]] = {}
    where: dict[str, tuple[str, int | None]] = {}
    for reader in readers:
        for name, entries in vocab.read_lists(reader.data, reader._lines, reader.error).items():
            line = reader.line_of(rf"^\s*{re.escape(name)}\s*=")
            if name in lists:
                raise reader.error(line, f'the word list "{name}" is already defined in '
                                         f"{where[name][0]}")
            lists[name] = entries
            where[name] = (reader.name, line)
    return lists, vocab.check_list_references(lists, where, PolicyError)


@cache
def builtin_policy() -> Policy:
    """The policy shipped with the program (cached: it never changes while running)."""
    return _load_from(resource(), "resources", check_regexes=False)


def load_policy(path: str | Path) -> Policy:
    """Load a user's copy: a folder holding policy.toml and rules/, or a policy.toml file."""
    p = Path(path)
    if p.is_file():
        p = p.parent
    if not p.is_dir():
        raise PolicyError(str(path), None, "no such folder or file")
    return _load_from(p, str(p))


def load_policy_or_builtin(path: str | Path | None) -> tuple[Policy, PolicyError | None]:
    """The user's policy if it loads, else the built-in one and the reason."""
    if path is None:
        return builtin_policy(), None
    try:
        return load_policy(path), None
    except PolicyError as exc:
        return builtin_policy(), exc
