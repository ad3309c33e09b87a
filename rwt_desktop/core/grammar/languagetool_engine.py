"""LanguageTool through language-tool-python, British English, never blocking and never
downloading.

Where it runs, in this order:

1. The organisation's own LanguageTool server, when Settings has its address
   (``languagetool_url``).
2. A local server on this computer, when Java 17+ and a LanguageTool install are both here:
   ``LTP_JAR_DIR_PATH`` (a folder holding ``languagetool-server.jar``), else
   language-tool-python's own download folder (``LTP_PATH`` or
   ``~/.cache/language_tool_python/LanguageTool-*``). Presence is checked by looking for
   the jar; nothing is ever downloaded (the library would fetch a 259 MB zip). The server
   starts in the background, listens on 127.0.0.1 only, and is stopped by :meth:`close` and
   at exit, so no Java process is left behind.
3. The public LanguageTool service, only when the person has turned it on after reading
   :data:`PUBLIC_NOTICE`, and then within its limits: 20 requests a minute (counted here,
   so we never get refused) and 20 KB a request (longer posts are not sent; the result says
   so).

The HTTP conversation goes through language-tool-python's ``LanguageTool`` client (its
parameters, its ``/v2/languages`` check of the language), with its transport replaced: one
try, a ~5 s deadline, and plain failures instead of its 300 s timeout and retries (see
:mod:`.languagetool_http`). Matches
are read from the server's JSON rather than the library's ``Match`` objects, whose offset
fix covers only the start of a span and is kept in class-level state shared between
threads; both ends are converted from UTF-16 in :mod:`.offsets`.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.parse
import weakref
from collections import deque
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import requests
from language_tool_python.utils import kill_process_force, startupinfo

from rwt_desktop.core.grammar.base import (
    EngineStatus,
    GrammarEngine,
    GrammarResult,
    RawIssue,
    plain_message,
    safe_text,
)
from rwt_desktop.core.grammar.languagetool_http import (
    Client,
    Failure,
    host_of,
    is_loopback,
    with_scheme,
)
from rwt_desktop.core.positions import Utf16Map

log = logging.getLogger(__name__)

PUBLIC_API_URL = "https://api.languagetool.org/"
#: What the Settings window shows before the public service can be turned on.
PUBLIC_NOTICE = (
    "The public LanguageTool service is run by LanguageTooler GmbH in Germany, not by RWT. "
    "If you turn it on, the words of every post you check are sent over the internet to "
    "their computers. Do not use it while a draft still holds anyone's personal details "
    "(names with addresses, phone numbers, health or family matters): RWT's policy says "
    "never to reveal personal data. Harper, the built-in checker, keeps everything on this "
    "computer."
)
PUBLIC_REQUESTS_PER_MINUTE = 20
PUBLIC_MAX_REQUEST_BYTES = 20 * 1024
DEFAULT_TIMEOUT = 5.0
MIN_JAVA = 17
JAR_NAMES = ("languagetool-server.jar", "languagetool.jar", "LanguageTool.jar")

NOT_INSTALLED = "LanguageTool is not installed on this computer."
PUBLIC_OFF = ("That address is the public LanguageTool service, which is switched off in "
              "Settings, so nothing was sent.")


# --------------------------------------------------------------------------- detection


def is_public_url(url: str) -> bool:
    host = (urllib.parse.urlparse(with_scheme(url)).hostname or "").lower()
    return any(host == d or host.endswith("." + d)
               for d in ("languagetool.org", "languagetoolplus.com"))


def server_root(url: str) -> str:
    """The address the client joins ``v2/`` to: keeps a path (``/api/``), drops ``/v2``."""
    url = with_scheme(url)
    parts = urllib.parse.urlsplit(url)
    path = re.sub(r"/v2/?$", "", parts.path.rstrip("/")) + "/"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def find_local_install(environ: Mapping[str, str] | None = None) -> Path | None:
    """The LanguageTool server jar on this computer, or None. Looks only; never downloads
    and never creates the library's cache folder."""
    env = os.environ if environ is None else environ
    folders: list[Path] = []
    jar_dir = env.get("LTP_JAR_DIR_PATH", "").strip()
    if jar_dir:
        folders.append(Path(jar_dir))
    cache = Path(env.get("LTP_PATH", "").strip() or Path.home() / ".cache" / "language_tool_python")
    with contextlib.suppress(OSError):
        if cache.is_dir():
            folders += sorted((p for p in cache.glob("LanguageTool*") if p.is_dir()),
                              reverse=True)
    for folder in folders:
        for name in JAR_NAMES:
            jar = folder / name
            with contextlib.suppress(OSError):
                if jar.is_file():
                    return jar
    return None


