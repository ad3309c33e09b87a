"""The detector registry: checks written in Python, named from the data by ``detector``.

A detector module registers its classes with :func:`register`; the modules are imported
the first time a detector is looked up (:func:`detector_class`), not when this package is
imported, so a module the detectors use (tone) can import the engine without a cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from rwt_desktop.core.findings import Severity
from rwt_desktop.core.policy import Policy, RuleSpec

if TYPE_CHECKING:
    from rwt_desktop.core.rules.engine import Context
    from rwt_desktop.core.rules.pattern_analysis import PatternAnalysis


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a detector matched, and which of the rule's outcomes applies."""

    start: int
    end: int
    #: Key into the rule's ``variants``; "" for the rule's own severity and message.
    variant: str = ""
    #: Replacements worked out by the detector (they win over the data's): words that take
    #: the place of the hit's text, never advice.
    suggestions: tuple[str, ...] | None = None
    #: Advice worked out by the detector for this hit (wins over the data's advice).
    advice: str | None = None
    #: Values for ``{name}`` placeholders in the message.
    params: Mapping[str, str] = field(default_factory=dict)
    #: A severity worked out by the detector (graded swearing); wins over the variant's.
    severity: Severity | None = None
    #: For a finding about an attached image: which one (then start == end == 0).
    image: str = ""


class Detector:
    """Base for checks written in Python. Subclasses implement :meth:`find`."""

    name: ClassVar[str] = ""

    #: Literals one of which must be in the (lower-cased) post for this detector to find
    #: anything; None means always run. Set by detectors that can tell.
    triggers: frozenset[str] | None = None

    #: Run after every other rule (the learned layer, which defers to the rules).
    runs_last: ClassVar[bool] = False

    def __init__(self, spec: RuleSpec, policy: Policy) -> None:
        self.spec = spec
        self.policy = policy

    def find(self, ctx: Context) -> Iterable[Hit]:  # pragma: no cover - interface
        raise NotImplementedError



    @classmethod
    def build(cls, spec: RuleSpec, policy: Policy,
              analysis: PatternAnalysis | None = None) -> Detector:
        """The detector for one rule. ``analysis`` (the policy's pattern analysis) is for
        detectors that look into regular expressions; the others ignore it."""
        return cls(spec, policy)


#: Every registered detector by name. Complete only after :func:`load_detectors`; use
#: :func:`detector_class` or :func:`known_detectors` rather than reading it directly.
DETECTORS: dict[str, type[Detector]] = {}


def register(name: str) -> Callable[[type[Detector]], type[Detector]]:
    def deco(cls: type[Detector]) -> type[Detector]:
        cls.name = name
        DETECTORS[name] = cls
        return cls

    return deco


def load_detectors() -> None:
    """Import the modules that register detectors (again is free: Python keeps them).

    Plain import statements, so PyInstaller sees them; a new detector module goes here."""
    from rwt_desktop.core.rules import (  # noqa: F401
        channels_rule,
        images_rule,
        judgement_rule,
        links,
        offensive,
        personal_data,
        phrases,
        tone_rule,
    )


def known_detectors() -> Mapping[str, type[Detector]]:
    """Every detector by name, the detector modules imported first."""
    load_detectors()
    return DETECTORS


def detector_class(name: str) -> type[Detector] | None:
    """The detector registered as ``name``, or None if there is none."""
    found = DETECTORS.get(name)
    return found if found is not None else known_detectors().get(name)
