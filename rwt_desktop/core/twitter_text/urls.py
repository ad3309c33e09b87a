"""Links as X finds them (twitter-text's ``extractUrls``): with or without ``https://``, as
long as the domain ends in a top-level domain X knows. Each one counts as
``transformedURLLength`` (23) characters.
"""

from __future__ import annotations

import re
from functools import cache

from rwt_desktop.resources_path import read_text

#: The top-level domains X recognises (from twitter-text's tld_lib.yml).
TLD_RESOURCE = ("data", "twitter-text-tlds.txt")

#: twitter-text refuses a link whose protocol plus text is longer than this.
MAX_URL_LENGTH = 4096
#: A domain label (between dots) may be at most 63 characters once punycode-encoded.
MAX_LABEL_LENGTH = 63


# Characters that cannot be part of a domain: ASCII punctuation, spaces, controls, the invalid
# characters and the bidirectional marks (twitter-text's invalidDomainChars).
_NOT_DOMAIN = (
    "\\s\\x00-\\x1f\\x7f!-/:-@\\[-`{-~\ufffe\ufeff\uffff"
    "\u202a-\u202e\u061c\u200e\u200f\u2066-\u2069"
)
# The same minus "-" and "_", which may sit inside a label.
_NOT_LABEL = (
    "\\s\\x00-\\x1f\\x7f!-,./:-@\\[-^`{-~\ufffe\ufeff\uffff"
    "\u202a-\u202e\u061c\u200e\u200f\u2066-\u2069"
)
# A dot with a label character after it: every domain has one, ordinary prose rarely does
# (a full stop is followed by a space), so candidates are found with a fast literal search.
_DOT_THEN_LABEL = re.compile(f"\\.[^{_NOT_LABEL}]")
_IS_LABEL_OR_DOT = re.compile(f"[^{_NOT_LABEL}]|\\.").match
_LABELS_AND_DOTS = re.compile(f"(?:[^{_NOT_LABEL}]|\\.)*")
# Dotted runs of labels such as "www.example.co.uk", matched from where a run starts. Each
# character is either a label character or a dot, so the pattern cannot backtrack badly.
_DOMAIN_RUN = re.compile(f"[^{_NOT_DOMAIN}][^{_NOT_LABEL}]*(?:\\.[^{_NOT_LABEL}]+)+")


def _domain_runs(text: str) -> list[re.Match[str]]:
    """The dotted runs of labels in ``text`` that could hold a domain, each scanned once."""
    runs = []
    done = 0  # everything before this has been looked at
    for dot in _DOT_THEN_LABEL.finditer(text):
        d = dot.start()
        if d < done:
            continue
        start = d
        while start > done and _IS_LABEL_OR_DOT(text, start - 1):
            start -= 1
        run = _DOMAIN_RUN.match(text, start)
        if run is None:  # starts with "-", "_" or "." or has no label after a dot
            done = _LABELS_AND_DOTS.match(text, start).end()
            continue
        runs.append(run)
        done = run.end()
    return runs


_PROTOCOL = re.compile(r"https?://", re.IGNORECASE)
_PORT = re.compile(r":[0-9]+")
_LATIN_ACCENTS = (
    "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0100-\u024f\u0253\u0254\u0256\u0257\u0259"
    "\u025b\u0263\u0268\u026f\u0272\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff"
)
# Path characters (twitter-text's validGeneralUrlPathChars, plus brackets handled after).
_PATH_RUN = re.compile(
    f"[a-zA-Z\u0400-\u04ff0-9!*';:=+,.$/%#\\[\\]\\-\u2013_~|&@(){_LATIN_ACCENTS}]*"
)
_PATH_END_OK = frozenset(
    "+-=_#/" + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)
_QUERY_RUN = re.compile(r"[a-zA-Z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]*")
_QUERY_END_OK = frozenset(
    "-_&=#/" + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)
_ASCII_LABEL = re.compile(f"[A-Za-z0-9_\\-{_LATIN_ACCENTS}]+")
_PUNYCODE_TLD = re.compile(r"xn--[-0-9a-z]+")
# Before a link with http(s)://: anything but a letter, digit, @, $ or # (or an invalid char).
_BAD_BEFORE_PROTOCOL = frozenset("@＠$#＃\ufffe\ufeff\uffff")
# Before a link without it: also not "-", "_", "." or "/".
_BAD_BEFORE_BARE = _BAD_BEFORE_PROTOCOL | frozenset("-_./")
# Country domains that may stand alone without a path ("t.co", "example.tv").
_SPECIAL_SHORT_CC = frozenset({"co", "tv"})


@cache
def _tlds() -> tuple[frozenset[str], frozenset[str]]:
    """(country, generic) top-level domains, from the resources."""
    country: set[str] = set()
    generic: set[str] = set()
    try:
        text = read_text(*TLD_RESOURCE)
    except OSError:  # a broken install: a small list keeps common links counted right
        text = "\n".join(f"generic {t}" for t in (
            "com", "org", "net", "info", "edu", "gov", "biz", "app", "dev", "io")) + (
            "\ncountry uk\ncountry co\ncountry tv\ncountry ie\ncountry us\ncountry eu")
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        kind, _, tld = line.partition(" ")
        (country if kind == "country" else generic).add(tld.strip().lower())
    return frozenset(country), frozenset(generic)


