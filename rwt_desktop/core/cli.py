"""``rwt-check``: the same checks as the window, from the command line.

The contract other programs rely on:

* ``rwt-check [FILE ...|-] [--channel NAME ...] [--format text|json]``
* ``rwt-check --jsonl FILE|-``: lines of ``{"id": ..., "text": ...}`` in, one JSON object per
  line out with the same ``id`` plus the report's fields, all in one process.
* ``rwt-check POST --image PHOTO [--image-source ... --image-alt ...] ...``: the pictures
  going with the post, each ``--image-*`` option describing the ``--image`` before it; their
  findings carry ``"image"`` and the JSON gains ``"images"`` and ``"credits"``.
* ``rwt-check --image-info PHOTO ...`` (or ``--image PHOTO --image-info``): what each picture
  holds (format, size, location, camera, orientation), without checking a post.
* ``--grammar harper|languagetool [--languagetool-url URL]``: add spelling and grammar
  findings (categories ``spelling``/``grammar``, never ``block``, so the exit status does
  not change); the JSON gains ``"grammar": {"engine", "status", "message"}``. An engine
  that cannot run says why on standard error and the other checks carry on.
* Exit status 0 when nothing blocks, 1 when a ``block`` finding is present (a picture that
  cannot be opened is one), 2 for usage or input errors (a picture that is not there is
  one, and so is a ``--policy`` folder that cannot be used). Never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, ClassVar

from rwt_desktop.core.checker import Checker
from rwt_desktop.core.findings import Report, Severity
from rwt_desktop.core.images import (
    PEOPLE,
    SOURCES,
    ImageAttachment,
    ImageInfo,
    attach_image,
    credit_line,
    credits_for,
    display_names,
)
from rwt_desktop.core.policy import PolicyError
from rwt_desktop.core.policy_cache import PolicyCache, default_cache_dir

EXIT_OK, EXIT_BLOCKED, EXIT_USAGE = 0, 1, 2


class InputError(Exception):
    """Input the program cannot use; the message says what and where."""


def _parser(channel_ids: Sequence[str],
            default_ids: Sequence[str] = ()) -> argparse.ArgumentParser:
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
                   help=f"channel the post is for (repeatable; default: the policy's "
                        f"default channels, {', '.join(default_ids)}; known: "
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
    p.add_argument("--grammar", choices=("harper", "languagetool", "off"), default="off",
                   help="also check spelling and grammar: harper (built in, offline) or "
                        "languagetool (a local install or --languagetool-url); default off")
    p.add_argument("--languagetool-url", metavar="URL", default="",
                   help="your organisation's LanguageTool server, for --grammar languagetool")
    pictures = p.add_argument_group(
        "pictures",
        "Attach pictures to the post with --image (repeatable). The --image-* options after "
        "an --image describe that picture, e.g. --image walk.jpg --image-source own "
        "--image-people no --image-alt \"Walkers crossing the bridge\" --image poster.png "
        "--image-source partner --image-author \"Jo Bennett\". A picture that is not "
        "there is a usage error (exit 2); one that cannot be opened is a finding that "
        "blocks (exit 1).")
    pictures.add_argument("--image", action=_AddImage, dest="images", metavar="PATH",
                          help="a picture going with the post (JPEG, PNG, GIF or WebP)")
    pictures.add_argument("--image-info", action="store_true",
                          help="only show what each picture holds (format, size, location, "
                               "camera, orientation): rwt-check --image-info PHOTO ...; "
                               "exit 1 if one cannot be opened")
    for flag, field, meta, choices, text in _IMAGE_FIELDS:
        if meta is None:
            pictures.add_argument(flag, action=_ImageFlag, nargs=0, dest="images",
                                  field=field, help=text)
        else:
            pictures.add_argument(flag, action=_ImageField, dest="images", field=field,
                                  metavar=meta, choices=choices, help=text)
    return p


# (option, ImageAttachment field, metavar or None for a yes/no flag, choices, help)
_IMAGE_FIELDS: tuple[tuple[str, str, str | None, Sequence[str] | None, str], ...] = (
    ("--image-source", "source", "WHERE", SOURCES,
     "where it came from: own (our photo), partner (a partner's, with permission), licensed "
     "(e.g. Creative Commons), online (found online) or unknown (the default)"),
    ("--image-author", "author", "NAME", None, "who took it or owns it"),
    ("--image-title", "title", "TEXT", None, "its title, for the credit"),
    ("--image-licence", "licence", "NAME", None, 'its licence, e.g. "CC BY 4.0"'),
    ("--image-licence-url", "licence_url", "URL", None, "a link to the licence"),
    ("--image-permission-from", "permission_from", "WHO", None, "who gave permission"),
    ("--image-permission-date", "permission_date", "WHEN", None, "when they gave it"),
    ("--image-people", "people_identifiable", "ANSWER", PEOPLE,
     "can anyone be recognised in it: yes, no or unsure (the default)"),
    ("--image-consent", "consent", None, None,
     "everyone who can be recognised agreed (for children, a parent or carer)"),
    ("--image-children", "children", None, None, "children can be recognised in it"),
    ("--image-credit-wanted", "credit_wanted", None, None,
     "our own photographer would like a credit"),
    ("--image-alt", "alt_text", "TEXT", None, "the alt text (what the picture shows)"),
)


class _AddImage(argparse.Action):
    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        images = list(getattr(namespace, self.dest, None) or [])
        images.append({"path": values})
        setattr(namespace, self.dest, images)


class _ImageField(argparse.Action):
    """An --image-* option: sets one field of the picture named by the --image before it."""

    def __init__(self, *args: Any, field: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.field = field

    def _value(self, values: Any) -> Any:
        return values

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        images = getattr(namespace, self.dest, None)
        if not images:
            parser.error(f"{option_string} describes a picture: put it after the --image "
                         "PATH it is about")
        images[-1][self.field] = self._value(values)


class _ImageFlag(_ImageField):
    def _value(self, values: Any) -> Any:
        return True


# --------------------------------------------------------------------------- input


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: this is not UTF-8 text (invalid byte at offset "
                         f"{exc.start}). Save the file as UTF-8 and try again.") from None


#: Largest post read, and longest --jsonl line: far beyond any post, small enough that
#: ``rwt-check /dev/zero`` or a runaway pipe stops with a message, not out of memory.
MAX_INPUT_BYTES = 10_000_000


def _too_big(name: str) -> InputError:
    return InputError(f"{name}: more than {MAX_INPUT_BYTES:,} bytes, far too long to be a "
                      "post. Check it in smaller parts.")


def _open_input(name: str) -> IO[bytes]:
    """An ordinary file opened for reading. A device or a named pipe is refused before it is
    opened (opening a pipe with nobody writing to it waits for ever)."""
    try:
        info = os.stat(name)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file.") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc}).") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{name}: this is a folder, not a file.")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{name}: this is not an ordinary file (a device or a pipe). To "
                         f"check what it holds, send it to standard input: rwt-check - < "
                         f"{name}")
    if info.st_size > MAX_INPUT_BYTES:
        raise _too_big(name)
    try:
        return open(name, "rb")  # the caller closes it
    except IsADirectoryError:
        raise InputError(f"{name}: this is a folder, not a file.") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc}).") from None


def _read(name: str, stdin: IO[bytes]) -> str:
    label = "standard input" if name == "-" else name
    fh = stdin if name == "-" else _open_input(name)
    try:
        data = fh.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{label}: cannot be read ({exc.strerror or exc}).") from None
    finally:
        if fh is not stdin:
            fh.close()
    if len(data) > MAX_INPUT_BYTES:
        raise _too_big(label)
    return _decode(data, label)


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
        sev = f.severity.value
        if colour:
            sev = f"{_COLOURS[f.severity]}{sev}{_RESET}"
        if f.image:  # about a picture, not a place in the text
            out.append(f"{name}: {f.image}: {sev} [{f.category}] {f.message}")
        else:
            line, col = _line_col(report.text, f.start)
            out.append(f"{name}:{line}:{col}: {sev} [{f.category}] {f.message}")
        out.append(f"    policy: \u201c{f.clause}\u201d")
        if f.suggestions:
            out.append(f"    try: {' / '.join(f.suggestions)}")
        if f.advice:
            out.append(f"    {f.advice}")
    for ch_id, ch in report.channels.items():
        if not ch.ok:
            out.append(f"{name}: {ch_id}: {ch.length} / {ch.limit} characters"
                       + ("" if ch.title_ok else
                          f", first line (title) {ch.title_length} / {ch.title_limit}"))
    if report.tone is not None:
        out.append(f"{name}: tone {report.tone.label} ({report.tone.score:+.2f})")
    counts = {s: len(report.by_severity(s)) for s in Severity}
    summary = ", ".join(f"{n} {s.value}" for s, n in counts.items() if n)
    out.append(f"{name}: {summary or 'no problems found'}"
               + (" \u2014 must be fixed before posting" if report.blocked else ""))
    return "\n".join(out)


def _report_json(report: Report) -> dict[str, Any]:
    return report.to_dict()


def _images_json(attachments: Sequence[ImageAttachment]) -> list[dict[str, Any]]:
    return [{"name": name, **att.to_dict(), "credit": credit_line(att)}
            for name, att in zip(display_names(attachments), attachments, strict=True)]


_ORIENTATION = {
    1: "upright", 2: "mirrored", 3: "upside down", 4: "upside down and mirrored",
    5: "on its side and mirrored", 6: "on its side (shown turned 90\u00b0 clockwise)",
    7: "on its side and mirrored", 8: "on its side (shown turned 90\u00b0 anticlockwise)",
}


def _size_text(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.0f} KB"
    return f"{n} bytes"


def _format_info(name: str, info: ImageInfo) -> str:
    if not info.ok:
        return f"{name}\n  {info.error}"
    yes = {True: "yes", False: "no"}
    lines = [
        name,
        f"  format: {info.format}, {info.width:,} \u00d7 {info.height:,} pixels "
        f"({info.megapixels:.1f} megapixels), {_size_text(info.file_size)}",
        f"  stored: {_ORIENTATION.get(info.orientation, 'upright')} "
        f"(EXIF orientation {info.orientation})",
    ]
    if info.has_gps:
        where = "yes"
        if info.gps_latitude is not None and info.gps_longitude is not None:
            where = f"yes, {info.gps_latitude:.5f}, {info.gps_longitude:.5f}"
        lines.append(f"  location (GPS): {where}")
    else:
        lines.append("  location (GPS): no")
    lines.append(f"  camera: {info.camera or 'not recorded'}")
    if info.taken:
        lines.append(f"  taken: {info.taken}")
    lines.append(f"  hidden details: EXIF {yes[info.has_exif]}, XMP {yes[info.has_xmp]}, "
                 f"comments {yes[info.has_comment]} (the exported copy has none of these)")
    lines.append(f"  colour profile: {yes[info.has_icc]}; animated: {yes[info.animated]}")
    if not info.extension_ok:
        lines.append(f"  note: the name ends in {Path(name).suffix} but it is a {info.format}")
    return "\n".join(lines)


def _load_images(specs: Sequence[dict[str, Any]]) -> list[ImageAttachment]:
    """Each --image with its fields, inspected. A path that is not a file is a usage error."""
    out = []
    for spec in specs:
        path = Path(spec["path"])
        if path.is_dir():
            raise InputError(f"{path}: this is a folder, not a picture.")
        if not path.exists():
            raise InputError(f"{path}: no such file.")
        fields = {k: v for k, v in spec.items() if k != "path"}
        out.append(attach_image(path, **fields))
    return out


def _run_image_info(attachments: Sequence[ImageAttachment], fmt: str, stdout: IO[str]) -> int:
    if fmt == "json":
        stdout.write(json.dumps({"images": _images_json(attachments)}, ensure_ascii=False,
                                indent=2) + "\n")
    else:
        names = display_names(attachments)
        stdout.write("\n\n".join(_format_info(n, a.info or ImageInfo())
                                 for n, a in zip(names, attachments, strict=True)) + "\n")
    broken = any(a.info is not None and not a.info.ok for a in attachments)
    return EXIT_BLOCKED if broken else EXIT_OK


# --------------------------------------------------------------------------- grammar


class _Grammar:
    """--grammar: one engine for the whole run; its problems said once on stderr."""

    _open: ClassVar[list[_Grammar]] = []

    def __init__(self, name: str, url: str, words: Sequence[str], stderr: IO[str]) -> None:
        from rwt_desktop.core.grammar import create_engine

        self.engine = create_engine(name, words, languagetool_url=url)
        self._stderr = stderr
        self._said: set[str] = set()
        self.state: dict[str, str] = {"engine": name, "status": "off", "message": ""}
        if self.engine is not None:
            self.engine.start()  # Harper's dictionary loads while the input is read
            _Grammar._open.append(self)

    def add(self, report: Report) -> Report:
        if self.engine is None:
            return report
        from rwt_desktop.core.grammar import add_grammar

        report, result = add_grammar(report, self.engine)
        st = result.state
        self.state = {"engine": st.engine, "status": st.status.value, "message": st.message}
        for problem in (result.notice, "" if result.checked else st.message):
            if problem and problem not in self._said:
                self._said.add(problem)
                self._stderr.write(f"rwt-check: spelling and grammar: {problem}\n")
        return report

    @classmethod
    def close_all(cls) -> None:
        while cls._open:
            g = cls._open.pop()
            if g.engine is not None:
                g.engine.close()


# --------------------------------------------------------------------------- modes


def _jsonl_records(source: str, stdin: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) for each line, split on ``\\n`` only: U+2028, U+2029 and U+0085
    are legal inside JSON strings and must not split a record. A line longer than
    :data:`MAX_INPUT_BYTES` comes as ``None`` (and is skipped to its end)."""
    fh = stdin if source == "-" else _open_input(source)
    try:
        lineno = 0
        while True:
            line = fh.readline(MAX_INPUT_BYTES + 1)
            if not line:
                return
            lineno += 1
            if len(line) > MAX_INPUT_BYTES and not line.endswith(b"\n"):
                while line and not line.endswith(b"\n"):  # the rest of the long line
                    line = fh.readline(MAX_INPUT_BYTES)
                yield lineno, None
                continue
            yield lineno, line
    finally:
        if fh is not stdin:
            fh.close()


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]} is too large")
    return value


