"""Reading the post aloud with the computer's own voice ("Read the post back to yourself").

Nothing leaves the computer: the voice is Qt's text-to-speech when PySide6 has it (the
QtTextToSpeech module comes with PySide6-Addons, which we do not ship), otherwise the voice
the system already has, run as a background :class:`QProcess`:

* Windows: PowerShell's ``System.Speech`` synthesiser. The text goes in an environment
  variable (Unicode-safe, unlike the console's stdin), never into the command itself.
* macOS: ``say``, reading the text from stdin.
* Linux and others: ``espeak-ng``, ``espeak`` or ``spd-say``, whichever is on the PATH,
  reading the text from stdin.

Where there is none, :meth:`Speaker.available` is False and :attr:`Speaker.unavailable_reason`
says so in words, for the read-back to show. Tests replace :func:`default_speaker` (or pass a
speaker in) with a fake that records the text.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, Signal

#: The environment variable that carries the text to PowerShell.
TEXT_VARIABLE = "RWT_SPEAK_TEXT"
#: Windows limits one environment variable to 32,767 characters.
MAX_SPOKEN_CHARS = 30_000

_POWERSHELL_SCRIPT = (
    "Add-Type -AssemblyName System.Speech; "
    "$s = New-Object System.Speech.Synthesis.SpeechSynthesizer; "
    f"$s.Speak([Environment]::GetEnvironmentVariable('{TEXT_VARIABLE}'))"
)


@dataclass(frozen=True)
class VoiceCommand:
    """A program that speaks text given on stdin (or in :data:`TEXT_VARIABLE`)."""

    name: str  # for people: "Windows speech", "espeak-ng"
    program: str
    arguments: tuple[str, ...] = ()
    text_in_environment: bool = False  # else on stdin, as UTF-8
    extra_env: dict[str, str] = field(default_factory=dict)


def find_voice_command(platform: str = sys.platform,
                       which: Callable[[str], str | None] = shutil.which) -> VoiceCommand | None:
    """The system's own voice for ``platform``, or None when it has none we can use."""
    if platform.startswith("win"):
        program = which("powershell") or which("pwsh")
        if program:
            return VoiceCommand("Windows speech", program,
                                ("-NoProfile", "-NonInteractive", "-Command",
                                 _POWERSHELL_SCRIPT), text_in_environment=True)
        return None
    if platform == "darwin":
        program = which("say")
        return VoiceCommand("macOS speech", program, ("-f", "-")) if program else None
    for name, arguments in (("espeak-ng", ("--stdin",)), ("espeak", ("--stdin",)),
                            ("spd-say", ("--wait", "--pipe-mode"))):
        program = which(name)
        if program:
            return VoiceCommand(name, program, arguments)
    return None


class Speaker(QObject):
    """Speaks one text at a time; the small interface the read-back uses."""

    #: Speaking started / stopped (finished, stopped, or failed).
    started = Signal()
    finished = Signal()

    name = ""
    unavailable_reason = ("This computer has no voice the program can use, so the post "
                          "cannot be read aloud. Please read it back to yourself.")

    def available(self) -> bool:
        return False

    def is_speaking(self) -> bool:
        return False

    def speak(self, text: str) -> None:  # pragma: no cover - the null voice says nothing
        """Start reading ``text`` aloud and return at once."""

    def stop(self) -> None:  # pragma: no cover - nothing to stop
        """Stop reading aloud, if it is."""


class ProcessSpeaker(Speaker):
    """The system voice, run as a background process that Stop can end."""

    def __init__(self, command: VoiceCommand, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.command = command
        self.name = command.name
        self._process: QProcess | None = None

    def available(self) -> bool:
        return True

    def is_speaking(self) -> bool:
        return self._process is not None \
            and self._process.state() != QProcess.ProcessState.NotRunning

    def speak(self, text: str) -> None:
        self.stop()
        for old in self.findChildren(QProcess):
            if old.state() == QProcess.ProcessState.NotRunning:
                old.deleteLater()
        text = text[:MAX_SPOKEN_CHARS]
        process = QProcess(self)
        env = QProcessEnvironment.systemEnvironment()
        for key, value in self.command.extra_env.items():
            env.insert(key, value)
        if self.command.text_in_environment:
            env.insert(TEXT_VARIABLE, text)
        process.setProcessEnvironment(env)
        process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
        process.setStandardOutputFile(QProcess.nullDevice())
        process.finished.connect(lambda *_: self._done(process))
        process.errorOccurred.connect(lambda *_: self._done(process))
        self._process = process
        process.start(self.command.program, list(self.command.arguments))
        if not self.command.text_in_environment:
            process.write(text.encode("utf-8", "replace"))
            process.closeWriteChannel()
        self.started.emit()

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.state() != QProcess.ProcessState.NotRunning:
            process.kill()
            process.waitForFinished(1000)
            self.finished.emit()

    def _done(self, process: QProcess) -> None:
        # No deleteLater here: we are inside the process's own signal. A finished process
        # is dropped at the next speak() and goes with the speaker (its parent).
        if process is self._process:
            self._process = None
            self.finished.emit()


class QtSpeaker(Speaker):  # pragma: no cover - needs PySide6-Addons, which we do not ship
    """Qt's own text-to-speech, when the QtTextToSpeech module is installed."""

    def __init__(self, engine: Any, parent: QObject | None = None) -> None:
        """``engine`` is a ``QTextToSpeech`` (typed loosely: its module may be missing)."""
        super().__init__(parent)
        from PySide6.QtTextToSpeech import QTextToSpeech

        self._engine = engine
        self._ready = QTextToSpeech.State.Ready
        self.name = "Qt speech"
        engine.stateChanged.connect(self._state_changed)

    def available(self) -> bool:
        from PySide6.QtTextToSpeech import QTextToSpeech

        return self._engine.state() != QTextToSpeech.State.Error

    def is_speaking(self) -> bool:
        from PySide6.QtTextToSpeech import QTextToSpeech

        return self._engine.state() == QTextToSpeech.State.Speaking

    def speak(self, text: str) -> None:
        self._engine.say(text[:MAX_SPOKEN_CHARS])
        self.started.emit()

    def stop(self) -> None:
        self._engine.stop()

    def _state_changed(self, state: object) -> None:
        if state == self._ready:
            self.finished.emit()


def _qt_speaker(parent: QObject | None) -> Speaker | None:
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError:
        return None
    try:  # pragma: no cover - needs PySide6-Addons
        if not QTextToSpeech.availableEngines():
            return None
        return QtSpeaker(QTextToSpeech(parent), parent)
    except Exception:  # pragma: no cover - a broken engine means no voice, not a crash
        return None


def default_speaker(parent: QObject | None = None) -> Speaker:
    """The best voice this computer has, or a :class:`Speaker` that says why there is none."""
    speaker = _qt_speaker(parent)
    if speaker is not None:
        return speaker
    command = find_voice_command()
    if command is not None:
        return ProcessSpeaker(command, parent)
    none = Speaker(parent)
    if sys.platform.startswith("linux"):
        none.unavailable_reason = (
            "No voice was found on this computer (the program looks for espeak-ng, espeak "
            "or spd-say), so the post cannot be read aloud. Please read it back to yourself.")
    return none


__all__ = ["ProcessSpeaker", "Speaker", "VoiceCommand", "default_speaker",
           "find_voice_command"]
