"""Draw the program's icon: a white speech bubble with a green tick on a teal tile.

Writes ``resources/icons/rwt-post-checker.png`` (256 px, for the window and the README) and
``resources/icons/rwt-post-checker.ico`` (16 to 256 px, for the Windows exe). Both are checked
in; run this again only to change the design::

    .venv/bin/python scripts/make_icon.py

The picture is drawn once at 1024 px and scaled down, so edges stay smooth; the shapes are
bold enough to read at 16 px in the taskbar.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
NAME = "rwt-post-checker"
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]

TEAL = (0, 110, 120, 255)
WHITE = (255, 255, 255, 255)
GREEN = (30, 150, 70, 255)
BIG = 1024


def draw_icon(size: int = BIG) -> Image.Image:
    """The icon at ``size`` pixels (drawn on a 1024 grid and scaled)."""
    img = Image.new("RGBA", (BIG, BIG), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    # The tile.
    d.rounded_rectangle((40, 40, 984, 984), radius=190, fill=TEAL)
    # The speech bubble, with its tail at the bottom left.
    d.rounded_rectangle((170, 190, 854, 700), radius=150, fill=WHITE)
    d.polygon([(280, 640), (470, 690), (240, 860)], fill=WHITE)
    # The tick, thick enough to survive 16 px.
    d.line([(330, 450), (460, 580), (700, 320)], fill=GREEN, width=110, joint="curve")
    for x, y in ((330, 450), (700, 320)):
        d.ellipse((x - 55, y - 55, x + 55, y + 55), fill=GREEN)
    return img if size == BIG else img.resize((size, size), Image.Resampling.LANCZOS)


def write_icons(folder: Path = ICONS) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    png = folder / f"{NAME}.png"
    ico = folder / f"{NAME}.ico"
    draw_icon(256).save(png, optimize=True)
    draw_icon(BIG).save(ico, sizes=ICO_SIZES)
    return png, ico


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ICONS, help="folder to write into")
    args = parser.parse_args()
    for path in write_icons(args.out):
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} "
              f"({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