def _jsonl_item(raw: bytes | None, lineno: int) -> tuple[Any, dict[str, Any] | None, str]:
    """(id, the record, "") for a good line, or (id if known, None, what is wrong)."""
    if raw is None:
        return None, None, f"longer than {MAX_INPUT_BYTES:,} bytes"
    if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, None, f"not UTF-8 text (invalid byte at column {exc.start + 1})"
    try:
        item = json.loads(line, parse_constant=_no_constants, parse_float=_finite)
    except json.JSONDecodeError as exc:
        return None, None, f"not valid JSON ({exc.msg}, column {exc.colno})"
    except (ValueError, RecursionError) as exc:
        return None, None, f"not valid JSON ({exc})"
    item_id = item.get("id") if isinstance(item, dict) else None
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        return item_id, None, 'expected an object with a "text" string'
    return item_id, item, ""


def _run_jsonl(checker: Checker, source: str, channels: Sequence[str] | None,
               options: dict[str, Any], stdin: IO[bytes], stdout: IO[str],
               grammar: _Grammar | None = None, stderr: IO[str] | None = None) -> int:
    """One JSON object out for every line in: the report, or for a line that cannot be used
    ``{"id", "line", "error"}``; the batch goes on, and the exit status is 2 at the end if
    any line failed. Output is ASCII JSON, so no character can split a record."""
    label = "standard input" if source == "-" else source
    blocked = failed = False
    for lineno, raw in _jsonl_records(source, stdin):
        if raw is not None and not raw.strip():
            continue
        item_id, item, problem = _jsonl_item(raw, lineno)
        if item is None:
            failed = True
            out: dict[str, Any] = {"id": item_id, "line": lineno, "error": problem}
            if stderr is not None:
                stderr.write(f"rwt-check: {label}, line {lineno}: {problem}.\n")
        else:
            report = checker.check(item["text"], channels, options=options)
            if grammar is not None:
                report = grammar.add(report)
            blocked |= report.blocked
            out = {"id": item_id, **_report_json(report)}
            if grammar is not None:
                out["grammar"] = dict(grammar.state)
        stdout.write(json.dumps(out, ensure_ascii=True, allow_nan=False) + "\n")
        stdout.flush()
    return EXIT_USAGE if failed else EXIT_BLOCKED if blocked else EXIT_OK


