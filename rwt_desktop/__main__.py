"""``python -m rwt_desktop`` and the ``rwt-desktop`` command: open the window."""

from __future__ import annotations

import sys


def main() -> int:
    from rwt_desktop.gui.app import main as run

    return run()


if __name__ == "__main__":
    sys.exit(main())
