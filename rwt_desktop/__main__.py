"""``python -m rwt_desktop`` and the ``rwt-desktop`` command: open the window.

``--self-test`` runs :mod:`rwt_desktop.selftest` instead (headless; it imports the window
only when it gets to that step), so a packaged app can prove it has everything it needs.
"""

from __future__ import annotations

import sys


def main() -> int:
    if "--self-test" in sys.argv[1:]:
        from rwt_desktop.selftest import main as self_test

        return self_test(sys.argv[1:])
    from rwt_desktop.gui.app import main as run

    return run()


if __name__ == "__main__":
    sys.exit(main())
