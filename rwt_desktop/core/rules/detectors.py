"""Imports every module that registers a detector, so ``DETECTORS`` is complete."""

from rwt_desktop.core.rules import (  # noqa: F401
    channels_rule,
    images_rule,
    judgement_rule,
    links,
    offensive,
    personal_data,
    tone_rule,
)
