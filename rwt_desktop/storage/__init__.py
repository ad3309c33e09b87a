"""Where the person's work is kept: settings, drafts, the confirmation record and post packs.

Pure Python with no Qt, so the tests and any tool can use it. Nothing is a module-level
singleton: the window calls :func:`default_dirs` once and passes the paths on.

* ``settings.toml`` in ``ProfileDirs.config`` (:class:`SettingsStore`).
* ``rwt.sqlite3`` in ``ProfileDirs.data``, shared by :class:`DraftStore` and
  :class:`ConfirmationRecord`; each opens its own connections.

What the window must show: ``SettingsStore.load()`` returns a message when the settings file
was bad; ``DraftStore.problem`` / ``ConfirmationRecord.problem`` hold a message when the
database had to be moved aside; :class:`StorageError` (its ``str()`` is a sentence) when a
save or read fails; ``write_post_pack`` raises ``OSError``.
"""

from __future__ import annotations

from .atomic import atomic_write_bytes, atomic_write_text
from .database import StorageError
from .drafts import Draft, DraftStore
from .paths import ProfileDirs, default_dirs
from .postpack import write_post_pack
from .record import Confirmation, ConfirmationRecord, confirmation_to_dict, texts_sha256
from .settings import Settings, SettingsStore

__all__ = [
    "Confirmation",
    "ConfirmationRecord",
    "Draft",
    "DraftStore",
    "ProfileDirs",
    "Settings",
    "SettingsStore",
    "StorageError",
    "atomic_write_bytes",
    "atomic_write_text",
    "confirmation_to_dict",
    "default_dirs",
    "texts_sha256",
    "write_post_pack",
]
