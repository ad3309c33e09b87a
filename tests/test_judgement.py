"""The learned layer: its features, its scorer, its rules, and that training reproduces it."""

from __future__ import annotations

import importlib.util
import json
import math
import re
import subprocess
import sys
from array import array
from pathlib import Path

import pytest

from rwt_desktop.core.checker import Checker, default_checker
from rwt_desktop.core.findings import Severity
from rwt_desktop.core.judgement import JudgementModel, builtin_model, features
from rwt_desktop.core.policy import builtin_policy
from rwt_desktop.resources_path import resource_path

ROOT = Path(__file__).resolve().parents[1]


def _tiny_model(threshold: float = 0.1) -> JudgementModel:
    return JudgementModel.from_table({
        "categories": ["bullying", "tone"],
        "intercepts": [-0.5, -1.0],
        "thresholds": {"bullying": threshold},
        "features": {"w:gazebo": [2.0, [[0, 3.0]]], "w:still": [1.0, [[0, 1.0], [1, 0.5]]]},
    })


def test_features_are_words_bigrams_character_grams_and_shapes():
    f = features("Gary at number 12 STILL has the gazebo")
    assert {"w:gary", "w:gazebo", "b:the gazebo", "c: ga", "c:zebo ", "w:0"} <= f
    assert "s:HouseNumber" in f  # "number 12"
    assert "s:Name" not in features("Gary came.")  # a capital at the start is not a name
    assert "s:Name" in features("Thanks to Gary.")


def test_features_do_not_depend_on_case_or_curly_quotes():
    assert features("It’s GREAT") - {"s:Name"} == features("it's great") - {"s:Name"}


def test_score_is_the_intercept_plus_idf_weighted_l2_normalised_weights():
    model = _tiny_model()
    norm = math.sqrt(2.0 ** 2 + 1.0 ** 2)
    bullying, tone = model.scores("still the gazebo")
    assert bullying == pytest.approx(-0.5 + (3.0 * 2.0 + 1.0 * 1.0) / norm)
    assert tone == pytest.approx(-1.0 + 0.5 * 1.0 / norm)
    assert model.scores("nothing known here") == [-0.5, -1.0]


def test_reading_reports_only_categories_with_a_threshold_and_over_it():
    model = _tiny_model()
    text = "Lovely day. Still got our gazebo!"
    readings = model.read(text, [(0, 11), (11, len(text))])
    assert [(r.category, text[r.start:r.end].strip()) for r in readings] == [
        ("bullying", "Still got our gazebo!")]
    assert readings[0].evidence[0] == "gazebo"
    assert _tiny_model(threshold=5.0).read(text, [(0, len(text))]) == []


def test_the_shipped_model_loads_and_only_warns():
    model = builtin_model()
    assert model is not None
    assert set(model.thresholds) <= set(model.categories)
    rules = [r for r in builtin_policy().rules if r.detector == "judgement"]
    assert rules, "resources/rules/judgement.toml has the learned layer's rules"
    assert all(r.severity is not Severity.BLOCK for r in rules)
    assert {r.category for r in rules} <= set(model.categories)


def test_every_category_switched_on_has_a_calibrated_threshold():
    model = builtin_model()
    assert model is not None
    on = {r.category for r in builtin_policy().rules if r.detector == "judgement" and r.enabled}
    assert on, "the layer is on for the categories where it helps (docs/judgement.md)"
    assert on <= set(model.thresholds)


def test_a_layer_finding_says_what_it_read_and_the_words_that_weighed_most():
    text = "Whoever lives in the blue house on Hall Lane, your hedge is blocking the path again."
    hits = [f for f in default_checker().check(text).findings if f.rule == "judgement.bullying"]
    assert hits and hits[0].severity is Severity.WARN
    assert hits[0].message.startswith("This sentence reads as if it points at one person")
    words = re.findall(r"“([^”]+)”", hits[0].message)
    assert words and all(w in text for w in words)


def test_the_layer_defers_to_a_rule_that_already_flagged_the_category():
    # A phone number is found by the personal-data rules; the layer adds nothing there.
    report = default_checker().check("Ring Dave on 07700 900123 about the raffle tonight.")
    cats = [f.category for f in report.findings if f.rule.startswith("judgement.")]
    assert "personal_data" not in cats


