"""Pictures in the window: attaching, the form, findings, credits, the read-back and export.

Real files made with Pillow in tmp_path, opened by the real decoder.
"""

from __future__ import annotations

import io
import json
import shutil
import struct
import zlib
from pathlib import Path
from unittest import mock

import pytest
from gui_support import type_post, underlined
from PIL import ExifTags, Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from rwt_desktop.core.findings import Severity
from rwt_desktop.core.images import credits_for, inspect_image, with_credits
from rwt_desktop.gui.readback import ReadBackDialog, ReadBackResult
from rwt_desktop.resources_path import resource_path

pytestmark = pytest.mark.gui

POST = "Thank you to everyone who came to the litter pick on Saturday!"


# --------------------------------------------------------------------------- real files


def _photo(size: tuple[int, int]) -> Image.Image:
    base = Image.linear_gradient("L").resize(size).convert("RGB")
    noise = Image.effect_noise(size, 40).convert("RGB")
    return Image.blend(base, noise, 0.5)


def _gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Apple"
    exif[ExifTags.Base.Model] = "iPhone 13"
    ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
    ifd[ExifTags.GPS.GPSLatitudeRef] = "N"
    ifd[ExifTags.GPS.GPSLatitude] = (53.0, 15.0, 30.0)
    ifd[ExifTags.GPS.GPSLongitudeRef] = "W"
    ifd[ExifTags.GPS.GPSLongitude] = (2.0, 31.0, 12.0)
    return exif


@pytest.fixture
def gps_jpeg(tmp_path: Path) -> Path:
    path = tmp_path / "litter-pick.jpg"
    _photo((1200, 900)).save(path, quality=90, exif=_gps_exif())
    assert inspect_image(path).has_gps
    return path


@pytest.fixture
def truncated_jpeg(tmp_path: Path) -> Path:
    buf = io.BytesIO()
    _photo((800, 600)).save(buf, "JPEG", quality=90)
    path = tmp_path / "half-downloaded.jpg"
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) * 6 // 10])
    return path


