"""HTTP to a LanguageTool server: one try, a whole-exchange deadline, plain failures.

language-tool-python's ``LanguageTool`` client keeps its parameters and its ``/v2/languages``
check of the language, with its transport replaced: one try within a ~5 s deadline, no
redirect to another server, an answer size cap, and every problem turned into a
:class:`Failure` holding the one plain sentence the status bar shows, instead of the
library's 300 s timeout and retries. Nothing here starts or downloads anything.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
import urllib.parse
from collections.abc import Mapping
from typing import Any

import requests
from language_tool_python import LanguageTool

#: Biggest answer we read from a server (a real one is a few KB per post).
MAX_RESPONSE_BYTES = 8 * 1024 * 1024


class Failure(Exception):
    """A server problem, with the one plain sentence the status bar shows."""

    def __init__(self, message: str, *, unavailable: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.unavailable = unavailable



def with_scheme(url: str) -> str:
    url = url.strip()
    return url if re.match(r"^[a-z][a-z0-9+.-]*://", url, re.I) else "http://" + url


def host_of(url: str) -> str:
    return urllib.parse.urlsplit(with_scheme(url)).netloc or url


def is_loopback(url: str) -> bool:
    host = (urllib.parse.urlsplit(url).hostname or "").lower()
    return host in ("localhost", "127.0.0.1", "::1")


def _why_not_answering(exc: BaseException) -> str:
    """The reason a connection failed, in a few plain words ("" when it is not clear)."""
    seen: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and len(seen) < 8:  # the library wraps the socket's error
        seen.append(e)
        e = e.__cause__ or e.__context__ or (e.args[0] if e.args and
                                             isinstance(e.args[0], BaseException) else None)
    text = " ".join(str(e) for e in seen).lower()
    if any(isinstance(e, ConnectionRefusedError) for e in seen) or "refused" in text:
        return "connection refused"
    if isinstance(exc, requests.exceptions.SSLError) or "certificate" in text:
        return "a security certificate problem"
    if isinstance(exc, requests.exceptions.ProxyError):
        return "the proxy did not connect"
    if "name or service not known" in text or "nodename nor servname" in text \
            or "getaddrinfo failed" in text or "name resolution" in text:
        return "no server by that name"
    if "unreachable" in text:
        return "the network is unreachable"
    return ""


def _http_json(session: requests.Session, method: str, url: str,
               params: Mapping[str, str] | None, timeout: float, server: str) -> Any:
    """One request with a total deadline; any problem becomes a :class:`Failure`.

    The deadline covers the whole exchange, headers and body: ``requests``' own timeout is per
    read, so a server sending a byte a second could hold a check for ever. The request runs
    on a helper thread; if the deadline passes, the check gives up at once and the session is
    closed, so the stuck read fails at its next byte and its answer is thrown away.
    """
    slow = (f"The LanguageTool server at {host_of(server)} did not answer within "
            f"{timeout:g} second{'' if timeout == 1 else 's'}, so grammar was not checked.")
    deadline = time.monotonic() + timeout
    box: dict[str, Any] = {}
    done = threading.Event()

    def work() -> None:
        try:
            box["value"] = _request_json(session, method, url, params, timeout, server,
                                         deadline, slow)
        except BaseException as exc:  # handed to the calling thread
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=work, name="rwt-languagetool-request", daemon=True).start()
    if not done.wait(timeout + 0.25):
        with contextlib.suppress(Exception):
            session.close()
        raise Failure(slow)
    if "error" in box:
        raise box["error"]
    return box["value"]


#: Redirects followed within the same server (http to https, a moved path); never to another.
_MAX_REDIRECTS = 3


def _same_server(a: str, b: str) -> bool:
    sa, sb = urllib.parse.urlsplit(a), urllib.parse.urlsplit(b)
    return (sa.hostname or "").lower() == (sb.hostname or "").lower()


def _request_json(session: requests.Session, method: str, url: str,
                  params: Mapping[str, str] | None, timeout: float, server: str,
                  deadline: float, slow: str) -> Any:
    where = host_of(server)
    down = f"The LanguageTool server at {where} is not answering, so grammar was not checked."
    for _hop in range(_MAX_REDIRECTS + 1):
        try:
            response = session.request(
                method.upper(), url, timeout=(timeout, timeout), stream=True,
                allow_redirects=False,  # the text must not be resent to another server
                params=params if method == "get" else None,
                data=params if method == "post" else None)
        except requests.Timeout:
            raise Failure(slow) from None
        except (requests.RequestException, OSError, ValueError) as exc:
            why = _why_not_answering(exc)
            raise Failure(down.replace(" is not answering,", f" is not answering ({why}),")
                           if why else down) from None
        if response.is_redirect:
            target = urllib.parse.urljoin(url, response.headers.get("Location", ""))
            response.close()
            if not _same_server(url, target):
                raise Failure(f"The LanguageTool server at {where} tried to send the post on "
                               f"to another server ({host_of(target)}), so grammar was not "
                               "checked.")
            url = target
            continue
        break
    else:
        raise Failure(f"The LanguageTool server at {where} sent the check round in circles, "
                       "so grammar was not checked.")
    with response:
        body = bytearray()
        try:
            for chunk in response.iter_content(65536):
                body += chunk
                if len(body) > MAX_RESPONSE_BYTES:
                    raise Failure(f"The LanguageTool server at {where} sent an answer too "
                                   "big to be right, so grammar was not checked.")
                if time.monotonic() > deadline:
                    raise Failure(slow)
        except requests.Timeout:
            raise Failure(slow) from None
        except (requests.RequestException, OSError):
            raise Failure(down) from None
        status = response.status_code
    if status in (426, 429):
        raise Failure("The LanguageTool service says too many checks were sent; grammar "
                       "will be checked again in a minute.")
    if status != 200:
        raise Failure(f"The LanguageTool server at {where} reported a problem (HTTP "
                       f"{status}), so grammar was not checked.")
    try:
        return json.loads(bytes(body).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise Failure(f"The LanguageTool server at {where} sent an answer this program "
                       "cannot read, so grammar was not checked.") from None


class Client(LanguageTool):
    """language-tool-python's client with our transport (one try, a deadline, no restarts
    of a local server, no downloads) and raw matches."""

    def __init__(self, url: str, language: str, timeout: float,
                 session: requests.Session) -> None:
        self._rwt_timeout = timeout
        self._rwt_session = session
        self._rwt_server = url
        # remote_server: the library never starts or downloads anything itself.
        super().__init__(language=language, remote_server=url)

    def _query_server(self, url: str, params: dict[str, str] | None = None,
                      num_tries: int = 1, method: str = "get") -> Any:
        return _http_json(self._rwt_session, method, url, params, self._rwt_timeout,
                          self._rwt_server)

    def check_raw(self, text: str) -> list[Any]:
        """The server's matches as JSON objects (offsets in UTF-16 units)."""
        data = self._query_server(urllib.parse.urljoin(self.url, "check"),
                                  self._create_params(text), method="post")
        if not isinstance(data, dict) or not isinstance(data.get("matches"), list):
            raise Failure(f"The LanguageTool server at {host_of(self._rwt_server)} sent an "
                           "answer this program cannot read, so grammar was not checked.")
        return data["matches"]

    def request_size(self, text: str) -> int:
        return len(urllib.parse.urlencode(self._create_params(text)).encode("utf-8"))

    def __del__(self) -> None:  # we own any server process, not the library
        pass
