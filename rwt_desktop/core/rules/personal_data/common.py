"""What the personal-data detectors share: option readers, the word-list trie, the
words that are not names, the sentence window and the cap on hits per rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from rwt_desktop.core.policy import Policy, PolicyError, RuleSpec
from rwt_desktop.core.rules.engine import Context
from rwt_desktop.core.rules.options import option_texts
from rwt_desktop.core.rules.pattern_analysis import PatternAnalysis, is_text
from rwt_desktop.core.rules.registry import Detector, Hit


def option_words(spec: RuleSpec, key: str) -> tuple[str, ...]:
    """A list of words from the rule's options, checked so a typo names the rule and line."""
    return option_texts(spec, key)


def option_patterns(spec: RuleSpec, key: str,
                    compile_: Callable[[str, int], re.Pattern[str]] = re.compile
                    ) -> tuple[str, ...]:
    """The rule's patterns under ``key``, each compiled once to check it (through
    ``compile_``: a detector passes its pattern cache's, so a start reads them back)."""
    patterns = option_words(spec, key)
    for p in patterns:
        try:
            compile_(p, 0)
        except re.error as exc:
            raise PolicyError(spec.file, spec.line,
                              f'rule "{spec.id}": options.{key} pattern {p!r} is not a valid '
                              f"regular expression ({exc})") from None
    return patterns


def alternation(words: Iterable[str]) -> str:
    """Words or phrases as one regex, any spacing between words, apostrophes optional.

    Built as a trie ("in hospital|into hospital" -> "in(?:\\s+hospital|to\\s+hospital)") so
    the engine tests one branch per letter instead of every word at every position: a list
    of 150 health words costs about the same as a list of ten.
    """
    trie: dict[str, dict] = {}
    for word in {w.lower() for w in words if w.strip()}:
        node = trie
        for i, piece in enumerate(word.split()):
            units = ([r"\s+"] if i else []) + ["'?" if c == "'" else re.escape(c)
                                               for c in piece]
            for unit in units:
                node = node.setdefault(unit, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [unit + emit(child) for unit, child in sorted(node.items()) if unit]
        if not branches:
            return ""
        ends_here = "" in node
        if len(branches) == 1 and not ends_here:
            return branches[0]
        return "(?:" + "|".join(branches) + (")?" if ends_here else ")")

    return emit(trie) or r"(?!x)x"


def word_set(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


#: For the engine: a detector of numbers finds nothing in a post without a digit.
DIGITS = frozenset("0123456789")


def digits_of(text: str) -> str:
    return "".join(c for c in text if "0" <= c <= "9")


# Words that start with a capital letter without being anyone's name. Grammar, not policy,
# so they live here; the organisation's own non-names (places, groups) come from the data.
_GRAMMAR_WORDS = """
a an the and or but so if as at by for from in into of on onto to with without about after
before during over under up down out off i me my mine we us our ours you your yours he him his
she her hers they them their theirs it its this that these those there here who whom whose
what which when where why how all any both each every everyone everybody anyone anybody
someone somebody no nobody none nothing everything something one some many most more much
few other another such only just also even still yet then than too very not do does did done
is are was were be been being am has have had having will would shall should can could may
might must let lets please thanks thank thankyou welcome well congratulations congrats happy
huge big great good lovely wonderful fantastic amazing brilliant dear hello hi hey today
tonight tomorrow yesterday now soon later again monday tuesday wednesday thursday friday
saturday sunday mondays tuesdays wednesdays thursdays fridays saturdays sundays january
february march april may june july august september october november december jan feb mar apr
jun jul aug sep sept oct nov dec christmas easter halloween bonfire diwali eid ramadan hanukkah
pride remembrance new year spring summer autumn winter mr mrs ms miss mx dr sir dame lord lady
cllr councillor rev revd father sister brother nurse doctor professor prof captain
meet join see find visit come pop drop bring call ring book park collect start finish gather
arrive stop open closed opening located based held help head go walk ask email text message
"""
GRAMMAR_NON_NAMES = frozenset(_GRAMMAR_WORDS.split())

# A capitalised name word: Oliver, O'Brien, McDonald, Mary-Jane. Possessive quantifiers
# (Python 3.11+) stop the engine trying every split of a long word when the rest fails.
NAME_WORD = r"[A-Z](?:[a-z]++(?:'?[A-Z][a-z]++)?|'[A-Z][a-z]++)(?:-[A-Z][a-z]++)?"

# Numbers that are someone's reference, not a phone: "Registered charity 1234567".
_REFERENCE_BEFORE = re.compile(
    r"(?:charity|company|companies|reg(?:istered|istration)?|ref(?:erence)?|order|invoice|"
    r"case|crime|incident|policy|serial|membership|member|account|acc|a/c|booking|ticket|"
    r"permit|licen[cs]e|planning|application|receipt|transaction|tracking|parcel|batch|"
    r"lot|isbn|vat|utr|urn|id)\.?\s*(?:no\.?|nos\.?|number|num|#|code)?\s*[:.#-]?\s*$",
    re.IGNORECASE)


def is_reference(norm: str, start: int) -> bool:
    return _REFERENCE_BEFORE.search(norm[max(0, start - 40):start]) is not None


def sentence_near(ctx: Context, pos: int, radius: int = 240) -> tuple[int, int]:
    """The sentence around ``pos``, cut to ``radius`` characters either side.

    A 60,000-character paste with no full stops is one "sentence"; without the cut, every
    match in it would search the whole post again.
    """
    s, e = ctx.sentence_at(pos)
    return max(s, pos - radius), min(e, pos + radius)


#: The most findings one rule reports in one post: enough for any real post, and a paste of
#: 16,000 email addresses does not freeze the window building findings for all of them.
MAX_HITS_PER_RULE = 200


class CappedDetector(Detector):
    """A detector whose :meth:`_find` is cut at :data:`MAX_HITS_PER_RULE` hits."""

    def __init__(self, spec: RuleSpec, policy: Policy,
                 analysis: PatternAnalysis | None = None) -> None:
        super().__init__(spec, policy)
        self._analysis = analysis

    @classmethod
    def build(cls, spec: RuleSpec, policy: Policy,
              analysis: PatternAnalysis | None = None) -> Detector:
        return cls(spec, policy, analysis)

    def _regex(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        """``re.compile``, from the policy's pattern cache when there is one: compiling the
        detectors' word patterns was much of a start."""
        if self._analysis is None:
            return re.compile(pattern, flags)
        return self._analysis.regex(pattern, flags)

    def _alternation(self, words: Iterable[str]) -> str:
        """:func:`alternation`, from the policy's pattern cache when there is one: building
        the word tries of every detector was a part of each start. The key is the words
        themselves (the trie depends on nothing else)."""
        if self._analysis is None:
            return alternation(words)
        words = sorted({w.lower() for w in words if w.strip()})
        return self._analysis.prepared("personal_data.alternation\0" + "\0".join(words),
                                       lambda: alternation(words), is_text)

    def find(self, ctx: Context) -> Iterator[Hit]:
        return islice(self._find(ctx), MAX_HITS_PER_RULE)

    def _find(self, ctx: Context) -> Iterator[Hit]:  # pragma: no cover - interface
        raise NotImplementedError