@pytest.fixture
def huge_png(tmp_path: Path) -> Path:
    """A PNG whose header claims 20,000 x 20,000 pixels (a "decompression bomb")."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    ihdr = struct.pack(">IIBBBBB", 20_000, 20_000, 1, 0, 0, 0, 0)
    path = tmp_path / "enormous.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
                     + chunk(b"IDAT", zlib.compress(b"\x00" * 2501 * 50)) + chunk(b"IEND", b""))
    return path


def _pngs(tmp_path: Path, *names: str) -> list[Path]:
    out = []
    for n, name in enumerate(names):
        path = tmp_path / name
        Image.new("RGB", (1400, 1000), (40 * n, 120, 200)).save(path)
        out.append(path)
    return out


def _image_findings(window, rule: str = "") -> list:
    return [f for f in window.findings.findings if f.image and f.rule.startswith(rule)]


def _fill(window, **fields) -> None:
    """Answer the form for the selected picture as a person would."""
    form = window.images.form
    for field, value in fields.items():
        widget = getattr(form, field)
        if field in ("source", "people"):
            widget.setCurrentIndex(widget.findData(value))
        elif field in ("children", "consent", "credit_wanted"):
            widget.setChecked(value)
        elif field == "alt_text":
            widget.setPlainText(value)
        else:
            widget.setText(value)
            widget.textEdited.emit(value)


def _good_partner_photo(window, path: Path) -> None:
    window.images.attach_files([path])
    _fill(window, source="partner", author="Sam Lee", permission_from="Sam Lee, by email",
          permission_date="3 May 2025", people="no",
          alt_text="Volunteers with litter pickers and full bags by the canal")


@pytest.fixture
def window(test_policy_dir, make_window):
    """The window over the test policy plus the real picture rules."""
    shutil.copy(resource_path("rules/image.toml"), test_policy_dir / "rules" / "image.toml")
    w = make_window()
    w.show()
    return w


# --------------------------------------------------------------------------- tests


def test_gps_photo_gives_an_information_finding_not_an_underline(window, gps_jpeg) -> None:
    type_post(window, POST)
    window.images.attach_files([gps_jpeg])
    assert [a.name for a in window.images.attachments()] == ["litter-pick.jpg"]
    assert window.live.attachments == tuple(window.images.attachments())
    [gps] = _image_findings(window, "image.metadata")
    assert gps.severity is Severity.INFO and gps.image == "litter-pick.jpg"
    assert gps.start == gps.end == 0
    assert underlined(window) == []
    item = window.findings.item_for(gps)
    assert "litter-pick.jpg" in item.text(0) and "“”" not in item.text(0)
    # Choosing the finding selects the picture, not words in the post.
    window.images.list.setCurrentRow(-1)
    window.select_finding(gps)
    assert window.images.list.currentRow() == 0
    assert window.composer.toPlainText() == POST


def test_found_online_without_permission_blocks_the_read_back(window, gps_jpeg) -> None:
    type_post(window, POST)
    window.images.attach_files([gps_jpeg])
    _fill(window, source="online", people="no", alt_text="A bag of litter on the grass")
    [block] = _image_findings(window, "image.permission")
    assert block.severity is Severity.BLOCK
    assert "✗" in window.ready_label.text()

    seen = []
    with mock.patch.object(ReadBackDialog, "ask", lambda parent, post: seen.append(post)):
        assert window.read_back() is None
    dialog = ReadBackDialog(seen[0], window)
    for box in dialog.warning_boxes:
        box.setChecked(True)
    dialog.confirm_box.setChecked(True)
    assert not dialog.confirm_button.isEnabled()
    assert "must be fixed" in dialog.reason.text()
    assert any("litter-pick.jpg" in r and not r.startswith("“”") for r in dialog.blockers)
    dialog.deleteLater()

    # Saying who gave permission clears it.
    _fill(window, permission_from="Pat at the Guardian, email 2 May", author="Pat Jones")
    assert _image_findings(window, "image.permission") == []


def test_empty_alt_text_warns_and_the_counter_shows_the_channel_limit(window,
                                                                      gps_jpeg) -> None:
    type_post(window, POST)
    window.channels_panel.set_chosen(["twitter", "instagram"])
    window.images.attach_files([gps_jpeg])
    [warn] = _image_findings(window, "image.alt_text")
    assert warn.severity is Severity.WARN
    _fill(window, alt_text="Six volunteers holding litter pickers")
    assert _image_findings(window, "image.alt_text") == []
    counter = window.images.form.alt_counter.text()
    assert counter.startswith("✓ 37 / 100") and "Instagram" in counter
    _fill(window, alt_text="x" * 120)
    assert window.images.form.alt_counter.text().startswith("✗ 120 / 100")
    assert [f.severity for f in _image_findings(window, "image.alt_text")] == [Severity.WARN]


def test_credits_go_in_the_read_back_the_counters_and_the_clipboard(window, tmp_path) -> None:
    [photo] = _pngs(tmp_path, "canal.png")
    type_post(window, POST)
    plain = window.channels_panel.length("twitter").length
    _good_partner_photo(window, photo)
    credit = "Photo: Sam Lee, with permission"
    assert credits_for(window.images.attachments()) == credit
    final = f"{POST}\n\n{credit}"
    assert window.outgoing_text() == final
    assert window.channels_panel.length("twitter").length == plain + len(f"\n\n{credit}")
    assert credit in window.preview.browser("twitter").toPlainText()
    assert credit in window.images.credit.text()

    seen = []

    def confirm(parent, post):
        seen.append(post)
        return ReadBackResult(acknowledged=tuple(
            f for f in post.findings if f.severity is Severity.WARN))

    with mock.patch.object(ReadBackDialog, "ask", confirm):
        assert window.copy_for("twitter")
    assert seen[0].texts == {"twitter": final, "facebook": final}
    assert not any(f.severity is Severity.BLOCK for f in seen[0].findings)
    assert QGuiApplication.clipboard().text() == final
    # Editing a picture's details voids the confirmation: the credit may have changed.
    _fill(window, author="Sam Leigh")
    assert window.current_confirmation() is None


@pytest.mark.parametrize("bad", ["truncated_jpeg", "huge_png"])
def test_a_broken_picture_gives_a_message_and_leaves_the_post_alone(window, make_window, qtbot,
                                                                    request, bad) -> None:
    from rwt_desktop.gui.dialogs import Banner

    broken = request.getfixturevalue(bad)

    window.close()
    w = make_window(synchronous=False)  # the real pool: the window must not wait for it
    w.show()
    type_post(w, POST)
    w.images.attach_files([broken])
    # attach_files returned without waiting for the pool: the picture is still pending (its
    # result can only arrive through the event loop, which has not run since).
    assert w.images.pending() == 1
    assert not w.findChildren(Banner, "problemBanner")
    qtbot.waitUntil(lambda: bool(w.findChildren(Banner, "problemBanner")), timeout=10_000)
    [banner] = w.findChildren(Banner, "problemBanner")
    assert banner.label.text().startswith(f"“{broken.name}” was not attached.")
    assert inspect_image(broken).error in banner.label.text()
    assert w.images.attachments() == [] and w.images.pending() == 0
    assert w.composer.toPlainText() == POST


def test_reorder_and_remove_with_buttons_and_keys(window, tmp_path, qtbot) -> None:
    paths = _pngs(tmp_path, "a.png", "b.png", "c.png")
    window.images.attach_files(paths)
    names = lambda: [a.name for a in window.images.attachments()]  # noqa: E731
    assert names() == ["a.png", "b.png", "c.png"]
    window.images.list.setCurrentRow(0)
    qtbot.mouseClick(window.images.down_button, Qt.MouseButton.LeftButton)
    assert names() == ["b.png", "a.png", "c.png"]
    assert window.images.list.currentRow() == 1
    assert [a.name for a in window.live.attachments] == names()  # checked in the new order
    window.images.list.setFocus()
    qtbot.keyClick(window.images.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert names() == ["b.png", "c.png", "a.png"]
    qtbot.keyClick(window.images.list, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert names() == ["b.png", "a.png", "c.png"]
    qtbot.keyClick(window.images.list, Qt.Key.Key_Delete)
    assert names() == ["b.png", "c.png"]
    qtbot.mouseClick(window.images.up_button, Qt.MouseButton.LeftButton)
    assert names() == ["c.png", "b.png"]
    window.images.list.setCurrentRow(0)
    qtbot.mouseClick(window.images.remove_button, Qt.MouseButton.LeftButton)
    assert names() == ["b.png"] and window.live.attachments[0].name == "b.png"


def test_too_many_pictures_for_x_blocks_and_shows_the_limits(window, tmp_path) -> None:
    type_post(window, POST)
    window.images.attach_files(_pngs(tmp_path, *(f"p{n}.png" for n in range(5))))
    limits = window.images.limits.text()
    assert limits.startswith("5 pictures") and "✗ X (Twitter) 4" in limits
    assert "Facebook 10" in limits and "✗ Facebook" not in limits
    [too_many] = _image_findings(window, "image.too_many")
    assert too_many.severity is Severity.BLOCK and "X (Twitter)" in too_many.message
    window.images.remove(4)
    assert _image_findings(window, "image.too_many") == []


def test_dropping_a_picture_on_the_composer_attaches_it(window, gps_jpeg, tmp_path) -> None:
    type_post(window, POST)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a picture", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(gps_jpeg)), QUrl.fromLocalFile(str(notes))])
    viewport = window.composer.viewport()
    # As a real drag arrives: it enters (and is accepted), then it is dropped.
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(QPoint(10, 10)), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, drop)
    assert [a.name for a in window.images.attachments()] == ["litter-pick.jpg"]
    assert window.composer.toPlainText() == POST  # no file path pasted into the post


def test_exported_pack_has_clean_pictures_and_their_credits(window, gps_jpeg, tmp_path) -> None:
    type_post(window, POST)
    _good_partner_photo(window, gps_jpeg)
    out = tmp_path / "out"
    with mock.patch.object(ReadBackDialog, "ask", lambda parent, post: ReadBackResult(
            acknowledged=tuple(f for f in post.findings if f.severity is Severity.WARN))), \
            mock.patch.object(type(window), "ask_export_folder", lambda self: str(out)):
        pack = window.export_post_pack()
    assert pack is not None
    exported = pack / "litter-pick.jpg"
    info = inspect_image(exported)
    assert info.ok and not info.has_gps and not info.has_exif
    assert max(info.width, info.height) <= 2048  # X 1600, Facebook 2048: the larger
    with Image.open(exported) as im:
        assert im.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert b"GPS" not in exported.read_bytes() and b"iPhone" not in exported.read_bytes()
    checks = json.loads((pack / "checks.json").read_text(encoding="utf-8"))
    [entry] = checks["images"]
    assert entry["file"] == "litter-pick.jpg"
    assert entry["credit"] == "Photo: Sam Lee, with permission"
    assert entry["attachment"]["author"] == "Sam Lee"
    assert checks["credits"] == entry["credit"]
    assert (pack / "twitter.txt").read_text(encoding="utf-8") == with_credits(
        POST, window.images.attachments())
    assert [p.name for p in pack.iterdir() if p.name.startswith(".")] == []


def test_write_post_pack_exports_attachments_without_gps(gps_jpeg, tmp_path) -> None:
    from datetime import UTC, datetime

    from rwt_desktop.core.images import attach_image
    from rwt_desktop.storage.postpack import write_post_pack
    from rwt_desktop.storage.record import Confirmation, texts_sha256

    texts = {"twitter": "Hello"}
    confirmation = Confirmation(when=datetime(2025, 5, 3, 10, 0, tzinfo=UTC), who="Sam",
                                channels=("twitter",), text_sha256=texts_sha256(texts),
                                texts=texts, acknowledged=(), findings=())
    same_name = tmp_path / "other" / gps_jpeg.name
    same_name.parent.mkdir()
    same_name.write_bytes(gps_jpeg.read_bytes())
    atts = [attach_image(gps_jpeg, source="own"), attach_image(same_name, source="own")]
    pack = write_post_pack(tmp_path / "packs", texts, {}, confirmation, attachments=atts,
                           max_side=800)
    files = sorted(p.name for p in pack.iterdir())
    assert files == ["alt-text.txt", "checks.json", "litter-pick-2.jpg", "litter-pick.jpg",
                     "twitter.txt"]
    for name in ("litter-pick.jpg", "litter-pick-2.jpg"):
        info = inspect_image(pack / name)
        assert not info.has_gps and not info.has_exif and max(info.width, info.height) == 800
    assert inspect_image(gps_jpeg).has_gps  # the original is left as it was

    # A picture that has gone since: nothing half-made, and an OSError with the reason.
    gone = attach_image(gps_jpeg).with_fields(path=str(tmp_path / "gone.jpg"))
    with pytest.raises(OSError, match=r"gone\.jpg"):
        write_post_pack(tmp_path / "packs2", texts, {}, confirmation, attachments=[gone])
    assert list((tmp_path / "packs2").iterdir()) == []
