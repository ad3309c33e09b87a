"""Links (resources/rules/links.toml), through the full check()."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from rwt_desktop.core.checker import Checker, check
from rwt_desktop.core.findings import Severity
from rwt_desktop.core.policy import PolicyError, builtin_policy

CORPUS = Path(__file__).resolve().parent / "data" / "sample-posts.jsonl"


def links(text: str) -> list:
    return check(text, categories=["links"]).findings


def rules(text: str) -> dict[str, str]:
    """rule id -> flagged text."""
    return {f.rule: f.text for f in links(text)}


# Each rule's own examples run in tests/test_rule_examples.py.


# --------------------------------------------------------------------------- finding links

@pytest.mark.parametrize(("text", "url"), [
    ("Tickets: https://www.example.com/gala?day=sat#info today", "https://www.example.com/gala?day=sat#info"),
    ("More at www.example.co.uk/page.", "www.example.co.uk/page"),
    ("See example.org.uk/page, then call us", "example.org.uk/page"),
    ("Book now (example.com/book)!", "example.com/book"),
    ("Wiki: https://en.example.org/wiki/Northwich_(town)).", "https://en.example.org/wiki/Northwich_(town)"),
    ("🎉🎈 Party pics at example.net/pics 🎈", "example.net/pics"),
    ("\"example.com/quote\"", "example.com/quote"),
    ("Visit Example.com today", "Example.com"),
    ("Grab it at example.com:8080/x?", "example.com:8080/x"),
])
def test_span_covers_exactly_the_address(text: str, url: str) -> None:
    found = links(text)
    assert [f.text for f in found] == [url]
    assert text[found[0].start:found[0].end] == url


@pytest.mark.parametrize("text", [
    "Drop in 2–4pm or 10.30am–12pm; tickets £2.50, e.g. for the raffle, i.e. cash only.",
    "Mr.Smith and St. Helens Road residents, see you at the hub.Just bring a friend!",
    "We loved it at the hub.it was great. Thanks all.See you soon",
    "Version 1.2.3 of the app, Node.js and Python 3.11; Web 2.0 is old news.",
    "Email hello@example.co.uk or jane.smith1960@example.com for details.",
    "U.K. and U.S.A. visitors, a.m. or p.m. sessions, No.10 Downing St.",
    "Report.pdf, photo.jpg and notes.docx are attached to the email, plus logo.ai.",
    "Scores: 192.168 points to 10.0 points, and 3.14 for the pie-eating contest.",
    "The http and https parts of an address matter. So does www on its own.",
])
def test_things_that_are_not_links(text: str) -> None:
    assert links(text) == []


# --------------------------------------------------------------------------- each kind

@pytest.mark.parametrize("text", [
    "Sign up: bit.ly/3xYzAbC", "Survey: https://tinyurl.com/rwt-survey",
    "t.co/AbC123", "goo.gl/maps/xyz", "is.gd/abc", "buff.ly/3kXyz", "rebrand.ly/rwt",
    "cutt.ly/rwt", "shorturl.at/abc12", "tiny.cc/rwt", "rb.gy/abc", "s.id/rwt",
    "https://ow.ly/xyz",
])
def test_shorteners_warn_and_ask_for_the_full_address(text: str) -> None:
    found = [f for f in links(text) if f.rule == "links.shortener"]
    assert len(found) == 1 and found[0].severity is Severity.WARN
    assert "full address" in found[0].message


def test_ip_addresses_block() -> None:
    found = links("Minutes at http://192.168.0.1/minutes and https://[2001:db8::1]/x")
    ip = [f for f in found if f.rule == "links.ip_address"]
    assert [f.text for f in ip] == ["http://192.168.0.1/minutes", "https://[2001:db8::1]/x"]
    assert all(f.severity is Severity.BLOCK for f in ip)


@pytest.mark.parametrize(("url", "severity"), [
    ("https://example.com/setup.exe", Severity.BLOCK),
    ("example.com/install.msi", Severity.BLOCK),
    ("www.example.com/run.bat?x=1", Severity.BLOCK),
    ("https://example.com/app.apk", Severity.BLOCK),
    ("https://example.com/script.js", Severity.BLOCK),
    ("https://example.com/Tool.DMG", Severity.BLOCK),
    ("https://example.com/fix.ps1", Severity.BLOCK),
    ("https://example.com/photos.zip", Severity.WARN),
])
def test_downloads(url: str, severity: Severity) -> None:
    found = [f for f in links(f"Get it here: {url} now") if f.rule == "links.download"]
    assert [(f.text, f.severity) for f in found] == [(url, severity)]


def test_pages_and_documents_are_not_downloads() -> None:
    text = ("https://example.com/leaflet.pdf https://example.com/index.html "
            "https://example.com/setup.exe.html https://example.com/?file=setup.exe")
    assert "links.download" not in rules(text)


def test_http_warns_and_suggests_https() -> None:
    found = [f for f in links("Read it at http://example.org.uk/news/1.") if
             f.rule == "links.insecure"]
    assert found[0].text == "http://example.org.uk/news/1"
    assert found[0].severity is Severity.WARN
    assert found[0].suggestions == ("https://example.org.uk/news/1",)


@pytest.mark.parametrize("text", [
    "Win at https://prizes.xyz/win", "free-money.top/claim", "deals-now.click",
    "https://example.loan", "https://tickets.gq/x", "get-rich.work/now", "http://a-b.tk",
])
def test_odd_endings_warn(text: str) -> None:
    assert "links.odd_domain" in rules(text)


def test_lookalike_letters_warn() -> None:
    found = [f for f in links("Vote at https://www.f\u0430cebook.com/rwt today")
             if f.rule == "links.odd_domain"]
    assert found and "another alphabet" in found[0].message
    assert "links.odd_domain" in rules("See https://xn--fcebook-2fg.com/rwt")


def test_disguised_destination_warns() -> None:
    found = rules("Log in: https://www.gov.uk@scam.example.com/login")
    assert "links.shortener" in found


def test_allowed_sites_and_their_subdomains_get_no_note() -> None:
    text = ("https://www.nhs.uk/flu, https://www.cheshire.police.uk/report, gov.uk/bins, "
            "https://forms.gle/abc, www.rudheathandwittontogether.org.uk")
    assert links(text) == []


def test_other_sites_get_only_an_info_note() -> None:
    found = links("Recipes at https://www.example-recipes.co.uk/soup")
    assert [(f.rule, f.severity) for f in found] == [("links.unknown_site", Severity.INFO)]
    assert "example-recipes.co.uk" in found[0].message
    assert "Check this link goes where you expect" in found[0].message


def test_info_note_stays_quiet_when_a_louder_rule_speaks() -> None:
    assert set(rules("Claim: http://prizes.xyz/claim")) == {"links.insecure", "links.odd_domain"}
    assert set(rules("bit.ly/abc")) == {"links.shortener"}


@pytest.mark.parametrize("text", [
    "", "http://", "https://", "www.", ".com", "a." * 5000, "a" * 100000 + ".com",
    "\x00http://example.com\x00", "\ud800 example.com/x", "\u202eexample.com\u202c",
    "👨‍👩‍👧 www.example.com 👨‍👩‍👧", "e\u0301xample.com", "." * 20000, "http://" * 5000,
])
def test_bad_input_never_raises(text: str) -> None:
    for f in links(text):
        assert text[f.start:f.end] == f.text


def test_a_rule_without_a_kind_is_a_clear_error() -> None:
    policy = builtin_policy()
    broken = [dataclasses.replace(s, options={**s.options, "kind": "sideways"})
              if s.id == "links.insecure" else s for s in policy.rules]
    with pytest.raises(PolicyError, match="kind"):
        Checker(dataclasses.replace(policy, rules=tuple(broken)))


def test_sample_corpus() -> None:
    posts = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    clean = [p for p in posts if not p["expect"]]
    assert len(clean) >= 20
    for post in clean:
        loud = [f for f in links(post["text"]) if f.severity is not Severity.INFO]
        assert loud == [], post["id"]
    labelled = [p for p in posts if "links" in p["expect"]]
    assert labelled
    for post in labelled:
        assert any(f.severity is not Severity.INFO for f in links(post["text"])), post["id"]


@pytest.mark.parametrize("text", [
    "Cam footage at 86.12.44.201/cam",
    "Router login: 192.168.0.1",
    "Printer page 10.1.1.20:631",
])
def test_a_bare_ip_address_blocks_without_a_scheme(text: str) -> None:
    found = [f for f in links(text) if f.rule == "links.ip_address"]
    assert found and found[0].severity is Severity.BLOCK
    assert text[found[0].start:found[0].end] == found[0].text


@pytest.mark.parametrize("text", [
    "Version 10.0.0.1 of the app is out.",
    "See section 4.2.1.3 of the handbook.",
    "Scores: 1.2.3.4 in the four rounds.",
    "999.1.1.1 is not an address at all",
])
def test_dotted_numbers_that_are_not_addresses_pass(text: str) -> None:
    assert "links.ip_address" not in rules(text)


@pytest.mark.parametrize("text", [
    "Deal here amzn.to/3kXyZ9q",
    "Poll: bit.do/rwtpoll",
    "More at surl.li/abcde",
])
def test_more_shorteners_warn(text: str) -> None:
    assert "links.shortener" in rules(text)


def test_scam_endings_warn_but_plain_words_do_not() -> None:
    assert "links.odd_domain" in rules("Claim at energy-refund.bond/claim")
    assert "links.odd_domain" in rules("Winners at prize-draw-uk.vip")
    assert links("Have the best time at the hub.Best wishes, all") == []
