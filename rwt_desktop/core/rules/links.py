"""Links: find web addresses in a post and say which could be "inappropriate ... links".

A link is found with or without its scheme (``https://…``, ``www.…``, or a bare domain such
as ``tinyurl.com/rwtgala``). A bare domain must end in a known top-level domain from the
data, so "2–4pm", "10.30am", "e.g.", "£2.50", "St. Helens" or a missing space ("hub.Just")
are not links, and an email address is never one. A span covers exactly the address: a
full stop or an unmatched bracket after it is left out.

Every link rule runs the ``links`` detector with its own ``kind`` (shortener, ip_address,
download, insecure, odd_domain, unknown_site), and they share one scan of the post.
Nothing here imports Qt.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from rwt_desktop.core.policy import Policy, PolicyError, RuleSpec
from rwt_desktop.core.rules.engine import Context
from rwt_desktop.core.rules.options import option_texts
from rwt_desktop.core.rules.registry import Detector, Hit, register

KINDS = ("shortener", "ip_address", "download", "insecure", "odd_domain", "unknown_site")

#: Characters that may follow a host in a path, query or fragment (no spaces, quotes, angle
#: brackets, and nothing beyond ASCII so an emoji straight after a link is not taken in).
_PATH = r"""(?-i:[!#-;=?-~])"""
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_TRAILING = ".,;:!?'\"*-"
_BRACKETS = {")": "(", "]": "[", "}": "{"}
_RESULT_KEY = "_links.found"
_HINT = re.compile(r"\.[A-Za-z0-9]|://")
_SPACE = re.compile(r"\s")
_VERSION_BEFORE = re.compile(
    r"\b(?:version|ver|v|release|build|update|firmware|edition|section|clause|rule|"
    r"paragraph|para|step|figure|fig|table|item|no|number)\.?\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Link:
    """One address found in a post, taken apart."""

    start: int
    end: int
    #: The address as matched in the normalised text.
    url: str
    #: "http", "https", "ftp", or "" when written without one.
    scheme: str
    host: str
    path: str
    #: ``user@host``: the part before @ is what a reader sees, the part after is where it goes.
    userinfo: bool
    #: The address uses look-alike letters from another alphabet, or punycode (xn--).
    lookalike: bool
    #: The host is a bare IP address or "localhost".
    is_ip: bool
    #: The host and every domain it belongs to: ("www.nhs.uk", "nhs.uk", "uk").
    domains: tuple[str, ...]

    @property
    def tld(self) -> str:
        return self.host.rsplit(".", 1)[-1]

    @property
    def extension(self) -> str:
        """The file extension of the last part of the path ("exe" for /setup.exe)."""
        path = re.split(r"[?#]", self.path, maxsplit=1)[0]
        last = path.rstrip("/").rsplit("/", 1)[-1] if "/" in path else ""
        return last.rsplit(".", 1)[-1].lower() if "." in last else ""


def _strs(spec: RuleSpec, key: str) -> list[str]:
    """Domain names and extensions from the options, lower case, without a leading dot."""
    return [t.lstrip(".") for t in option_texts(spec, key, lower=True)]


def _is_ip(host: str) -> bool:
    host = host.strip("[]")
    if host == "localhost":
        return True
    if not (host[:1].isdigit() or ":" in host):
        return False
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _domains(host: str) -> tuple[str, ...]:
    parts = host.split(".")
    return tuple(".".join(parts[i:]) for i in range(len(parts)))


def _matches_domain(link: Link, domains: frozenset[str]) -> bool:
    """True when the link's host is one of ``domains`` or a subdomain of one."""
    return any(d in domains for d in link.domains)


class LinkFinder:
    """Finds addresses in text; built once per list of known top-level domains."""

    def __init__(self, tlds: tuple[str, ...], ambiguous: frozenset[str]) -> None:
        self.ambiguous = ambiguous
        # Longest first so "co" does not win over "com".
        tld_alt = "|".join(re.escape(t) for t in sorted(set(tlds), key=lambda t: (-len(t), t)))
        self.regex = re.compile(
            rf"""
            (?P<scheme>(?<![\w.+-])(?:https?|ftp)://{_PATH}+)
            | (?P<ip>(?<![\w@.:/+-])\d{{1,3}}(?:\.\d{{1,3}}){{3}}(?![\w.-])
                 (?::\d{{1,5}})?(?:[/?#]{_PATH}*)?)
            | (?P<www>(?<![\w@.-])www\.(?:{_LABEL}\.)+[a-z]{{2,24}}(?![\w-])
                 (?::\d{{1,5}})?(?:[/?#]{_PATH}*)?)
            | (?P<bare>(?<![\w@.:/+-])(?:{_LABEL}\.)+(?:{tld_alt})(?![\w@-])
                 (?::\d{{1,5}})?(?:[/?#]{_PATH}*)?)
            """,
            re.IGNORECASE | re.VERBOSE,
        )

    def _matches(self, norm: str) -> Iterator[re.Match[str]]:
        """The full expression, run only on the runs of text round a "." or "://".

        A link has no spaces in it, so each place a dot is followed by a letter or digit
        (found in C, fast) marks one run of non-space text to look at; the rest of the post
        is never searched with the bigger expression.
        """
        done = 0
        for hint in _HINT.finditer(norm):
            pos = hint.start()
            if pos < done:
                continue
            start = max(norm.rfind(" ", done, pos), norm.rfind("\n", done, pos),
                        norm.rfind("\r", done, pos), done - 1) + 1
            space = _SPACE.search(norm, hint.end())
            done = space.start() if space else len(norm)
            yield from self.regex.finditer(norm, start, done)

    def find(self, text: str, norm: str) -> list[Link]:
        links: list[Link] = []
        for m in self._matches(norm):
            start, end = m.span()
            end = _trim(norm, start, end)
            url = norm[start:end]
            kind = m.lastgroup
            scheme = ""
            rest = url
            if kind == "scheme":
                scheme, _, rest = url.partition("://")
                scheme = scheme.lower()
            authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
            path = rest[len(authority):]
            userinfo = "@" in authority
            hostport = authority.rsplit("@", 1)[-1]
            if hostport.startswith("["):
                host = hostport.split("]", 1)[0] + "]"
            else:
                host = hostport.rsplit(":", 1)[0] if re.search(r":\d*$", hostport) else hostport
            host = host.lower().rstrip(".")
            if not host or (kind == "scheme" and "." not in host and host != "localhost"
                            and not host.startswith("[")):
                continue
            if kind == "bare" and not self._plausible_bare(url, host, path):
                continue
            if kind == "ip" and not self._plausible_ip(norm, start, url, host):
                continue
            original = text[start:start + len(authority) + (len(scheme) + 3 if scheme else 0)]
            lookalike = "xn--" in host or not original.isascii()
            links.append(Link(start, end, url, scheme, host, path, userinfo, lookalike,
                              _is_ip(host), _domains(host)))
        return links

    @staticmethod
    def _plausible_ip(norm: str, start: int, url: str, host: str) -> bool:
        """"86.12.44.201/cam" is an address; "version 10.0.0.1" or "1.2.3.4" is not."""
        if not _is_ip(host):
            return False
        if len(url) > len(host):
            return True  # a port or a path: "192.168.1.20:8080", "86.12.44.201/cam"
        if _VERSION_BEFORE.search(norm, max(0, start - 24), start):
            return False
        # Four small numbers with dots and no path read as a list or a version.
        return any(len(part) > 1 for part in host.split("."))

    def _plausible_bare(self, url: str, host: str, path: str) -> bool:
        """Weed out full stops with no space after them ("at the hub.It was lovely")."""
        written = url[:len(host)]
        labels = written.split(".")
        tld_written = labels[-1]
        # "hub.Then": a capital after the dot is a new sentence, unless it is all capitals.
        if tld_written[:1].isupper() and not written.isupper():
            return False
        tld = tld_written.lower()
        if tld in self.ambiguous and not path:
            # ".it", ".me", ".top": words as well as domains. Believe it only if the name
            # does not read as a plain word ("free-prizes.top", "my.site.top").
            name = labels[:-1]
            if len(name) < 2 and all(part.isalpha() for part in name):
                return False
        return True


def _trim(text: str, start: int, end: int) -> int:
    """Leave out punctuation that ends the sentence and brackets the link sits inside."""
    while end > start:
        ch = text[end - 1]
        if ch in _TRAILING:
            end -= 1
            continue
        if ch in _BRACKETS:
            body = text[start:end]
            if body.count(ch) > body.count(_BRACKETS[ch]):
                end -= 1
                continue
        break
    return end


@lru_cache(maxsize=8)
def _finder(tlds: tuple[str, ...], ambiguous: frozenset[str]) -> LinkFinder:
    return LinkFinder(tlds, ambiguous)


def _shared_options(policy: Policy) -> tuple[tuple[str, ...], frozenset[str]]:
    """Known and ambiguous top-level domains, from every links rule that lists some."""
    tlds: set[str] = set()
    ambiguous: set[str] = set()
    for spec in policy.rules:
        if spec.detector == "links":
            tlds.update(_strs(spec, "tlds"))
            ambiguous.update(_strs(spec, "ambiguous_tlds"))
    return tuple(sorted(tlds)), frozenset(ambiguous)


@register("links")
class LinkDetector(Detector):
    """One kind of risky link, chosen by the rule's ``options.kind``.

    Options by kind: ``shortener``: ``domains`` (link shorteners); ``download``:
    ``extensions`` (block) and ``archive_extensions`` (the "archive" variant);
    ``odd_domain``: ``tlds_to_watch`` (the "lookalike" variant covers look-alike letters);
    ``unknown_site`` uses ``policy.toml`` [links] allowed_domains and only speaks when no
    other link rule has. Any links rule may add to ``tlds`` and ``ambiguous_tlds``.
    """

    def __init__(self, spec: RuleSpec, policy: Policy) -> None:
        super().__init__(spec, policy)
        kind = spec.options.get("kind", "")
        if kind not in KINDS:
            raise PolicyError(spec.file, spec.line,
                              f'rule "{spec.id}": options.kind must be one of {", ".join(KINDS)}')
        self.kind = kind
        tlds, ambiguous = _shared_options(policy)
        if not tlds:
            raise PolicyError(spec.file, spec.line,
                              f'rule "{spec.id}": no links rule lists any "tlds"')
        self.finder = _finder(tlds, ambiguous)
        self.allowed = frozenset(policy.allowed_domains)
        self.shorteners = frozenset(_strs(spec, "domains"))
        self.extensions = frozenset(_strs(spec, "extensions"))
        self.archives = frozenset(_strs(spec, "archive_extensions"))
        self.watch_tlds = frozenset(_strs(spec, "tlds_to_watch"))
        # The fallback note stays quiet where another enabled link rule already speaks.
        self.others: list[LinkDetector] = []
        if kind == "unknown_site":
            for other in policy.rules:
                if other.detector == "links" and other.enabled and other is not spec \
                        and other.options.get("kind") != "unknown_site":
                    self.others.append(LinkDetector(other, policy))

    def links(self, ctx: Context) -> list[Link]:
        cached = ctx.results.get(_RESULT_KEY)
        if cached is None or cached[0] is not self.finder:
            cached = (self.finder, self.finder.find(ctx.text, ctx.norm))
            ctx.results[_RESULT_KEY] = cached
        return cached[1]

    def judge(self, link: Link) -> Hit | None:
        """This rule's verdict on one link, or None."""
        kind = self.kind
        if kind == "ip_address":
            return Hit(link.start, link.end) if link.is_ip else None
        if kind == "download":
            ext = link.extension
            if ext in self.extensions:
                return Hit(link.start, link.end, params={"ext": "." + ext})
            if ext in self.archives:
                return Hit(link.start, link.end, variant="archive", params={"ext": "." + ext})
            return None
        if kind == "shortener":
            if _matches_domain(link, self.shorteners):
                return Hit(link.start, link.end)
            if link.userinfo:
                return Hit(link.start, link.end, variant="disguised")
            return None
        if kind == "insecure":
            if link.scheme == "ftp":
                return Hit(link.start, link.end)
            if link.scheme != "http":
                return None
            secure = "https://" + link.url[len("http://"):]
            return Hit(link.start, link.end, suggestions=(secure,))
        if kind == "odd_domain":
            if link.is_ip:
                return None
            if link.lookalike:
                return Hit(link.start, link.end, variant="lookalike")
            if link.tld in self.watch_tlds:
                return Hit(link.start, link.end, params={"tld": "." + link.tld})
            return None
        # unknown_site
        if link.is_ip or _matches_domain(link, self.allowed):
            return None
        if any(other.judge(link) is not None for other in self.others):
            return None
        return Hit(link.start, link.end, params={"site": link.host.removeprefix("www.")})

    def find(self, ctx: Context) -> Iterable[Hit]:
        for link in self.links(ctx):
            hit = self.judge(link)
            if hit is not None:
                yield hit

