"""Loading the policy and building its checker: the slow part of starting, done off the UI.

Building a :class:`~rwt_desktop.core.checker.Checker` compiles every rule of the policy,
which takes most of a second on a busy machine. The window starts this on a worker thread
(:func:`load_policy_and_checker` touches no Qt), shows itself straight away, and checks the
post as soon as the result arrives. Opening the drafts and the record is here too: a
locked or unreadable database must not stop the window from starting.
"""

from __future__ import annotations

import dataclasses
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rwt_desktop.core.policy import Policy, PolicyError, load_policy_or_builtin
from rwt_desktop.storage.database import StorageError
from rwt_desktop.storage.drafts import DraftStore
from rwt_desktop.storage.paths import DATABASE_FILENAME
from rwt_desktop.storage.record import ConfirmationRecord

if TYPE_CHECKING:  # imported by the worker that builds it, not by the UI thread
    from rwt_desktop.core.checker import Checker


@dataclass(frozen=True)
class LoadedPolicy:
    """A policy ready to check with; ``problem`` says why the one asked for was not used."""

    policy: Policy
    checker: Checker | None
    problem: str | None = None


def load_policy(path: str) -> tuple[Policy, str | None]:
    """The policy in folder ``path`` ("" for the built-in one), or the built-in one and why."""
    policy, error = load_policy_or_builtin(path or None)
    if error is not None:
        return policy, (f"Could not use the policy in {path}: {error}. "
                        "Using the built-in policy instead.")
    return policy, None


def load_policy_and_checker(path: str, *, fall_back: bool,
                            cache_dir: Path | None = None) -> LoadedPolicy:
    """Load the policy at ``path`` and build its checker (on a worker thread).

    At start-up (``fall_back``) a policy that cannot be used gives way to the built-in one,
    with the reason in ``problem``. When the person chooses a new folder it does not: the
    result has no checker and the reason, and the policy in use stays.

    ``cache_dir`` is the profile's cache folder (:attr:`ProfileDirs.cache`): the policy is
    compiled once per version and read back from there on later starts, as ``rwt-check``
    does; None compiles it afresh and keeps nothing.
    """
    from rwt_desktop.core.checker import Checker
    from rwt_desktop.core.policy_cache import PolicyCache

    cache = PolicyCache(cache_dir)
    compiled = cache.load(path or None)
    policy, problem = compiled.policy, None
    if compiled.problem is not None:
        if not fall_back:
            return LoadedPolicy(policy, None, str(compiled.problem))
        problem = (f"Could not use the policy in {path}: {compiled.problem}. "
                   "Using the built-in policy instead.")
    try:
        checker = Checker(policy, analysis=compiled.analysis)
    except Exception as exc:  # a rule that will not compile
        if not fall_back:
            if isinstance(exc, PolicyError):
                return LoadedPolicy(policy, None, str(exc))
            raise
        if policy.source in ("resources", "built-in"):
            raise  # the built-in policy itself: a bug the self-test catches
        compiled = cache.load(None)
        checker = Checker(compiled.policy, analysis=compiled.analysis)
        policy, problem = compiled.policy, (f"Could not use the policy in {path}: {exc}. "
                                            "Using the built-in policy instead.")
    # After building: only a policy that gives a checker is kept (the built-in one, when it
    # stood in for the person's, is kept as itself).
    cache.save(dataclasses.replace(compiled, problem=None))
    return LoadedPolicy(policy, checker, problem)


def open_database(path: Path) -> tuple[DraftStore, ConfirmationRecord, str | None]:
    """The drafts and the record; if their file cannot be opened (locked, read-only, a
    folder in the way) a temporary one, so the window still starts, and a message."""
    try:
        drafts = DraftStore(path)
    except StorageError as exc:
        spare = Path(tempfile.mkdtemp(prefix="rwt-post-checker-")) / DATABASE_FILENAME
        drafts = DraftStore(spare)
        problem = (f"Your saved drafts and confirmation record could not be opened ({exc}) "
                   f"For now new drafts are kept in {spare}, a temporary folder. Please tell "
                   "whoever looks after the program's computers.")
        return drafts, ConfirmationRecord(spare), problem
    return drafts, ConfirmationRecord(path), None