def _label_length(label: str) -> int:
    """Length of a domain label as it goes over the wire (punycode for non-ASCII labels)."""
    if label.isascii():
        return len(label)
    try:
        return 4 + len(label.lower().encode("punycode"))
    except (UnicodeError, ValueError):
        return MAX_LABEL_LENGTH + 1


def _valid_label(label: str, allow_underscore: bool) -> bool:
    if not label or label[0] in "-_" or label[-1] in "-_":
        return False
    return allow_underscore or "_" not in label


def _trim_brackets(path: str) -> str:
    """Cut a path at the first ")" that closes nothing, or at an unclosed "(" left at the end."""
    depth = 0
    opened: list[int] = []
    for i, ch in enumerate(path):
        if ch == "(":
            depth += 1
            opened.append(i)
        elif ch == ")":
            if depth == 0:
                return path[:i]
            depth -= 1
            opened.pop()
    return path[:opened[0]] if opened else path


def _trim_end(part: str, ok: frozenset[str]) -> str:
    end = len(part)
    while end and part[end - 1] not in ok and not (
            part[end - 1] == ")" and part.count("(", 0, end) >= part.count(")", 0, end)):
        end -= 1
    return part[:end]


def extract_urls(text: str) -> list[tuple[int, int]]:
    """Spans of the links X would shorten to 23 characters, in order.

    A reasonable re-implementation of twitter-text's URL extractor: a link may start with
    http:// or https://; its domain must end in a top-level domain X knows (or punycode),
    each label at most 63 characters once punycode-encoded; a bare domain must be plain
    Latin, must not follow "@", "#", "$", "-", "_", "." or "/", and a bare two-label domain in
    a country TLD ("bit.ly") counts only with a path. The path and query end where the
    characters allowed at the end of a link end (a full stop after a link is not part of it).
    """
    if "." not in text:
        return []
    country, generic = _tlds()
    urls: list[tuple[int, int]] = []
    last_end = 0
    for run in _domain_runs(text):
        start = run.start()
        if start < last_end:
            continue
        # Protocol just before the run, itself preceded by something allowed.
        proto_start = start
        m = None
        for plen in (8, 7):
            if start >= plen:
                m = _PROTOCOL.fullmatch(text, start - plen, start)
                if m:
                    break
        if m is not None and m.start() >= last_end:
            before = text[m.start() - 1] if m.start() else ""
            if before and ((before.isascii() and before.isalnum())
                           or before in _BAD_BEFORE_PROTOCOL):
                m = None
        else:
            m = None
        if m is not None:
            proto_start = m.start()
        else:
            before = text[start - 1] if start else ""
            if before and (before.isalnum() or before in _BAD_BEFORE_BARE):
                continue
        labels = run.group().split(".")
        # The longest run of labels that ends in a known top-level domain.
        found = 0
        offset = len(run.group())
        for k in range(len(labels), 1, -1):
            if k < len(labels):
                offset -= len(labels[k]) + 1
            tld = labels[k - 1].lower()
            if not (tld in country or tld in generic or _PUNYCODE_TLD.fullmatch(tld)):
                continue
            after = text[start + offset] if start + offset < len(text) else ""
            if after and after in "@+":
                continue
            if not _valid_label(labels[k - 2], allow_underscore=False):
                continue
            if not all(_valid_label(lb, allow_underscore=True) for lb in labels[:k - 2]):
                continue
            found = k
            break
        if not found:
            continue
        domain_labels = labels[:found]
        domain_end = start + sum(len(lb) for lb in domain_labels) + found - 1
        if any(_label_length(lb) > MAX_LABEL_LENGTH for lb in domain_labels):
            continue
        if m is None and not all(_ASCII_LABEL.fullmatch(lb) for lb in domain_labels):
            continue
        end = domain_end
        port = _PORT.match(text, end)
        if port:
            end = port.end()
        has_path = False
        if end < len(text) and text[end] == "/":
            path = _PATH_RUN.match(text, end + 1).group()
            path = _trim_end(_trim_brackets(path), _PATH_END_OK)
            end += 1 + len(path)
            has_path = True
        if end < len(text) and text[end] == "?":
            query = _trim_end(_QUERY_RUN.match(text, end + 1).group(), _QUERY_END_OK)
            if query:
                end += 1 + len(query)
        if (m is None and not has_path and found == 2 and domain_labels[-1].lower() in country
                and domain_labels[-1].lower() not in _SPECIAL_SHORT_CC):
            continue
        punycode_extra = sum(_label_length(lb) - len(lb) for lb in domain_labels)
        protocol_len = len(m.group()) if m is not None else len("https://")
        if protocol_len + (end - start) + punycode_extra > MAX_URL_LENGTH:
            continue
        urls.append((proto_start, end))
        last_end = end
    return urls
