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
import os
import sys
from collections.abc import Sequence
from typing import IO, Any, ClassVar

from rwt_desktop.core.checker import Checker
from rwt_desktop.core.cli_input import (
    MAX_INPUT_BYTES,
    InputError,
    jsonl_item,
    jsonl_records,
    read_post,
)
from rwt_desktop.core.cli_output import (
    EXIT_BLOCKED,
    EXIT_OK,
    EXIT_USAGE,
    format_text,
    images_json,
    load_images,
    report_json,
    run_image_info,
)
from rwt_desktop.core.findings import Report
from rwt_desktop.core.policy import PolicyError
from rwt_desktop.core.policy_cache import PolicyCache, default_cache_dir

__all__ = ["EXIT_BLOCKED", "EXIT_OK", "EXIT_USAGE", "MAX_INPUT_BYTES", "InputError", "main"]

#: The answers an --image-* option accepts, by the name of their list in core.images
#: (looked up only when the option is given: that module loads Pillow).
_SOURCES, _PEOPLE = "SOURCES", "PEOPLE"


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
    for flag, field, meta, answers, text in _IMAGE_FIELDS:
        if meta is None:
            pictures.add_argument(flag, action=_ImageFlag, nargs=0, dest="images",
                                  field=field, help=text)
        else:
            pictures.add_argument(flag, action=_ImageField, dest="images", field=field,
                                  metavar=meta, answers=answers, help=text)
    return p


# (option, ImageAttachment field, metavar or None for a yes/no flag, the name of the
# answers it accepts in core.images or None, help)
_IMAGE_FIELDS: tuple[tuple[str, str, str | None, str | None, str], ...] = (
    ("--image-source", "source", "WHERE", _SOURCES,
     "where it came from: own (our photo), partner (a partner's, with permission), licensed "
     "(e.g. Creative Commons), online (found online) or unknown (the default)"),
    ("--image-author", "author", "NAME", None, "who took it or owns it"),
    ("--image-title", "title", "TEXT", None, "its title, for the credit"),
    ("--image-licence", "licence", "NAME", None, 'its licence, e.g. "CC BY 4.0"'),
    ("--image-licence-url", "licence_url", "URL", None, "a link to the licence"),
    ("--image-permission-from", "permission_from", "WHO", None, "who gave permission"),
    ("--image-permission-date", "permission_date", "WHEN", None, "when they gave it"),
    ("--image-people", "people_identifiable", "ANSWER", _PEOPLE,
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

    def __init__(self, *args: Any, field: str, answers: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.field = field
        self.answers = answers

    def _value(self, values: Any) -> Any:
        return values

    def _check_answer(self, parser: argparse.ArgumentParser, value: Any,
                      option_string: str | None) -> None:
        """argparse's ``choices``, looked up only when the option is given."""
        if self.answers is None:
            return
        from rwt_desktop.core import images

        allowed = getattr(images, self.answers)
        if value not in allowed:
            parser.error(f"argument {option_string}: invalid choice: {value!r} (choose from "
                         f"{', '.join(allowed)})")

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        images = getattr(namespace, self.dest, None)
        if not images:
            parser.error(f"{option_string} describes a picture: put it after the --image "
                         "PATH it is about")
        self._check_answer(parser, values, option_string)
        images[-1][self.field] = self._value(values)


class _ImageFlag(_ImageField):
    def _value(self, values: Any) -> Any:
        return True


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

def _run_jsonl(checker: Checker, source: str, channels: Sequence[str] | None,
               options: dict[str, Any], stdin: IO[bytes], stdout: IO[str],
               grammar: _Grammar | None = None, stderr: IO[str] | None = None) -> int:
    """One JSON object out for every line in: the report, or for a line that cannot be used
    ``{"id", "line", "error"}``; the batch goes on, and the exit status is 2 at the end if
    any line failed. Output is ASCII JSON, so no character can split a record."""
    label = "standard input" if source == "-" else source
    blocked = failed = False
    for lineno, raw in jsonl_records(source, stdin):
        if raw is not None and not raw.strip():
            continue
        item_id, item, problem = jsonl_item(raw, lineno)
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
            out = {"id": item_id, **report_json(report)}
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
    try:
        return _run(argv, checker, stdin, stdout, stderr)
    finally:
        cache.save(compiled)  # with the patterns compiled for these posts, if any are new


def _run(argv: Sequence[str] | None, checker: Checker, stdin: IO[bytes], stdout: IO[str],
         stderr: IO[str]) -> int:
    """Everything after the policy: the options, then the pictures or the posts."""
    policy = checker.policy
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
    attachments = load_images(image_specs)
    if args.image_info:
        return run_image_info(attachments, args.format, stdout)
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
    texts = [(("standard input" if n == "-" else n), read_post(n, stdin)) for n in names]
    colour = (args.format == "text" and hasattr(stdout, "isatty") and stdout.isatty()
              and "NO_COLOR" not in os.environ)
    blocked = False
    results = []
    credits = ""
    if attachments:
        from rwt_desktop.core.images import credits_for

        credits = credits_for(attachments)
    for name, text in texts:
        report = checker.check(text, args.channels, options=options, attachments=attachments)
        if grammar is not None:
            report = grammar.add(report)
        blocked |= report.blocked
        if args.format == "json":
            result = {"file": name, **report_json(report)}
            if grammar is not None:
                result["grammar"] = dict(grammar.state)
            if attachments:
                result["images"] = images_json(attachments)
                result["credits"] = credits
            results.append(result)
        else:
            stdout.write(format_text(name, report, colour) + "\n")
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
