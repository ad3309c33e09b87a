"""LanguageTool servers that misbehave on purpose (issue 13, items 4 and 9): one that sends
its answer a byte at a time must not hold a check past the deadline, and one that redirects
the check to another host must not be followed (that would send the post elsewhere).
"""

from __future__ import annotations

import contextlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rwt_desktop.core.grammar import EngineStatus
from rwt_desktop.core.grammar.languagetool_engine import LanguageToolEngine

LANGUAGES = [{"name": "English (GB)", "code": "en", "longCode": "en-GB"}]
TIMEOUT = 1.0


class HostileServer:
    """/v2/languages answers normally; /v2/check drips or redirects, as ``mode`` says."""

    def __init__(self, mode: str, redirect_to: str = "") -> None:
        self.mode = mode
        self.redirect_to = redirect_to
        self.checks = 0
        #: Set when the dripping answer has been sent in full (it takes 30 s or more).
        self.drip_finished = threading.Event()
        self.stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _json(self, body: object) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._json(LANGUAGES)

            def do_POST(self) -> None:
                size = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(size)
                server.checks += 1
                if server.mode == "redirect":
                    self.send_response(307)
                    self.send_header("Location", server.redirect_to)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                answer = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                          b"Content-Length: 13\r\n\r\n" + b'{"matches":[]}'[:13])
                with contextlib.suppress(OSError):
                    for i in range(len(answer)):  # one byte every 0.3 s: never a read timeout
                        if server.stop.wait(0.3):
                            return
                        self.wfile.write(answer[i:i + 1])
                        self.wfile.flush()
                server.drip_finished.set()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                       daemon=True)

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def __enter__(self) -> HostileServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def _engine(url: str) -> LanguageToolEngine:
    engine = LanguageToolEngine(url=url, timeout=TIMEOUT, start_timeout=10.0)
    engine.wait_until_started()
    assert engine.state.status is EngineStatus.READY, engine.state.message
    return engine


@pytest.mark.timeout(60)
def test_a_server_that_drips_its_answer_is_cut_off_at_the_deadline() -> None:
    with HostileServer("drip") as server:
        engine = _engine(f"http://127.0.0.1:{server.port}")
        try:
            result = engine.check("See you tomorrow.")
            # The check came back while the server was still dripping its answer.
            assert not server.drip_finished.is_set()
            assert not result.checked
            assert "did not answer within 1 second," in result.state.message
        finally:
            engine.close()


@pytest.mark.timeout(60)
def test_a_redirect_to_another_host_is_not_followed() -> None:
    with HostileServer("drip") as elsewhere:
        # "localhost" and "127.0.0.1" are different hosts as far as a URL is concerned.
        target = f"http://localhost:{elsewhere.port}/v2/check"
        with HostileServer("redirect", redirect_to=target) as server:
            engine = _engine(f"http://127.0.0.1:{server.port}")
            try:
                result = engine.check("Private words for one server only.")
                assert server.checks == 1
                assert elsewhere.checks == 0, "the post was sent on to another host"
                assert not result.checked
                assert "another server (localhost:" in result.state.message
            finally:
                engine.close()
