"""Caches are bounded and belong to the policy in use (issue 13, item 4): every policy
loaded kept a tone analyser for ever. (The compiled-policy cache's bounds are tested in
test_policy_cache.py.)
"""

from __future__ import annotations

import dataclasses

from rwt_desktop.core.policy import builtin_policy


def test_tone_analysers_are_kept_for_the_newest_policies_only() -> None:
    from rwt_desktop.core.rules import tone_rule

    base = builtin_policy()
    policies = [dataclasses.replace(base, version=f"copy-{n}") for n in range(8)]
    for policy in policies:
        tone_rule._analyser_for(policy)
    assert len(tone_rule._ANALYSERS) <= tone_rule._MAX_ANALYSERS
    assert id(policies[-1]) in tone_rule._ANALYSERS
