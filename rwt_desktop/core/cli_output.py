"""``rwt-check``'s output: reports as text for people or JSON for programs, and what a
picture holds (``--image-info``).

The picture functions import :mod:`rwt_desktop.core.images` (and Pillow) only when a post has
pictures: most runs have none, and loading Pillow is a good part of a cold start.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from rwt_desktop.core.cli_input import InputError
from rwt_desktop.core.findings import Report, Severity

if TYPE_CHECKING:
    from rwt_desktop.core.images import ImageAttachment, ImageInfo

EXIT_OK, EXIT_BLOCKED, EXIT_USAGE = 0, 1, 2

_COLOURS = {Severity.BLOCK: "\033[1;31m", Severity.WARN: "\033[33m", Severity.INFO: "\033[36m"}
_RESET = "\033[0m"


def line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def format_text(name: str, report: Report, colour: bool) -> str:
    out: list[str] = []
    for f in report.findings:
        sev = f.severity.value
        if colour:
            sev = f"{_COLOURS[f.severity]}{sev}{_RESET}"
        if f.image:  # about a picture, not a place in the text
            out.append(f"{name}: {f.image}: {sev} [{f.category}] {f.message}")
        else:
            line, col = line_col(report.text, f.start)
            out.append(f"{name}:{line}:{col}: {sev} [{f.category}] {f.message}")
        out.append(f"    policy: \u201c{f.clause}\u201d")
        if f.suggestions:
            out.append(f"    try: {' / '.join(f.suggestions)}")
        if f.advice:
            out.append(f"    {f.advice}")
    for ch_id, ch in report.channels.items():
        if not ch.ok:
            out.append(f"{name}: {ch_id}: {ch.length} / {ch.limit} characters"
                       + ("" if ch.title_ok else
                          f", first line (title) {ch.title_length} / {ch.title_limit}"))
    if report.tone is not None:
        out.append(f"{name}: tone {report.tone.label} ({report.tone.score:+.2f})")
    counts = {s: len(report.by_severity(s)) for s in Severity}
    summary = ", ".join(f"{n} {s.value}" for s, n in counts.items() if n)
    out.append(f"{name}: {summary or 'no problems found'}"
               + (" \u2014 must be fixed before posting" if report.blocked else ""))
    return "\n".join(out)


def report_json(report: Report) -> dict[str, Any]:
    return report.to_dict()


def images_json(attachments: Sequence[ImageAttachment]) -> list[dict[str, Any]]:
    from rwt_desktop.core.images import credit_line, display_names

    return [{"name": name, **att.to_dict(), "credit": credit_line(att)}
            for name, att in zip(display_names(attachments), attachments, strict=True)]


_ORIENTATION = {
    1: "upright", 2: "mirrored", 3: "upside down", 4: "upside down and mirrored",
    5: "on its side and mirrored", 6: "on its side (shown turned 90\u00b0 clockwise)",
    7: "on its side and mirrored", 8: "on its side (shown turned 90\u00b0 anticlockwise)",
}


def _size_text(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.0f} KB"
    return f"{n} bytes"


def format_info(name: str, info: ImageInfo) -> str:
    if not info.ok:
        return f"{name}\n  {info.error}"
    yes = {True: "yes", False: "no"}
    lines = [
        name,
        f"  format: {info.format}, {info.width:,} \u00d7 {info.height:,} pixels "
        f"({info.megapixels:.1f} megapixels), {_size_text(info.file_size)}",
        f"  stored: {_ORIENTATION.get(info.orientation, 'upright')} "
        f"(EXIF orientation {info.orientation})",
    ]
    if info.has_gps:
        where = "yes"
        if info.gps_latitude is not None and info.gps_longitude is not None:
            where = f"yes, {info.gps_latitude:.5f}, {info.gps_longitude:.5f}"
        lines.append(f"  location (GPS): {where}")
    else:
        lines.append("  location (GPS): no")
    lines.append(f"  camera: {info.camera or 'not recorded'}")
    if info.taken:
        lines.append(f"  taken: {info.taken}")
    lines.append(f"  hidden details: EXIF {yes[info.has_exif]}, XMP {yes[info.has_xmp]}, "
                 f"comments {yes[info.has_comment]} (the exported copy has none of these)")
    lines.append(f"  colour profile: {yes[info.has_icc]}; animated: {yes[info.animated]}")
    if not info.extension_ok:
        lines.append(f"  note: the name ends in {Path(name).suffix} but it is a {info.format}")
    return "\n".join(lines)


def load_images(specs: Sequence[dict[str, Any]]) -> list[ImageAttachment]:
    """Each --image with its fields, inspected. A path that is not a file is a usage error."""
    if not specs:
        return []
    from rwt_desktop.core.images import attach_image

    out = []
    for spec in specs:
        path = Path(spec["path"])
        if path.is_dir():
            raise InputError(f"{path}: this is a folder, not a picture.")
        if not path.exists():
            raise InputError(f"{path}: no such file.")
        fields = {k: v for k, v in spec.items() if k != "path"}
        out.append(attach_image(path, **fields))
    return out


def run_image_info(attachments: Sequence[ImageAttachment], fmt: str, stdout: IO[str]) -> int:
    from rwt_desktop.core.images import ImageInfo, display_names

    if fmt == "json":
        stdout.write(json.dumps({"images": images_json(attachments)}, ensure_ascii=False,
                                indent=2) + "\n")
    else:
        names = display_names(attachments)
        stdout.write("\n\n".join(format_info(n, a.info or ImageInfo())
                                 for n, a in zip(names, attachments, strict=True)) + "\n")
    broken = any(a.info is not None and not a.info.ok for a in attachments)
    return EXIT_BLOCKED if broken else EXIT_OK
