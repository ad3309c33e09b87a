"""``rwt-desktop --self-test``: prove that this copy of the program works, without a screen.

It is meant for the packaged app above all: a PyInstaller bundle that lacks a data file, a
lazily imported module or a Qt plugin starts fine and then fails the first time a volunteer
types a phone number. So the self-test does what a person would, step by step, and says
what it did:

1. finds the data files (policy, rules, grammar settings, link data, icon);
2. loads the built-in policy;
3. runs every rule on a sample post, which must find the phone number (Google's numbering
   data), the shortened link (the list of web address endings) and measure the tone (VADER's
   word list) and the length for each channel;
4. checks the spelling of a sentence with Harper (a native module);
5. makes a photo with a location in it and checks it as an attachment (Pillow's JPEG codec);
6. opens the main window offscreen, types the sample post and waits for the window's own
   background check to come back, then closes the window;
7. writes and reads back a draft and the settings, in a temporary profile.

Nothing touches the person's real profile: ``RWT_CONFIG_DIR``, ``RWT_DATA_DIR`` and
``RWT_CACHE_DIR`` point at a temporary folder for the run, and Qt runs offscreen unless
``QT_QPA_PLATFORM`` says otherwise. The exit status is 0 when every step passed and 1
otherwise, with the reason (``module 'phonenumbers.data' is missing from this copy of the
program``) and a traceback.

The window is imported only in step 6, so the earlier steps say what is wrong even when Qt
itself is what is missing.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

__all__ = ["SAMPLE_POST", "SelfTest", "StepFailed", "main"]

logger = logging.getLogger(__name__)

#: The post the checks run on: an ordinary event notice with three things the policy cares
#: about (a private mobile number, a link shortener, and a length over YouTube's title limit).
SAMPLE_POST = (
    "Join us for the Winter Warmers lunch at the Rudheath community hub this Thursday from "
    "12 till 2. All welcome, and there is soup for everyone! Any questions, text Lorraine on "
    "07700 900462, or see the menu at bit.ly/rwt-lunch."
)
#: Categories the sample post must produce; each proves a different dependency is bundled.
EXPECTED_CATEGORIES = {
    "personal_data": "the phone number was not found (is phonenumbers' metadata bundled?)",
    "links": "the shortened link was not found (is the link data bundled?)",
}
#: A sentence with one misspelling Harper must catch in British English.
SPELLING_SAMPLE = "Thank you to everyone who helped at the fete, it was a wonderfull day."
MISSPELT = "wonderfull"

#: The native platform plugin Qt needs to draw a real window on each system.
_PLATFORM_PLUGINS = {"win32": ("qwindows",), "darwin": ("qcocoa",),
                     "linux": ("qxcb",)}  # Wayland desktops use it through XWayland

Writer = Callable[[str], None]


class StepFailed(Exception):
    """A step found something wrong; the message says what, in one sentence."""


@dataclass
class StepResult:
    name: str
    ok: bool
    detail: str
    seconds: float


def describe_error(exc: BaseException) -> str:
    """One sentence for the usual ways a bundle is incomplete."""
    if isinstance(exc, StepFailed):
        return str(exc)
    if isinstance(exc, ModuleNotFoundError):
        return f"module {exc.name!r} is missing from this copy of the program"
    if isinstance(exc, ImportError):
        return f"a module could not be loaded: {exc}"
    if isinstance(exc, FileNotFoundError):
        return f"a file is missing: {exc.filename or exc}"
    return f"{type(exc).__name__}: {exc}"


@contextlib.contextmanager
def temporary_profile() -> Iterator[Path]:
    """Point RWT_CONFIG_DIR, RWT_DATA_DIR and RWT_CACHE_DIR at a fresh folder; put them
    back afterwards."""
    saved = {name: os.environ.get(name)
             for name in ("RWT_CONFIG_DIR", "RWT_DATA_DIR", "RWT_CACHE_DIR")}
    with tempfile.TemporaryDirectory(prefix="rwt-selftest-",
                                     ignore_cleanup_errors=True) as tmp:
        root = Path(tmp)
        os.environ["RWT_CONFIG_DIR"] = str(root / "config")
        os.environ["RWT_DATA_DIR"] = str(root / "data")
        os.environ["RWT_CACHE_DIR"] = str(root / "cache")
        try:
            yield root
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


class SelfTest:
    """The steps, run in order; each one is independent, so one failure does not hide others."""

    def __init__(self, write: Writer, *, window_timeout: float = 20.0) -> None:
        self.write = write
        self.window_timeout = window_timeout
        self.results: list[StepResult] = []
        self.profile: Path | None = None

    # ------------------------------------------------------------------ running

    def steps(self) -> list[tuple[str, Callable[[], str]]]:
        return [
            ("resources", self.step_resources),
            ("policy", self.step_policy),
            ("checks", self.step_checks),
            ("grammar", self.step_grammar),
            ("images", self.step_images),
            ("window", self.step_window),
            ("profile", self.step_profile),
        ]

    def run(self) -> bool:
        began = time.perf_counter()
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        self.write(self.header())
        with temporary_profile() as profile:
            self.profile = profile
            self.write(f"  temporary profile: {profile}")
            for name, step in self.steps():
                self.results.append(self._run_step(name, step))
        failed = [r.name for r in self.results if not r.ok]
        total = time.perf_counter() - began
        if failed:
            self.write(f"self-test FAILED in {total:.1f} s: {', '.join(failed)}")
        else:
            self.write(f"self-test passed: {len(self.results)} steps in {total:.1f} s")
        return not failed

    def _run_step(self, name: str, step: Callable[[], str]) -> StepResult:
        began = time.perf_counter()
        try:
            detail = step()
        except Exception as exc:
            seconds = time.perf_counter() - began
            self.write(f"[FAIL] {name}: {describe_error(exc)}")
            if not isinstance(exc, StepFailed):
                for line in traceback.format_exception(exc):
                    for part in line.rstrip().splitlines():
                        self.write(f"         {part}")
            return StepResult(name, False, describe_error(exc), seconds)
        seconds = time.perf_counter() - began
        self.write(f"[ok]   {name}: {detail} ({seconds * 1000:.0f} ms)")
        return StepResult(name, True, detail, seconds)

    @staticmethod
    def header() -> str:
        frozen = getattr(sys, "frozen", False)
        where = f"packaged app at {Path(sys.executable).parent}" if frozen else \
            f"from source, Python at {sys.executable}"
        return (f"RWT Post Checker {program_version()} self-test: {where}; Python "
                f"{platform.python_version()} on {platform.system()} {platform.machine()}")

    # ------------------------------------------------------------------ steps

    def step_resources(self) -> str:
        from rwt_desktop.resources_path import resource, resource_path

        root = resource()
        if not root.is_dir():
            raise StepFailed(f"the data folder is missing (looked in {root})")
        needed = ["policy.txt", "policy.toml", "grammar.toml", "golden_rule.toml",
                  "tone_words.toml", "twitter-text-v3.json",
                  "data/twitter-text-tlds.txt", "icons/rwt-post-checker.png"]
        missing = [name for name in needed if not resource(*name.split("/")).is_file()]
        rules = sorted(n.name for n in (root / "rules").iterdir() if n.name.endswith(".toml")) \
            if (root / "rules").is_dir() else []
        if not rules:
            missing.append("rules/*.toml")
        if missing:
            raise StepFailed(f"data files missing from {root}: {', '.join(missing)}")
        folder = resource_path()
        if not folder.is_dir():
            raise StepFailed(f"the data folder is not a real folder on disk ({folder})")
        return f"{len(needed)} data files and {len(rules)} rule files in {folder}"

    def step_policy(self) -> str:
        from rwt_desktop.core.policy import builtin_policy

        policy = builtin_policy()
        if not policy.rules or not policy.channels:
            raise StepFailed("the built-in policy has no rules or no channels")
        return (f"{len(policy.rules)} rules, channels "
                f"{', '.join(ch.id for ch in policy.channels)} (policy {policy.version})")

    def step_checks(self) -> str:
        from rwt_desktop.core.checker import Checker
        from rwt_desktop.core.policy import builtin_policy

        policy = builtin_policy()
        checker = Checker(policy)
        options = {spec.when: True for spec in policy.rules if spec.when}
        report = checker.check(SAMPLE_POST, options=options)
        found = {f.category for f in report.findings}
        problems = [why for category, why in EXPECTED_CATEGORIES.items() if category not in found]
        if report.tone is None:
            problems.append("no tone was measured (is VADER's word list bundled?)")
        missing_lengths = [ch.id for ch in policy.channels if ch.id not in report.channels]
        if missing_lengths:
            problems.append(f"no length for {', '.join(missing_lengths)}")
        if problems:
            raise StepFailed("; ".join(problems))
        for f in report.findings:
            if SAMPLE_POST[f.start:f.end] != f.text:
                raise StepFailed(f"finding {f.rule} has a span that does not match its text")
        detectors = {rule.spec.detector for rule in checker.rules if rule.spec.detector}
        tone = report.tone
        assert tone is not None
        return (f"{len(checker.rules)} rules ({len(detectors)} detectors) found "
                f"{len(report.findings)} issues in {', '.join(sorted(found))}; "
                f"tone {tone.label} ({tone.score:+.2f})")

    def step_grammar(self) -> str:
        from rwt_desktop.core.grammar.base import EngineStatus
        from rwt_desktop.core.grammar.harper_engine import HarperEngine
        from rwt_desktop.core.policy import builtin_policy

        engine = HarperEngine(builtin_policy().local_words)
        try:
            result = engine.check(SPELLING_SAMPLE)
        finally:
            engine.close()
        if result.state.status is not EngineStatus.READY or not result.checked:
            raise StepFailed(f"Harper did not check the text: {result.state.describe()}")
        spelling = [f for f in result.findings if f.category == "spelling"]
        if not any(f.text == MISSPELT for f in spelling):
            raise StepFailed(f"Harper did not find the misspelt {MISSPELT!r} "
                             f"(found: {[f.text for f in result.findings]})")
        return (f"Harper found {len(result.findings)} issue(s) including {MISSPELT!r} "
                f"in {result.elapsed * 1000:.0f} ms (LanguageTool is not tried: it needs Java "
                "or a server)")

    def step_images(self) -> str:
        from PIL import Image

        from rwt_desktop.core.checker import Checker
        from rwt_desktop.core.images import attach_image
        from rwt_desktop.core.policy import builtin_policy

        with tempfile.TemporaryDirectory(prefix="rwt-selftest-img-",
                                         ignore_cleanup_errors=True) as tmp:
            photo = Path(tmp) / "hub-open-day.jpg"
            exif = Image.Exif()
            gps = exif.get_ifd(0x8825)  # GPSInfo: a point in Northwich
            gps.update({1: "N", 2: (53.0, 15.0, 36.0), 3: "W", 4: (2.0, 30.0, 54.0)})
            Image.new("RGB", (64, 48), (200, 120, 40)).save(photo, "JPEG", exif=exif)
            attachment = attach_image(photo)
        info = attachment.info
        if info is None or not info.ok:
            raise StepFailed(f"a JPEG could not be read: {info.error if info else 'no info'}")
        if info.format != "JPEG" or not info.has_gps:
            raise StepFailed(f"the photo read back wrong (format {info.format!r}, "
                             f"location found: {info.has_gps})")
        report = Checker(builtin_policy()).check("Photos from our open day!",
                                                 attachments=[attachment])
        image_findings = [f for f in report.findings if f.category == "image"]
        if not image_findings:
            raise StepFailed("a photo with a location and no credit raised no image finding")
        return (f"a {info.width}x{info.height} JPEG with a location gave "
                f"{len(image_findings)} image finding(s)")

    def step_window(self) -> str:
        from PySide6.QtCore import QLibraryInfo, QTimer, qVersion
        from PySide6.QtGui import QIcon
        from PySide6.QtWidgets import QApplication

        from rwt_desktop.resources_path import resource_path

        plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
        wanted = _PLATFORM_PLUGINS.get(sys.platform, ())
        present = [p.name for p in plugins.glob("*")] if plugins.is_dir() else []
        lacking = [w for w in wanted if not any(w in name for name in present)]
        if lacking:
            raise StepFailed(f"Qt's platform plugin(s) {', '.join(lacking)} are missing from "
                             f"{plugins}, so no window could open on this computer")

        app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "rwt"])
        assert isinstance(app, QApplication)
        icon = QIcon(str(resource_path("icons", "rwt-post-checker.png")))
        if icon.isNull():
            raise StepFailed("the program's icon could not be loaded")

        from rwt_desktop.gui.window import MainWindow
        from rwt_desktop.storage.paths import default_dirs

        # Nobody is there to answer a dialog: note and dismiss any that opens, even one
        # opened while the window is being built, so the self-test can never hang.
        dismissed: list[str] = []
        guard = QTimer()
        guard.setInterval(200)
        guard.timeout.connect(lambda: _dismiss_modal(app, dismissed))
        guard.start()
        window = MainWindow(default_dirs())
        try:
            window.setWindowIcon(icon)
            window.show()
            app.processEvents()
            if not window.isVisible():
                raise StepFailed("the main window did not show")
            results: list[object] = []
            window.live.resultReady.connect(results.append)
            window.composer.setPlainText(SAMPLE_POST)
            window.check_now()
            deadline = time.monotonic() + self.window_timeout
            while time.monotonic() < deadline and not any(
                    getattr(r, "text", None) == SAMPLE_POST for r in results):
                app.processEvents()
                time.sleep(0.005)
            done = [r for r in results if getattr(r, "text", None) == SAMPLE_POST]
            if not done:
                raise StepFailed(f"the window's check did not finish within "
                                 f"{self.window_timeout:.0f} s")
            findings = done[-1].report.findings  # type: ignore[attr-defined]
            if not any(f.category == "personal_data" for f in findings):
                raise StepFailed("the window's check missed the phone number")
        finally:
            window.close()
            app.processEvents()
            window.deleteLater()
            app.processEvents()
            guard.stop()
        note = f"; dismissed dialog(s): {', '.join(dismissed)}" if dismissed else ""
        return (f"opened and closed the window on Qt {qVersion()} "
                f"({app.platformName()}); its check found {len(findings)} issues{note}")

    def step_profile(self) -> str:
        from rwt_desktop.storage.drafts import DraftStore
        from rwt_desktop.storage.paths import default_dirs
        from rwt_desktop.storage.settings import SettingsStore

        dirs = default_dirs()
        if self.profile is None or not dirs.data.is_relative_to(self.profile):
            raise StepFailed(f"the profile is not the temporary one ({dirs.data})")
        text = SAMPLE_POST + " 🎄 Diolch, café"
        with DraftStore(dirs.database) as drafts:
            if drafts.problem:
                raise StepFailed(drafts.problem)
            draft_id = drafts.save(text, ["twitter", "facebook"])
        with DraftStore(dirs.database) as drafts:
            back = drafts.load(draft_id)
        if back.text != text or back.channels != ("twitter", "facebook"):
            raise StepFailed("the draft read back differently from how it was written")
        store = SettingsStore(dirs.config)
        settings, problem = store.load()
        if problem:
            raise StepFailed(problem)
        settings.user_name = "Self-test"
        store.save(settings)
        again, problem = SettingsStore(dirs.config).load()
        if problem or again.user_name != "Self-test":
            raise StepFailed(f"the settings read back wrong ({problem or again.user_name!r})")
        return f"wrote and read back draft {draft_id} and the settings in {dirs.data.parent}"


def _dismiss_modal(app: object, dismissed: list[str]) -> None:
    from PySide6.QtWidgets import QApplication, QDialog

    assert isinstance(app, QApplication)
    modal = app.activeModalWidget()
    if modal is None:
        return
    dismissed.append(repr(modal.windowTitle() or type(modal).__name__))
    if isinstance(modal, QDialog):
        modal.reject()
    else:
        modal.close()


def program_version() -> str:
    """The version from the package metadata (build.spec bundles it), or "unknown"."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("rwt-post-checker")
    except PackageNotFoundError:
        return "(version unknown)"


