"""``rwt-check``: the same checks as the window, from the command line.

The contract other programs rely on:

* ``rwt-check [FILE ...|-] [--channel NAME ...] [--format text|json]``
* ``rwt-check --jsonl FILE|-``: lines of ``{"id": ..., "text": ...}`` in, one JSON object per
  line out with the same ``id`` plus the report's fields, all in one process.
* Exit status 0 when nothing blocks, 1 when a ``block`` finding is present, 2 for usage or
  input errors. Never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from typing import IO, Any

from rwt_desktop.core.checker import Checker
from rwt_desktop.core.findings import Report, Severity
from rwt_desktop.core.policy import PolicyError, load_policy_or_builtin

EXIT_OK, EXIT_BLOCKED, EXIT_USAGE = 0, 1, 2


class InputError(Exception):
    """Input the program cannot use; the message says what and where."""


def _parser(channel_ids: Sequence[str]) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="rwt-check",
        description="Check social-media posts against the Rudheath and Witton Together "
                    "Social and Digital Media Policy.",
        epilog="Exit status: 0 nothing blocks, 1 something blocks, 2 usage or input error.",
    )
    p.add_argument("files", nargs="*", metavar="FILE",
                   help="text files to check, one post each; - or nothing reads standard input")
    p.add_argument("--channel", "-c", action="append", dest="channels", metavar="NAME",
                   choices=list(channel_ids),
                   help=f"channel the post is for (repeatable; default all: "
                        f"{', '.join(channel_ids)})")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text",
                   help="text for people (default) or json for programs")
    p.add_argument("--jsonl", metavar="FILE",
                   help='check many posts: lines of {"id": ..., "text": ...}; - for stdin')
    p.add_argument("--policy", metavar="FOLDER",
                   default=os.environ.get("RWT_POLICY_DIR") or None,
                   help="use your own copy of the policy data (a folder with policy.toml "
                        "and rules/); also RWT_POLICY_DIR")
    p.add_argument("--personal-account", action="store_true",
                   help="the post is going out from your own account, not RWT's")
    return p


# --------------------------------------------------------------------------- input


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: this is not UTF-8 text (invalid byte at offset "
                         f"{exc.start}). Save the file as UTF-8 and try again.") from None


def _read(name: str, stdin: IO[bytes]) -> str:
    if name == "-":
        return _decode(stdin.read(), "standard input")
    try:
        with open(name, "rb") as fh:
            return _decode(fh.read(), name)
    except IsADirectoryError:
        raise InputError(f"{name}: this is a folder, not a file.") from None
    except FileNotFoundError:
        raise InputError(f"{name}: no such file.") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc}).") from None


# --------------------------------------------------------------------------- output

_COLOURS = {Severity.BLOCK: "\033[1;31m", Severity.WARN: "\033[33m", Severity.INFO: "\033[36m"}
_RESET = "\033[0m"


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def _format_text(name: str, report: Report, colour: bool) -> str:
    out: list[str] = []
    for f in report.findings:
        line, col = _line_col(report.text, f.start)
        sev = f.severity.value
        if colour:
            sev = f"{_COLOURS[f.severity]}{sev}{_RESET}"
        out.append(f"{name}:{line}:{col}: {sev} [{f.category}] {f.message}")
        out.append(f"    policy: \u201c{f.clause}\u201d")
        if f.suggestions:
            out.append(f"    try: {' / '.join(f.suggestions)}")
        if f.advice:
            out.append(f"    {f.advice}")
    for ch_id, ch in report.channels.items():
        if not ch.ok:
            out.append(f"{name}: {ch_id}: {ch.length} / {ch.limit} characters")
    if report.tone is not None:
        out.append(f"{name}: tone {report.tone.label} ({report.tone.score:+.2f})")
    counts = {s: len(report.by_severity(s)) for s in Severity}
    summary = ", ".join(f"{n} {s.value}" for s, n in counts.items() if n)
    out.append(f"{name}: {summary or 'no problems found'}"
               + (" \u2014 must be fixed before posting" if report.blocked else ""))
    return "\n".join(out)


def _report_json(report: Report) -> dict[str, Any]:
    return report.to_dict()


# --------------------------------------------------------------------------- modes


def _run_jsonl(checker: Checker, source: str, channels: Sequence[str] | None,
               options: dict[str, Any], stdin: IO[bytes], stdout: IO[str]) -> int:
    raw = _read(source, stdin)
    label = "standard input" if source == "-" else source
    blocked = False
    for lineno, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{label}, line {lineno}: not valid JSON ({exc.msg}, column "
                             f"{exc.colno}).") from None
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise InputError(f'{label}, line {lineno}: expected an object with a "text" '
                             "string.")
        report = checker.check(item["text"], channels, options=options)
        blocked |= report.blocked
        out = {"id": item.get("id"), **_report_json(report)}
        stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        stdout.flush()
    return EXIT_BLOCKED if blocked else EXIT_OK


def main(argv: Sequence[str] | None = None, *, stdin: IO[bytes] | None = None,
         stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> int:
    stdin = stdin if stdin is not None else sys.stdin.buffer
    stdout = stdout if stdout is not None else sys.stdout
    stderr = stderr if stderr is not None else sys.stderr
    try:
        return _main(argv, stdin, stdout, stderr)
    except InputError as exc:
        stderr.write(f"rwt-check: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): point stdout at devnull so the flush at exit
        # does not raise again (the recipe in Python's signal documentation).
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return EXIT_OK
    except Exception as exc:  # the contract says never a traceback
        stderr.write(f"rwt-check: something went wrong inside the checker: "
                     f"{type(exc).__name__}: {exc}\n"
                     "Please tell the person who looks after RWT Post Checker.\n")
        return EXIT_USAGE


def _main(argv: Sequence[str] | None, stdin: IO[bytes], stdout: IO[str],
          stderr: IO[str]) -> int:
    # The policy decides which channels exist, so read --policy before building the parser.
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--policy", default=os.environ.get("RWT_POLICY_DIR") or None)
    known, _ = pre.parse_known_args(argv)
    policy, problem = load_policy_or_builtin(known.policy)
    if problem is not None:
        stderr.write(f"rwt-check: your policy file has a problem, so the built-in policy is "
                     f"used meanwhile.\n  {problem}\n")
    try:
        checker = Checker(policy)
    except PolicyError as exc:  # a rule naming a detector that does not exist, say
        stderr.write(f"rwt-check: your policy file has a problem, so the built-in policy is "
                     f"used meanwhile.\n  {exc}\n")
        checker = Checker(None)
        policy = checker.policy
    parser = _parser([ch.id for ch in policy.channels])
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage message
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    options = {"personal_account": args.personal_account}

    if args.jsonl is not None:
        if args.files:
            parser.print_usage(stderr)
            stderr.write("rwt-check: give either --jsonl or files, not both.\n")
            return EXIT_USAGE
        return _run_jsonl(checker, args.jsonl, args.channels, options, stdin, stdout)

    names = args.files or ["-"]
    texts = [(("standard input" if n == "-" else n), _read(n, stdin)) for n in names]
    colour = (args.format == "text" and hasattr(stdout, "isatty") and stdout.isatty()
              and "NO_COLOR" not in os.environ)
    blocked = False
    results = []
    for name, text in texts:
        report = checker.check(text, args.channels, options=options)
        blocked |= report.blocked
        if args.format == "json":
            results.append({"file": name, **_report_json(report)})
        else:
            stdout.write(_format_text(name, report, colour) + "\n")
    if args.format == "json":
        payload: Any = results[0] if len(results) == 1 else {"files": results}
        if len(results) == 1:
            payload = {k: v for k, v in payload.items() if k != "file"}
        stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    return EXIT_BLOCKED if blocked else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