def _tolerant(stream: IO[str]) -> None:
    """Characters the console cannot show (emoji on a cp1252 Windows console or redirect) are
    written as escapes instead of stopping the run with an error."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(Exception):
            reconfigure(errors="backslashreplace")


def _utf8(stream: IO[str]) -> bool:
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "")
    return encoding in ("utf8", "utf8sig")


def main(argv: Sequence[str] | None = None, *, stdin: IO[bytes] | None = None,
         stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> int:
    stdin = stdin if stdin is not None else sys.stdin.buffer
    stdout = stdout if stdout is not None else sys.stdout
    stderr = stderr if stderr is not None else sys.stderr
    _tolerant(stdout)
    _tolerant(stderr)
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
    finally:
        _Grammar.close_all()  # no LanguageTool server outlives the run


def _main(argv: Sequence[str] | None, stdin: IO[bytes], stdout: IO[str],
          stderr: IO[str]) -> int:
    # The policy decides which channels exist, so read --policy before building the parser.
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--policy", default=os.environ.get("RWT_POLICY_DIR") or None)
    known, _ = pre.parse_known_args(argv)
    # A policy that cannot be used is an error (exit 2), never a quiet run of other rules.
    # It is compiled once per version into the user's cache folder (RWT_CACHE_DIR wins).
    cache = PolicyCache(default_cache_dir())
    compiled = cache.load(known.policy)
    policy, problem = compiled.policy, compiled.problem
    try:
        checker = (Checker(policy, analysis=compiled.analysis) if problem is None else None)
    except PolicyError as exc:
        problem = exc
    if problem is not None or checker is None:
        stderr.write(f"rwt-check: your policy folder has a problem, so nothing was checked."
                     f"\n  {problem}\n")
        return EXIT_USAGE
    cache.save(compiled)
    parser = _parser([ch.id for ch in policy.channels], policy.default_channels)
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage message
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    options = {"personal_account": args.personal_account}
    if not args.channels:  # as the window does for a new post
        args.channels = list(policy.default_channels)

    image_specs = args.images or []
    if args.image_info and not image_specs:
        # "rwt-check --image-info photo.jpg": the names are the pictures, not posts.
        image_specs = [{"path": name} for name in args.files if name != "-"]
    if args.image_info and not image_specs:
        parser.print_usage(stderr)
        stderr.write("rwt-check: --image-info needs at least one picture: "
                     "rwt-check --image-info PHOTO.\n")
        return EXIT_USAGE
    if image_specs and args.jsonl is not None:
        parser.print_usage(stderr)
        stderr.write("rwt-check: pictures go with one post: give --image with files or "
                     "standard input, not with --jsonl.\n")
        return EXIT_USAGE
    attachments = _load_images(image_specs)
    if args.image_info:
        return _run_image_info(attachments, args.format, stdout)
    grammar = (None if args.grammar == "off" else
               _Grammar(args.grammar, args.languagetool_url, policy.local_words, stderr))

    if args.jsonl is not None:
        if args.files:
            parser.print_usage(stderr)
            stderr.write("rwt-check: give either --jsonl or files, not both.\n")
            return EXIT_USAGE
        return _run_jsonl(checker, args.jsonl, args.channels, options, stdin, stdout,
                          grammar, stderr)

    names = args.files or ["-"]
    texts = [(("standard input" if n == "-" else n), _read(n, stdin)) for n in names]
    colour = (args.format == "text" and hasattr(stdout, "isatty") and stdout.isatty()
              and "NO_COLOR" not in os.environ)
    blocked = False
    results = []
    credits = credits_for(attachments)
    for name, text in texts:
        report = checker.check(text, args.channels, options=options, attachments=attachments)
        if grammar is not None:
            report = grammar.add(report)
        blocked |= report.blocked
        if args.format == "json":
            result = {"file": name, **_report_json(report)}
            if grammar is not None:
                result["grammar"] = dict(grammar.state)
            if attachments:
                result["images"] = _images_json(attachments)
                result["credits"] = credits
            results.append(result)
        else:
            stdout.write(_format_text(name, report, colour) + "\n")
            if credits:
                stdout.write(f"{name}: credits to add to the post:\n"
                             + "".join(f"    {line}\n" for line in credits.splitlines()))
    if args.format == "json":
        payload: Any = results[0] if len(results) == 1 else {"files": results}
        if len(results) == 1:
            payload = {k: v for k, v in payload.items() if k != "file"}
        # Readable UTF-8 where the output takes it, else \u escapes (still the same JSON).
        stdout.write(json.dumps(payload, ensure_ascii=not _utf8(stdout), indent=2) + "\n")
    return EXIT_BLOCKED if blocked else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
