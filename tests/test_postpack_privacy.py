"""A post pack carries no hidden data: a byte scan of every file it holds.

The pack is built the way the window builds it (the check's report with the picture's
findings, and a confirmation recorded for an export to a folder), from a phone photo with a
location, a camera model and a date saved inside it, kept in a folder whose name would give
someone away.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from rwt_desktop.core.checker import default_checker
from rwt_desktop.core.images import attach_image, inspect_image
from rwt_desktop.storage.postpack import write_post_pack
from rwt_desktop.storage.record import Confirmation, texts_sha256

POST = "Our litter pickers did a brilliant job on Saturday, thank you all!"
LATITUDE = 53 + 15 / 60 + 30 / 3600  # 53.258333 N
LONGITUDE = -(2 + 31 / 60 + 12 / 3600)  # 2.52 W


@pytest.fixture
def phone_photo(tmp_path: Path) -> Path:
    folder = tmp_path / "Jo Bloggs home 12 Moss Lane"
    folder.mkdir()
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Samsung"
    exif[ExifTags.Base.Model] = "Galaxy-S23-Ultra"
    exif[ExifTags.Base.DateTime] = "2025:05:03 10:41:07"
    exif[ExifTags.Base.Software] = "G998BXXU9FXB1"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (53.0, 15.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (2.0, 31.0, 12.0)
    path = folder / "litter-pick.jpg"
    image = Image.linear_gradient("L").resize((1200, 900)).convert("RGB")
    image.save(path, quality=90, exif=exif, comment=b"Taken at Jo's house")
    info = inspect_image(path)
    assert info.has_gps and info.camera_model == "Galaxy-S23-Ultra"
    return path


def test_an_exported_pack_holds_no_location_camera_or_path(phone_photo: Path,
                                                          tmp_path: Path) -> None:
    attachment = attach_image(phone_photo, source="own", author="Sam Lee", credit_wanted=True,
                              people_identifiable="yes", consent=True,
                              alt_text="Six volunteers with full bin bags by the brook")
    report = default_checker().check(POST, ["twitter"], attachments=[attachment])
    metadata = [f for f in report.findings if f.rule == "image.metadata"]
    assert metadata and "53.25" in metadata[0].message  # the window does show it
    texts = {"twitter": POST + "\n\nPhoto: Sam Lee"}
    export_to = tmp_path / "exports"
    confirmation = Confirmation(
        when=datetime(2025, 5, 3, 12, 0, tzinfo=UTC), who="Sam", channels=("twitter",),
        text_sha256=texts_sha256(texts), texts=texts, acknowledged=(),
        findings=tuple(f.to_dict() for f in report.findings), action=f"export:{export_to}")

    pack = write_post_pack(export_to, texts, report.to_dict(), confirmation,
                           attachments=[attachment], max_side=800)

    files = sorted(p for p in pack.rglob("*") if p.is_file())
    assert {p.name for p in files} == {"checks.json", "twitter.txt", "litter-pick.jpg",
                                       "alt-text.txt", "credits.txt"}
    forbidden = [
        "Galaxy-S23-Ultra", "Samsung", "G998BXXU9FXB1", "2025:05:03", "Jo's house",
        "Jo Bloggs", "Moss Lane", str(phone_photo), str(phone_photo.parent), str(tmp_path),
        f"{LATITUDE:.2f}", f"{LONGITUDE:.2f}", f"{LATITUDE:.5f}", f"{LONGITUDE:.5f}",
        str(LATITUDE), str(LONGITUDE), "gps", "latitude", "longitude", "camera_", "Exif",
        "<x:xmpmeta",
    ]
    for path in files:
        data = path.read_bytes()
        for secret in forbidden:
            for encoded in {secret.encode(), json.dumps(secret)[1:-1].encode()}:
                assert encoded.lower() not in data.lower(), f"{secret!r} in {path.name}"

    exported = inspect_image(pack / "litter-pick.jpg")
    assert not exported.has_exif and not exported.has_gps and not exported.camera
    assert (pack / "alt-text.txt").read_text(encoding="utf-8") == (
        "litter-pick.jpg: Six volunteers with full bin bags by the brook\n")
    assert (pack / "credits.txt").read_text(encoding="utf-8") == "Photo: Sam Lee\n"
    checks = json.loads((pack / "checks.json").read_text(encoding="utf-8"))
    [entry] = checks["images"]
    assert entry["attachment"]["alt_text"] == attachment.alt_text
    assert entry["attachment"]["consent"] is True and "path" not in entry["attachment"]
    assert checks["confirmation"]["action"] == "export"
    assert checks["confirmation"]["texts"] == texts  # the post itself is kept exactly
    [said] = [f for f in checks["report"]["findings"] if f["rule"] == "image.metadata"]
    assert "leaves them out" in said["message"]
