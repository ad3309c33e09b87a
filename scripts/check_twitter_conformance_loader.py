"""Check the tiny YAML loader in tests/test_twitter_conformance.py against PyYAML.

PyYAML is not one of the project's dependencies, so run this from a throw-away virtualenv:

    python3 -m venv /tmp/yaml-venv && /tmp/yaml-venv/bin/pip install pyyaml
    PYTHONPATH=. /tmp/yaml-venv/bin/python scripts/check_twitter_conformance_loader.py

It reads tests/data/twitter-text/validate.yml both ways and fails if any counter case differs.
Only the loader is imported from the test module's text (not the module itself, which needs
the project's packages and pytest).
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
TEST_MODULE = ROOT / "tests" / "test_twitter_conformance.py"
DATA = ROOT / "tests" / "data" / "twitter-text" / "validate.yml"
LOADER_NAMES = {"SECTIONS", "_ESCAPES", "_HEX", "yaml_double_quoted", "_SECTION", "_ITEM",
                "_TEXT", "_EXPECTED", "_VALUE", "load_counter_cases"}


def loader() -> Any:
    """Execute just the loader's definitions from the test module."""
    tree = ast.parse(TEST_MODULE.read_text(encoding="utf-8"))
    keep = []
    for node in tree.body:
        names = set()
        if isinstance(node, ast.FunctionDef):
            names = {node.name}
        elif isinstance(node, ast.Assign):
            names = {t.id for t in node.targets if isinstance(t, ast.Name)}
        if names & LOADER_NAMES:
            keep.append(node)
    namespace: dict[str, Any] = {"re": re, "Path": Path, "Any": Any}
    code = compile(ast.Module(body=keep, type_ignores=[]), str(TEST_MODULE), "exec")
    exec(code, namespace)
    return namespace["load_counter_cases"], namespace["SECTIONS"]


def main() -> int:
    load, sections = loader()
    ours = load(DATA)
    theirs = yaml.safe_load(DATA.read_text(encoding="utf-8"))["tests"]
    problems = 0
    for section in sections:
        if len(ours[section]) != len(theirs[section]):
            print(f"{section}: {len(ours[section])} cases here, {len(theirs[section])} in PyYAML")
            problems += 1
            continue
        for mine, ref in zip(ours[section], theirs[section], strict=True):
            if mine != ref:
                print(f"{section}: {ref['description']!r} differs")
                problems += 1
        print(f"{section}: {len(ours[section])} cases, all the same as PyYAML's")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