def test_the_layer_runs_after_every_rule():
    checker = Checker(builtin_policy())
    last = [r.detector.runs_last for r in checker.rules]
    assert last == sorted(last)


@pytest.mark.slow
@pytest.mark.timeout(1200)  # retraining takes minutes on two shared cores
@pytest.mark.skipif(importlib.util.find_spec("sklearn") is None,
                    reason="needs scikit-learn (pip install -e '.[train]')")
def test_training_reproduces_the_shipped_weights(tmp_path):
    """Retrain on the fixed seed (keeping the shipped thresholds) and compare."""
    subprocess.run([sys.executable, str(ROOT / "scripts" / "train_judgement.py"),
                    "--keep-thresholds", "--out", str(tmp_path)], check=True, cwd=ROOT,
                   capture_output=True)
    shipped = json.loads(resource_path("judgement", "model.json").read_text(encoding="utf-8"))
    again = json.loads((tmp_path / "model.json").read_text(encoding="utf-8"))
    assert again == shipped  # the same features, categories, intercepts and thresholds
    old = array("f", resource_path("judgement", "model.f32").read_bytes())
    new = array("f", (tmp_path / "model.f32").read_bytes())
    assert len(old) == len(new)
    assert max(abs(a - b) for a, b in zip(old, new, strict=True)) < 1e-4


def test_the_quick_lookup_finds_exactly_the_known_features():
    model = builtin_model()
    assert model is not None
    for text in ("Gary at number 12 STILL hasn't brought back the gazebo!!",
                 "it’s gr8 🎉 see u there x", "Ring 07700 900123", "", "   ",
                 "Ça va? Über-cool café at 10am – bring £2"):
        names = {model.index[f] for f in features(text) if f in model.index}
        assert model.known_features(text) == names


def _training_script():
    spec = importlib.util.spec_from_file_location("train_judgement",
                                                  ROOT / "scripts" / "train_judgement.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_an_unless_on_the_layers_rule_keeps_it_quiet_and_sets_no_floor():
    # A hustings naming every party reads strongly as campaigning to the model; the purpose
    # rule's unless lets it through, so training leaves it out of that category's floor.
    train = _training_script()
    unless = train.quietened()
    hustings = ("Hustings: meet all the candidates for Witton ward – Labour, Conservative, "
                "Green, Lib Dem and Reform – Tuesday 7pm.")
    assert train.is_quiet(unless, "purpose", hustings)
    assert not train.is_quiet(unless, "purpose", "Vote Labour on Thursday, they care about us.")
    assert not train.is_quiet(unless, "criticism", hustings)
    model = builtin_model()
    assert model is not None
    score = train.post_scores(model, hustings)[model.categories.index("purpose")]
    assert score >= model.thresholds["purpose"]  # without the unless it would warn
    report = default_checker().check(hustings)
    assert "judgement.purpose" not in {f.rule for f in report.findings}


def test_the_written_model_files_load_to_the_same_scores(tmp_path):
    # write_model's float32 layout (idf squared, then idf x weight per category) read back by
    # the scorer gives the scores of the table it came from, negative weights included.
    table = {
        "about": "test", "categories": ["bullying", "tone"], "intercepts": [-0.5, 0.25],
        "thresholds": {"tone": 0.5},
        "features": {"w:gazebo": [2.0, [[0, 3.0], [1, -1.5]]], "w:still": [1.5, [[1, 0.75]]],
                     "b:the gazebo": [3.25, [[0, -2.0]]]},
    }
    _training_script().write_model(table, tmp_path)
    loaded = JudgementModel.load(json.loads((tmp_path / "model.json").read_text("utf-8")),
                                 (tmp_path / "model.f32").read_bytes())
    expected = JudgementModel.from_table(table)
    for text in ("still the gazebo", "the gazebo, the gazebo", "nothing known", "STILL"):
        assert loaded.scores(text) == pytest.approx(expected.scores(text), abs=1e-5)
    norm = math.sqrt(2.0 ** 2 + 1.5 ** 2 + 3.25 ** 2)
    assert loaded.scores("still the gazebo") == pytest.approx(
        [-0.5 + (2.0 * 3.0 - 3.25 * 2.0) / norm, 0.25 + (-2.0 * 1.5 + 1.5 * 0.75) / norm],
        abs=1e-5)
    assert loaded.thresholds == {"tone": 0.5}
