"""The organisation's policy data: settings, channels, word lists and every rule.

All of it lives in TOML files under ``resources/`` that a member of staff can read and edit:
``policy.toml`` for the organisation and ``rules/*.toml`` for the rules. A user may point the
program at their own copy of that folder. A file that cannot be read or does not make sense
gives a :class:`PolicyError` naming the file, the line and the problem, and the caller keeps
the built-in policy meanwhile (:func:`load_policy_or_builtin`).

A policy that would check nothing is such a mistake too: no ``rules/`` folder, no rules files,
no rules switched on, no channels. So is a name the program does not know (a detector, one of
a detector's variants or options), a value of the wrong type (``enabled = "false"``) or a
table where a list belongs. Files are read only if they are ordinary files of a sane size, so
a FIFO or ``/dev/zero`` in the folder cannot hang or exhaust the program, and a UTF-8 byte
order mark (Notepad) is accepted.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import stat
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
    #: Ticked for a new post in the window and checked by rwt-check without --channel.
    default: bool = False


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

    @property
    def default_channels(self) -> tuple[str, ...]:
        """The channels a post is for unless someone chooses: those marked ``default = true``
        in policy.toml, or every channel if none is marked."""
        marked = tuple(ch.id for ch in self.channels if ch.default)
        return marked or tuple(ch.id for ch in self.channels)

    def chosen_or_default(self, chosen: Iterable[str]) -> list[str]:
        """The known channels of ``chosen`` (a person's settings), or the default ones."""
        known = {ch.id for ch in self.channels}
        return [c for c in chosen if c in known] or list(self.default_channels)

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
        text = text.removeprefix("\ufeff")  # a byte order mark, as Notepad saves UTF-8
        self.text = text
        try:
            self.data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            msg = str(exc)
            m = self._TOML_LINE.search(msg)
            line = int(m.group(1)) if m else None
            problem = self._TOML_LINE.sub("", msg).strip()
            raise PolicyError(name, line, f"this is not valid TOML: {problem}") from None
        except RecursionError:
            raise PolicyError(name, None, "lists or tables are nested too deeply to read") \
                from None
        self._lines = text.splitlines()
        self._found: dict[str, list[int]] = {}
        self._id_lines: dict[str, int] | None = None

    def line_of(self, needle: str, nth: int = 0) -> int | None:
        """Line number (1-based) of the nth line matching the regex ``needle``.

        Each needle is looked for once per file and remembered, so asking for the nth
        ``[[rule]]`` of thousands stays linear in the size of the file.
        """
        found = self._found.get(needle)
        if found is None:
            rx = re.compile(needle)
            found = [i for i, line in enumerate(self._lines, 1) if rx.search(line)]
            self._found[needle] = found
        return found[nth] if 0 <= nth < len(found) else None

    def id_line(self, rule_id: str) -> int | None:
        """The line of ``id = "rule_id"`` (the first, if repeated), from one pass."""
        if self._id_lines is None:
            rx = re.compile(r'^\s*id\s*=\s*["\']([^"\']*)["\']')
            self._id_lines = {}
            for i, line in enumerate(self._lines, 1):
                m = rx.match(line)
                if m:
                    self._id_lines.setdefault(m.group(1), i)
        return self._id_lines.get(rule_id)

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


def _bool(table: Mapping[str, Any], key: str, reader: _FileReader, line: int | None) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise reader.error(line, f'"{key}" should be true or false (no quotes), not {value!r}')
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
            line = reader.id_line(rid) or line
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
            default=_bool(ch, "default", reader, cline),
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


#: Largest policy or rules file read (the biggest shipped one is 80 KB), and most rules files.
MAX_POLICY_FILE_BYTES = 4_000_000
MAX_RULES_FILES = 500


def _read_policy_file(node: Traversable, name: str) -> bytes:
    """The bytes of one policy file; only an ordinary file of a sane size is opened, so a FIFO
    or a link to ``/dev/zero`` is refused instead of hanging or filling memory."""
    if isinstance(node, Path):
        try:
            info = os.stat(node)
        except OSError as exc:
            raise PolicyError(name, None, f"cannot be read ({exc.strerror or exc})") from None
        if not stat.S_ISREG(info.st_mode):
            raise PolicyError(name, None, "is not an ordinary file (a folder, a device or a "
                                          "pipe), so it was not read")
        if info.st_size > MAX_POLICY_FILE_BYTES:
            raise PolicyError(name, None, f"is {info.st_size:,} bytes; a policy file may be at "
                                          f"most {MAX_POLICY_FILE_BYTES:,}")
        try:
            with open(node, "rb") as f:
                raw = f.read(MAX_POLICY_FILE_BYTES + 1)
        except OSError as exc:
            raise PolicyError(name, None, f"cannot be read ({exc.strerror or exc})") from None
        if len(raw) > MAX_POLICY_FILE_BYTES:
            raise PolicyError(name, None, f"is larger than {MAX_POLICY_FILE_BYTES:,} bytes")
        return raw
    try:
        return node.read_bytes()
    except OSError as exc:
        raise PolicyError(name, None, f"cannot be read ({exc.strerror or exc})") from None


def _rule_files(root: Traversable, label: str) -> list[Traversable]:
    """Every ``*.toml`` in ``rules/`` (``.TOML`` too, as Windows may name it). A missing,
    unreadable or empty folder is an error: a policy that checks nothing must never look
    like one that found nothing."""
    where = f"{label}/rules"
    rules_dir = root / "rules"
    if not rules_dir.is_dir():  # also a link that loops or points nowhere
        raise PolicyError(where, None, "the rules folder is missing, so nothing would be "
                                       "checked. Copy it from the program's own policy folder")
    try:
        nodes = list(rules_dir.iterdir())
    except OSError as exc:
        raise PolicyError(where, None, f"the rules folder cannot be read "
                                       f"({exc.strerror or exc})") from None
    files = sorted((n for n in nodes if n.name.lower().endswith(".toml")),
                   key=lambda n: n.name)
    if not files:
        raise PolicyError(where, None, "there are no rules files (*.toml) in the rules "
                                       "folder, so nothing would be checked")
    if len(files) > MAX_RULES_FILES:
        raise PolicyError(where, None, f"there are {len(files):,} rules files; at most "
                                       f"{MAX_RULES_FILES} are read")
    return files


def _check_shape(reader: _FileReader, tables: Iterable[str], lists: Iterable[str]) -> None:
    """Refuse a table where a list of tables belongs (``[rule]`` for ``[[rule]]``), and the
    other way round, before anything reads them."""
    data = reader.data
    for key in tables:
        if key in data and not isinstance(data[key], dict):
            raise reader.error(reader.line_of(rf"^\s*\[*\s*{key}\b|^\s*{key}\s*="),
                               f'"{key}" should be a table, written [{key}]')
    for key in lists:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise reader.error(reader.line_of(rf"^\s*\[*\s*{key}\b|^\s*{key}\s*="),
                               f'write each "{key}" as a [[{key}]] table')


def _check_rule_values(reader: _FileReader) -> None:
    """Types the rule reader would otherwise take loosely: ``enabled = "false"`` is text,
    and Python counts any text as true, which left a rule on that was meant to be off."""
    for n, table in enumerate(reader.data.get("rule", [])):
        if "enabled" in table and not isinstance(table["enabled"], bool):
            rid = table.get("id")
            line = (reader.id_line(rid) if isinstance(rid, str) else None) or reader.line_of(
                r"^\s*\[\[\s*rule\s*\]\]", n)
            raise reader.error(line, f'rule "{rid}": enabled should be true or false '
                                     f"(without quotes), not {table['enabled']!r}")


def _check_channels(reader: _FileReader, channels: Iterable[Channel]) -> None:
    seen: set[str] = set()
    for ch in channels:
        if ch.id in seen:
            line = reader.line_of(rf'^\s*id\s*=\s*["\']{re.escape(ch.id)}["\']', 1)
            raise reader.error(line, f'channel "{ch.id}" is listed twice')
        seen.add(ch.id)
    if not seen:
        raise reader.error(None, "there are no channels ([[channel]] tables); at least one "
                                 "is needed to check a post")


class _ReadOptions(dict[str, Any]):
    """A rule's options that note which ones its detector looks at."""

    def __init__(self, options: Mapping[str, Any]) -> None:
        super().__init__(options)
        self.read: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self.read.add(key)
        return super().__contains__(key)

    def items(self):  # type: ignore[override]
        self.read.update(self)
        return super().items()


def _check_rules_can_run(policy: Policy) -> None:
    """Build every rule once as the checker will, so a mistake is a load error naming the
    file and line rather than a checker that fails later or quietly does the wrong thing:
    an unknown detector; a variant the detector never gives (``publik`` for ``public`` made
    a helpline number block); an option it never reads; a value it cannot use."""
    from rwt_desktop.core.rules import DETECTORS, CompiledRule
    from rwt_desktop.core.rules.known_names import DETECTOR_VARIANTS

    # Every rule's options note what is read: a detector may read another rule's (links).
    policy = dataclasses.replace(policy, rules=tuple(
        dataclasses.replace(spec, options=_ReadOptions(spec.options)) for spec in policy.rules))
    enabled = 0
    for spec in policy.rules:
        enabled += spec.enabled
        name = spec.detector or "phrases"
        if name not in DETECTORS:
            raise PolicyError(spec.file, spec.line,
                              f'rule "{spec.id}": there is no detector called "{name}" '
                              f"(known: {', '.join(sorted(DETECTORS))})")
        known = DETECTOR_VARIANTS.get(name)
        unknown = sorted(set(spec.variants) - known) if known is not None else []
        if unknown:
            has = ", ".join(sorted(known)) or "none"
            raise PolicyError(spec.file, spec.line,
                              f'rule "{spec.id}": the {name} detector has no variant called '
                              f'"{unknown[0]}" (its variants: {has})')
        try:
            CompiledRule(spec, policy)
        except PolicyError:
            raise
        except Exception as exc:  # any failure here is the data's mistake
            raise PolicyError(spec.file, spec.line,
                              f'rule "{spec.id}": its settings cannot be used '
                              f"({type(exc).__name__}: {exc})") from None
    for spec in policy.rules:
        options = spec.options
        assert isinstance(options, _ReadOptions)
        # A rule that is off may keep options nothing reads (tone settings are gathered
        # from the rules that are on).
        unread = sorted(set(options) - options.read) if spec.enabled else []
        if unread:
            name = spec.detector or "phrases"
            raise PolicyError(spec.file, spec.line,
                              f'rule "{spec.id}": the {name} detector has no option called '
                              f'"{unread[0]}"')
    if not enabled:
        raise PolicyError(f"{policy.source}/rules", None,
                          "no rule is switched on, so nothing would be checked")


def _load_from(root: Traversable, label: str, check_regexes: bool = True) -> Policy:
    """Read a policy folder. ``check_regexes`` compiles every pattern to report mistakes
    with their line; the built-in policy skips it (its tests compile every pattern), which
    halves the program's start-up."""
    digest = hashlib.sha256()

    def reader_for(node: Traversable, name: str) -> _FileReader:
        raw = _read_policy_file(node, name)
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
    settings_reader = reader_for(settings_node, f"{label}/policy.toml")
    _check_shape(settings_reader, ("organisation", "words", "links", "public_numbers"),
                 ("channel", "admin", "reviewer"))
    settings = _read_settings(settings_reader)
    _check_channels(settings_reader, settings["channels"])
    rules: list[RuleSpec] = []
    seen: dict[str, str] = {}
    readers = []
    for node in _rule_files(root, label):
        reader = reader_for(node, f"{label}/rules/{node.name}")
        _check_shape(reader, ("lists",), ("rule",))
        _check_rule_values(reader)
        readers.append(reader)
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
    try:
        policy = _load_from(p, str(p))
    except PolicyError:
        raise
    except RecursionError:
        raise PolicyError(str(p), None, "something in it is nested too deeply to read") \
            from None
    except Exception as exc:  # a shape or a value not foreseen: still a load error
        raise PolicyError(str(p), None, f"something in it cannot be used "
                                        f"({type(exc).__name__}: {exc})") from None
    _check_rules_can_run(policy)
    return policy


def load_policy_or_builtin(path: str | Path | None) -> tuple[Policy, PolicyError | None]:
    """The user's policy if it loads, else the built-in one and the reason."""
    if path is None:
        return builtin_policy(), None
    try:
        return load_policy(path), None
    except PolicyError as exc:
        return builtin_policy(), exc
