"""The rule engine and its detectors, in parts a newcomer can find by name:

* :mod:`.engine`: a post being checked (:class:`Context`) and a rule ready to run
  (:class:`CompiledRule`);
* :mod:`.registry`: checks written in Python (:class:`Detector`, :func:`register`);
* :mod:`.phrases`: the default detector, a rule's phrases and patterns;
* :mod:`.prefilter`: the literals a pattern needs, so most rules skip most posts;
* :mod:`.pattern_analysis`: what is worked out about each pattern, kept per policy;
* the detector modules (``links``, ``offensive``, ``personal_data``, ``tone_rule``...).

This module only re-exports, so existing imports keep working; new code imports from the
modules themselves. It imports no detector module: they are loaded on the first look-up of
a detector (:func:`~rwt_desktop.core.rules.registry.detector_class`).
"""

from rwt_desktop.core.rules.engine import CompiledRule, Context, compile_any
from rwt_desktop.core.rules.pattern_analysis import Analysed, PatternAnalysis, analyse
from rwt_desktop.core.rules.phrases import PhraseDetector, phrase_body, phrases_regex
from rwt_desktop.core.rules.prefilter import (
    FLAGS,
    WORD_START,
    _case_blind,
    analyse_pattern,
    literal_finder,
    literal_triggers,
    plain_literal,
)
from rwt_desktop.core.rules.registry import (
    DETECTORS,
    Detector,
    Hit,
    detector_class,
    known_detectors,
    register,
)

__all__ = [
    "DETECTORS", "FLAGS", "WORD_START", "Analysed", "CompiledRule", "Context", "Detector",
    "Hit", "PatternAnalysis", "PhraseDetector", "_case_blind", "analyse", "analyse_pattern",
    "compile_any", "detector_class", "known_detectors", "literal_finder", "literal_triggers",
    "phrase_body", "phrases_regex", "plain_literal", "register",
]