def java_major_version(java: str | None = None, timeout: float = 15.0) -> int | None:
    """The major version of the ``java`` on PATH (17, 21, ...), or None when there is none."""
    path = java or shutil.which("java")
    if not path:
        return None
    try:
        out = subprocess.run([path, "-version"], capture_output=True, text=True,
                             timeout=timeout, startupinfo=startupinfo,
                             creationflags=_NO_WINDOW, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not m:
        return None
    major = int(m.group(1))
    return int(m.group(2) or 0) if major == 1 else major


_NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --------------------------------------------------------------------------- the engine

_OPEN_ENGINES: weakref.WeakSet[LanguageToolEngine] = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    """No Java process outlives the program, even if the window forgot to close."""
    for engine in list(_OPEN_ENGINES):
        engine.close()


class LanguageToolEngine(GrammarEngine):
    name = "languagetool"

    def __init__(self, words: Any = (), *, url: str = "", public_allowed: bool = False,
                 timeout: float = DEFAULT_TIMEOUT, start_timeout: float = 90.0,
                 environ: Mapping[str, str] | None = None,
                 public_api_url: str = PUBLIC_API_URL, **kwargs: Any) -> None:
        super().__init__(words, start_timeout=start_timeout, **kwargs)
        self.url_setting = url.strip()
        self.public_allowed = bool(public_allowed)
        self.timeout = timeout
        self._environ = environ
        #: Where "the public service" is (tests point it at a local fake).
        self.public_api_url = public_api_url
        self._client: Client | None = None
        self._server: str = ""  # root address in use ("" = none)
        self._public = False
        self._proc: subprocess.Popen[bytes] | None = None
        self._proc_lock = threading.Lock()
        self._session = requests.Session()
        self._sent: deque[float] = deque()  # times of requests to the public service
        #: "organisation", "local" or "public" once decided.
        self.where = ""

    # ------------------------------------------------------------------ start

    def _start(self) -> None:
        if self.url_setting:
            public = is_public_url(self.url_setting)
            if public and not self.public_allowed:
                self._set_state(EngineStatus.UNAVAILABLE, PUBLIC_OFF)
                return
            self.where = "public" if public else "organisation"
            self._use_server(server_root(self.url_setting), public=public)
            return
        jar = find_local_install(self._environ)
        if jar is not None:
            java = java_major_version()
            if java is not None and java >= MIN_JAVA:
                self.where = "local"
                self._start_local(jar)
                return
            if not self.public_allowed:
                self._set_state(EngineStatus.UNAVAILABLE, (
                    "LanguageTool needs Java 17 or newer, which is not installed on this "
                    "computer." if java is None else
                    f"LanguageTool needs Java 17 or newer; this computer has Java {java}."))
                return
        if self.public_allowed:
            self.where = "public"
            self._use_server(server_root(self.public_api_url), public=True)
            return
        self._set_state(EngineStatus.UNAVAILABLE, NOT_INSTALLED)

    def _ready_message(self) -> str:
        if self._public:
            return "Using the public service: your post's words leave this computer."
        if self.where == "local":
            return ""
        return f"Using the server at {host_of(self._server)}."

    def _use_server(self, root: str, *, public: bool) -> None:
        self._server = root
        self._public = public
        self._session.trust_env = not is_loopback(root)  # no office proxy for 127.0.0.1
        try:
            self._connect()
        except Failure as exc:
            self._set_state(EngineStatus.UNAVAILABLE if exc.unavailable else EngineStatus.ERROR,
                            exc.message)

    def _connect(self) -> None:
        """Make the client (it asks the server for its languages). Raises Failure."""
        try:
            client = Client(self._server, self.config.languagetool_language, self.timeout,
                             self._session)
        except ValueError:  # the library's "unsupported language"
            raise Failure(f"The LanguageTool server at {host_of(self._server)} does not offer "
                           "British English.", unavailable=True) from None
        except (TypeError, KeyError, AttributeError):  # /v2/languages was not a list of dicts
            raise Failure(f"The LanguageTool server at {host_of(self._server)} sent an answer "
                           "this program cannot read.") from None
        client.disabled_rules = set(self.config.languagetool_disabled_rules)
        self._client = client
        self._set_state(EngineStatus.READY, self._ready_message())

    def _start_local(self, jar: Path) -> None:
        java = shutil.which("java") or "java"
        port = _free_port()
        cmd = [java, "-cp", str(jar), "org.languagetool.server.HTTPServer", "-p", str(port)]
        with self._proc_lock:
            if self._closed:
                return
            try:
                self._proc = subprocess.Popen(
                    cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL, startupinfo=startupinfo,
                    creationflags=_NO_WINDOW)
            except OSError:
                self._set_state(EngineStatus.UNAVAILABLE,
                                "LanguageTool could not be started on this computer.")
                return
            _OPEN_ENGINES.add(self)
            proc = self._proc
        root = f"http://127.0.0.1:{port}/"
        self._server = root
        self._session.trust_env = False
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline and not self._closed:
            code = proc.poll()
            if code is not None:
                self._set_state(EngineStatus.UNAVAILABLE,
                                f"LanguageTool stopped as it was starting (exit code {code}).")
                self._stop_process()
                return
            try:
                self._connect()
                return
            except Failure as exc:
                if exc.unavailable:
                    self._set_state(EngineStatus.UNAVAILABLE, exc.message)
                    self._stop_process()
                    return
            time.sleep(0.3)
        if not self._closed:
            self._set_state(EngineStatus.UNAVAILABLE,
                            f"LanguageTool did not start within {self.start_timeout:g} "
                            "seconds.")
        self._stop_process()

    # ------------------------------------------------------------------ close

    def _stop_process(self) -> None:
        with self._proc_lock:
            proc, self._proc = self._proc, None
        if proc is None:
            return
        with contextlib.suppress(Exception):
            proc.terminate()
        try:
            proc.wait(timeout=3)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(Exception):
                kill_process_force(pid=proc.pid)
            with contextlib.suppress(Exception):
                proc.wait(timeout=3)
        except Exception:
            log.exception("could not stop the LanguageTool server")

    def _close(self) -> None:
        self._stop_process()
        with contextlib.suppress(Exception):
            self._session.close()
        _OPEN_ENGINES.discard(self)

    @property
    def server_pid(self) -> int | None:
        proc = self._proc
        return proc.pid if proc is not None else None

    # ------------------------------------------------------------------ check

    def _check(self, text: str) -> GrammarResult:
        if not text.strip():
            return GrammarResult(text, (), self.state)
        try:
            if self._client is None:
                if not self._server:
                    return GrammarResult(text, (), self.state, checked=False)
                self._connect()  # the server was down at start; try again
            client = self._client
            assert client is not None
            safe = safe_text(text)
            if self._public:
                if client.request_size(safe) > PUBLIC_MAX_REQUEST_BYTES:
                    return GrammarResult(
                        text, (), self.state, checked=False,
                        notice="This post is too long for the public LanguageTool service "
                               "(20 KB at a time), so its grammar was not checked.")
                wait = self._public_wait()
                if wait > 0:
                    return GrammarResult(
                        text, (), self.state, checked=False, retry_after=wait,
                        notice="The public LanguageTool service takes 20 checks a minute; "
                               "this one will follow shortly.")
            matches = client.check_raw(safe)
        except Failure as exc:
            status = EngineStatus.UNAVAILABLE if exc.unavailable else EngineStatus.ERROR
            return GrammarResult(text, (), self._set_state(status, exc.message), checked=False)
        issues = self._issues(text, matches)
        state = self._set_state(EngineStatus.READY, self._ready_message())
        return GrammarResult(text, self.findings_from(text, issues), state)

    def _public_wait(self) -> float:
        """Seconds until the public service may be asked again (0: now, and counted)."""
        now = time.monotonic()
        while self._sent and now - self._sent[0] >= 60.0:
            self._sent.popleft()
        if len(self._sent) >= PUBLIC_REQUESTS_PER_MINUTE:
            return 60.0 - (now - self._sent[0]) + 0.05
        self._sent.append(now)
        return 0.0

    def _issues(self, text: str, matches: list[Any]) -> list[RawIssue]:
        conv = Utf16Map(text)
        issues: list[RawIssue] = []
        for m in matches:
            try:
                offset, length = m["offset"], m["length"]
                if type(offset) is not int or type(length) is not int:
                    continue
                rule = m["rule"]
                rule_id = re.sub(r"[^A-Za-z0-9_]", "_", str(rule["id"]))[:80] or "RULE"
                category = rule.get("category") or {}
                spelling = (rule.get("issueType") == "misspelling"
                            or category.get("id") == "TYPOS")
                replacements = [r["value"] for r in m.get("replacements") or []
                                if isinstance(r, dict) and isinstance(r.get("value"), str)]
                message = m.get("message")
            except (KeyError, TypeError, AttributeError):
                log.warning("LanguageTool sent a match this program cannot read: %.200r", m)
                continue
            start, end = conv.span_to_index(offset, length)
            problem = text[start:end]
            if spelling:
                message = (f"“{problem}” may be misspelt. Check it, or add it to your "
                           "dictionary if it is right.")
            else:
                message = plain_message(message) if isinstance(message, str) else ""
            issues.append(RawIssue(start, end, rule_id, spelling, message,
                                   tuple(replacements[:20])))
        return issues
