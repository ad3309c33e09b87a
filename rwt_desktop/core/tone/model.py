"""What the tone checker is given (settings) and what it works out (one post's analysis)."""

from __future__ import annotations

from dataclasses import dataclass, field

from rwt_desktop.core.findings import ToneReport


@dataclass(frozen=True, slots=True)
class ToneSettings:
    """What the policy data can tune. Phrases are regular expressions (case-insensitive)."""

    #: Capitalised words that are names, not shouting (RWT, NHS, CW9 is skipped anyway).
    acronyms: frozenset[str] = frozenset()
    #: Sarcasm that reads as sarcasm wherever it is ("thanks for nothing").
    sarcasm: tuple[str, ...] = ()
    sarcasm_valence: float = -1.6
    #: Blame and sarcasm markers that only count in a sentence that is already negative.
    blame: tuple[str, ...] = ()
    blame_valence: float = -0.9
    #: Cold, threatening wording ("will not be tolerated").
    cold: tuple[str, ...] = ()
    cold_valence: float = -1.4
    #: Bureaucratic wording ("residents are reminded").
    formal: tuple[str, ...] = ()
    formal_valence: float = -0.4
    #: A sentence at or below this reads clearly negative.
    negative_below: float = -0.45
    #: A sentence at or below this pulls the tone down (listed, and a warning when the
    #: whole post is negative too).
    mild_below: float = -0.25
    #: The post reads negative at or below this.
    post_negative_below: float = -0.25
    #: The post reads warm at or above this.
    warm_above: float = 0.3
    #: Hostile: negative at or below this with contempt, shouting or sarcasm.
    hostile_below: float = -0.5
    #: Shouting: this many shouted words in one post reads as shouting, not a heading.
    shout_warn_words: int = 5
    #: Share of a sentence's words in capitals that makes it a shouted sentence.
    shout_sentence_ratio: float = 0.5
    #: Readability is judged on posts of at least this many words.
    readability_min_words: int = 60
    #: Flesch reading ease below this reads hard for a community audience.
    readability_hard_below: float = 50.0
    #: Sentences scored in full detail; later ones get a faster estimate.
    detailed_sentences: int = 400
    #: Practical news that has to be given ("cancelled", "closed", "due to the storm"): a
    #: sentence with it that does not vent or insult is curt, not cross.
    notice: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SentenceScore:
    """One sentence's score, and what settles or sharpens it for the negative-tone rule."""

    start: int
    end: int
    score: float
    hostile: bool = False
    offers_help: bool = False
    #: The writer's own frustration ("fed up", "gutted").
    vented: bool = False
    #: Vented only as sadness at bad luck ("gutted"): a next step after it settles it.
    sad: bool = False


@dataclass(frozen=True, slots=True)
class MarkerHit:
    """Where sarcasm, blame, cold or formal wording was found."""

    kind: str  # "sarcasm", "blame", "cold", "formal"
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ShoutRun:
    """Consecutive words in capitals (or a run of !!! / ?!?!) in one sentence."""

    start: int
    end: int
    words: int
    punctuation: bool = False
    #: The sentence it is in is mostly capitals.
    whole_sentence: bool = False


@dataclass(frozen=True, slots=True)
class ToneAnalysis:
    """Everything the tone rules need about one post, worked out once."""

    report: ToneReport
    sentences: tuple[SentenceScore, ...] = ()
    markers: tuple[MarkerHit, ...] = ()
    shouting: tuple[ShoutRun, ...] = ()
    shouted_words: int = 0
    reading_ease: float | None = None
    words: int = 0
    #: The sentence with the lowest reading ease among the long ones, if any.
    hardest_sentence: tuple[int, int] | None = None
    sombre: bool = False
    offers_help: bool = False
    extras: dict[str, float] = field(default_factory=dict)

