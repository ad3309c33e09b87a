"""Reading the policy's TOML files: one file at a time, each value checked for its type.

A mistake is a :class:`~rwt_desktop.core.policy_model.PolicyError` naming the file, the line
and the problem in words a member of staff can act on.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from rwt_desktop.core import vocabulary as vocab
from rwt_desktop.core.findings import CATEGORIES, Severity
from rwt_desktop.core.policy_model import Admin, Channel, PolicyError, RuleSpec, Variant


class FileReader:
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


def _str(table: Mapping[str, Any], key: str, reader: FileReader, line: int | None,
         default: str | None = None) -> str:
    value = table.get(key, default)
    if value is None:
        raise reader.error(line, f'"{key}" is missing')
    if not isinstance(value, str):
        raise reader.error(line, f'"{key}" should be text in quotes, not {value!r}')
    return value


def _strs(table: Mapping[str, Any], key: str, reader: FileReader,
          line: int | None) -> tuple[str, ...]:
    value = table.get(key, ())
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise reader.error(line, f'"{key}" should be a list of texts in quotes')
    return tuple(value)


def _int(table: Mapping[str, Any], key: str, reader: FileReader,
         line: int | None) -> int | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise reader.error(line, f'"{key}" should be a whole number, not {value!r}')
    return value


def _bool(table: Mapping[str, Any], key: str, reader: FileReader, line: int | None) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise reader.error(line, f'"{key}" should be true or false (no quotes), not {value!r}')
    return value


def _severity(value: Any, reader: FileReader, line: int | None) -> Severity:
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


def _check_regexes(spec_id: str, key: str, patterns: Iterable[str], reader: FileReader,
                   line: int | None) -> None:
    for p in patterns:
        problem = regex_problem(p)
        if problem is not None:
            raise reader.error(line, f'rule "{spec_id}": {key} pattern {p!r} is not a '
                                     f"valid regular expression ({problem})")


@lru_cache(maxsize=4096)
def regex_problem(pattern: str) -> str | None:
    """Why ``pattern`` does not compile, or None.

    A pure function of the pattern, remembered (bounded, in memory only): a policy has over
    a thousand patterns, more than ``re`` keeps compiled, so loading a second copy of it in
    one process (the window after a change of folder, the tests) compiled them all again.
    """
    try:
        re.compile(pattern)
    except (re.error, OverflowError) as exc:
        return str(exc)
    return None


def _apply_vocabulary(table: dict[str, Any], rid: str, reader: FileReader,
                      line: int | None, vocabulary: vocab.Vocabulary | None,
                      check_limits: bool) -> dict[str, Any]:
    """Word lists expanded, ``near`` made into patterns, pattern limits enforced."""
    return vocab.apply_to_rule(table, rid, vocabulary or vocab.Vocabulary({}), reader._lines,
                               line, reader.error, check_limits)


def read_rules(reader: FileReader, check_regexes: bool = True,
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


def read_settings(reader: FileReader) -> dict[str, Any]:
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


def check_shape(reader: FileReader, tables: Iterable[str], lists: Iterable[str]) -> None:
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


def check_rule_values(reader: FileReader) -> None:
    """Types the rule reader would otherwise take loosely: ``enabled = "false"`` is text,
    and Python counts any text as true, which left a rule on that was meant to be off."""
    for n, table in enumerate(reader.data.get("rule", [])):
        if "enabled" in table and not isinstance(table["enabled"], bool):
            rid = table.get("id")
            line = (reader.id_line(rid) if isinstance(rid, str) else None) or reader.line_of(
                r"^\s*\[\[\s*rule\s*\]\]", n)
            raise reader.error(line, f'rule "{rid}": enabled should be true or false '
                                     f"(without quotes), not {table['enabled']!r}")


def check_channels(reader: FileReader, channels: Iterable[Channel]) -> None:
    seen: set[str] = set()
    for ch in channels:
        if ch.id in seen:
            line = reader.line_of(rf'^\s*id\s*=\s*["\']{re.escape(ch.id)}["\']', 1)
            raise reader.error(line, f'channel "{ch.id}" is listed twice')
        seen.add(ch.id)
    if not seen:
        raise reader.error(None, "there are no channels ([[channel]] tables); at least one "
                                 "is needed to check a post")


def read_word_lists(readers: Iterable[FileReader]
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
