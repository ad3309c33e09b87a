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
import stat
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rwt_desktop.core.policy_model import (
    Admin,
    Channel,
    Policy,
    PolicyError,
    RuleSpec,
    Variant,
)
from rwt_desktop.resources_path import resource

if TYPE_CHECKING:
    from importlib.abc import Traversable  # (importing it loads importlib.resources)

    from rwt_desktop.core.policy_reader import FileReader
    from rwt_desktop.core.rules.pattern_analysis import PatternAnalysis

__all__ = [
    "MAX_POLICY_FILE_BYTES", "MAX_RULES_FILES", "Admin", "Channel", "Policy", "PolicyError",
    "RuleSpec", "Variant", "builtin_policy", "load_policy", "load_policy_or_builtin",
    "policy_digest", "policy_files",
]


def __getattr__(name: str) -> Any:
    """``KNOWN_OPTIONS`` from the TOML reader, which is imported only to read a policy's
    files: a start that finds the policy compiled in its cache never needs it."""
    if name == "KNOWN_OPTIONS":
        from rwt_desktop.core.policy_reader import KNOWN_OPTIONS

        return KNOWN_OPTIONS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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



def policy_files(root: Traversable, label: str) -> list[tuple[str, bytes]]:
    """(name, bytes) of every file of the policy folder ``root``: policy.toml, then the rules
    files in name order. The names and bytes make the policy's version (see
    :func:`policy_digest`), so a compiled copy can be found without reading the TOML."""
    settings_node = root / "policy.toml"
    if not settings_node.is_file():
        raise PolicyError(f"{label}/policy.toml", None, "the file is missing")
    files = [(f"{label}/policy.toml", _read_policy_file(settings_node, f"{label}/policy.toml"))]
    for node in _rule_files(root, label):
        name = f"{label}/rules/{node.name}"
        files.append((name, _read_policy_file(node, name)))
    return files


def policy_digest(files: Iterable[tuple[str, bytes]]) -> str:
    """The SHA-256 of a policy's file names and bytes, as hex; its first 12 digits are the
    policy's ``version``."""
    digest = hashlib.sha256()
    for name, raw in files:
        digest.update(name.encode() + b"\0" + raw)
    return digest.hexdigest()


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


def _check_rules_can_run(policy: Policy, analysis: PatternAnalysis | None = None) -> None:
    """Build every rule once as the checker will, so a mistake is a load error naming the
    file and line rather than a checker that fails later or quietly does the wrong thing:
    an unknown detector; a variant the detector never gives (``publik`` for ``public`` made
    a helpline number block); an option it never reads; a value it cannot use."""
    from rwt_desktop.core.rules.engine import CompiledRule
    from rwt_desktop.core.rules.known_names import DETECTOR_VARIANTS
    from rwt_desktop.core.rules.registry import known_detectors

    detectors = known_detectors()

    # Every rule's options note what is read: a detector may read another rule's (links).
    policy = dataclasses.replace(policy, rules=tuple(
        dataclasses.replace(spec, options=_ReadOptions(spec.options)) for spec in policy.rules))
    enabled = 0
    for spec in policy.rules:
        enabled += spec.enabled
        name = spec.detector or "phrases"
        if name not in detectors:
            raise PolicyError(spec.file, spec.line,
                              f'rule "{spec.id}": there is no detector called "{name}" '
                              f"(known: {', '.join(sorted(detectors))})")
        known = DETECTOR_VARIANTS.get(name)
        unknown = sorted(set(spec.variants) - known) if known is not None else []
        if unknown:
            has = ", ".join(sorted(known)) or "none"
            raise PolicyError(spec.file, spec.line,
                              f'rule "{spec.id}": the {name} detector has no variant called '
                              f'"{unknown[0]}" (its variants: {has})')
        try:
            CompiledRule(spec, policy, analysis)
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
    from rwt_desktop.core.policy_reader import (
        FileReader,
        check_channels,
        check_rule_values,
        check_shape,
        read_rules,
        read_settings,
        read_word_lists,
    )

    digest = hashlib.sha256()

    def reader_for(node: Traversable, name: str) -> FileReader:
        raw = _read_policy_file(node, name)
        digest.update(name.encode() + b"\0" + raw)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise PolicyError(name, line, "is not saved as UTF-8 text") from None
        return FileReader(name, text)

    settings_node = root / "policy.toml"
    if not settings_node.is_file():
        raise PolicyError(f"{label}/policy.toml", None, "the file is missing")
    settings_reader = reader_for(settings_node, f"{label}/policy.toml")
    check_shape(settings_reader, ("organisation", "words", "links", "public_numbers"),
                ("channel", "admin", "reviewer"))
    settings = read_settings(settings_reader)
    check_channels(settings_reader, settings["channels"])
    rules: list[RuleSpec] = []
    seen: dict[str, str] = {}
    readers = []
    for node in _rule_files(root, label):
        reader = reader_for(node, f"{label}/rules/{node.name}")
        check_shape(reader, ("lists",), ("rule",))
        check_rule_values(reader)
        readers.append(reader)
    lists, vocabulary = read_word_lists(readers)
    for reader in readers:
        name = reader.name
        for spec in read_rules(reader, check_regexes, vocabulary):
            if spec.id in seen:
                raise PolicyError(name, spec.line,
                                  f'rule id "{spec.id}" is already used in {seen[spec.id]}')
            seen[spec.id] = name
            rules.append(spec)
    return Policy(rules=tuple(rules), version=digest.hexdigest()[:12], source=label,
                  lists=lists, **settings)


@cache
def builtin_policy() -> Policy:
    """The policy shipped with the program (cached: it never changes while running)."""
    return _load_from(resource(), "resources", check_regexes=False)


def load_policy(path: str | Path, analysis: PatternAnalysis | None = None) -> Policy:
    """Load a user's copy: a folder holding policy.toml and rules/, or a policy.toml file.

    Every rule is built once to check it can run; ``analysis`` keeps what that works out
    about the patterns, for the checker built next."""
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
    _check_rules_can_run(policy, analysis)
    return policy


def load_policy_or_builtin(path: str | Path | None) -> tuple[Policy, PolicyError | None]:
    """The user's policy if it loads, else the built-in one and the reason."""
    if path is None:
        return builtin_policy(), None
    try:
        return load_policy(path), None
    except PolicyError as exc:
        return builtin_policy(), exc