def _writer(stream: TextIO | None, log: TextIO | None) -> Writer:
    """Print to the console when there is one (a windowed Windows exe has none) and the log."""

    def write(line: str) -> None:
        for target in (stream, log):
            if target is None:
                continue
            try:
                target.write(line + "\n")
                target.flush()
            except (OSError, ValueError, UnicodeError):
                with contextlib.suppress(OSError, ValueError):
                    target.write(line.encode("ascii", "replace").decode("ascii") + "\n")
    return write


def result_box(passed: bool, lines: Sequence[str]) -> Any:
    """The self-test's result as a message window (plain text; the full report in Details)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox()
    box.setWindowTitle("RWT Post Checker self-test")
    box.setIcon(QMessageBox.Icon.Information if passed else QMessageBox.Icon.Warning)
    box.setTextFormat(Qt.TextFormat.PlainText)
    last = lines[-1] if lines else ""
    if passed:
        box.setText(f"This copy of RWT Post Checker works.\n\n{last}")
    else:
        box.setText("Something is wrong with this copy of RWT Post Checker. Please send the "
                    f"details below to the RWT digital lead.\n\n{last}")
    box.setDetailedText("\n".join(lines))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box


def show_result_window(passed: bool, lines: Sequence[str]) -> None:
    """Show the result where there is no console to print it to (the windowed Windows app)."""
    try:
        from PySide6.QtWidgets import QApplication

        _app = QApplication.instance() or QApplication([])
        result_box(passed, lines).exec()
    except Exception:  # no display, no Qt: the exit status still says it all
        logger.exception("could not show the self-test result")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="rwt-desktop --self-test", description=(
        "Check that this copy of RWT Post Checker works, without showing anything."))
    parser.add_argument("--self-test", action="store_true", help="run the self-test")
    parser.add_argument("--self-test-log", metavar="FILE", type=Path, help=(
        "also write the report to FILE (the Windows app has no console to print to)"))
    return parser.parse_args(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the self-test; 0 when every step passed, 1 otherwise, 2 for bad arguments."""
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    log: TextIO | None = None
    if args.self_test_log is not None:
        log = open(args.self_test_log, "w", encoding="utf-8")  # noqa: SIM115 (closed below)
    # The windowed Windows app has no console (sys.stdout is None): unless the report goes to
    # a log file (as in CI), show it in a message window, or a person sees nothing at all.
    in_window = sys.stdout is None and log is None
    lines: list[str] = []
    write = _writer(sys.stdout, log)

    def write_and_keep(line: str) -> None:
        lines.append(line)
        write(line)

    try:
        passed = SelfTest(write_and_keep).run()
    finally:
        if log is not None:
            log.close()
    if in_window:
        show_result_window(passed, lines)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
