"""Pictures attached to a post: the data model, credits, safe opening, thumbnails, export
and the image checks, all on real files made here with Pillow (no mocks of the decoder).
"""

from __future__ import annotations

import io
import json
import struct
import time
import warnings
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from image_examples import parse_example
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

from rwt_desktop.core.checker import default_checker
from rwt_desktop.core.images import (
    MAX_PIXELS,
    ImageAttachment,
    ImageError,
    ImageInfo,
    attach_image,
    credit_line,
    credit_required,
    credits_for,
    display_names,
    export_image,
    export_side,
    inspect_image,
    licence_url_for,
    make_thumbnail,
    with_credits,
)
from rwt_desktop.core.policy import builtin_policy

POLICY = builtin_policy()
ALL_CHANNELS = [ch.id for ch in POLICY.channels]
IMAGE_RULES = [r for r in POLICY.rules if r.category == "image" and r.enabled]
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/'
       b'02/22-rdf-syntax-ns#"><rdf:Description dc:creator="Jo"/></rdf:RDF></x:xmpmeta>')
POST = "Litter pick this Saturday, meet at the community centre at 10am. All welcome!"


# --------------------------------------------------------------------------- real files


def _phone_exif(orientation: int = 1, gps: bool = True) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Apple"
    exif[ExifTags.Base.Model] = "iPhone 13"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.DateTime] = "2025:05:03 10:41:07"
    if gps:
        ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
        ifd[ExifTags.GPS.GPSLatitudeRef] = "N"
        ifd[ExifTags.GPS.GPSLatitude] = (53.0, 15.0, 30.0)
        ifd[ExifTags.GPS.GPSLongitudeRef] = "W"
        ifd[ExifTags.GPS.GPSLongitude] = (2.0, 31.0, 12.0)
    return exif


def _photo(size: tuple[int, int]) -> Image.Image:
    """Something photo-like (noise over a gradient), so JPEG data is realistic in size."""
    base = Image.linear_gradient("L").resize(size).convert("RGB")
    noise = Image.effect_noise(size, 40).convert("RGB")
    return Image.blend(base, noise, 0.5)


@pytest.fixture
def gps_jpeg(tmp_path: Path) -> Path:
    path = tmp_path / "walk.jpg"
    _photo((640, 480)).save(path, quality=90, exif=_phone_exif(), comment=b"Taken by Jo",
                            xmp=XMP, icc_profile=SRGB)
    return path


@pytest.fixture
def rotated_jpeg(tmp_path: Path) -> Path:
    """A phone photo stored sideways: left half red, right half blue, Orientation=6."""
    im = Image.new("RGB", (400, 200), (220, 0, 0))
    im.paste((0, 0, 220), (200, 0, 400, 200))
    path = tmp_path / "sideways.jpg"
    im.save(path, quality=95, exif=_phone_exif(orientation=6, gps=False))
    return path


@pytest.fixture
def truncated_jpeg(tmp_path: Path) -> Path:
    buf = io.BytesIO()
    _photo((800, 600)).save(buf, "JPEG", quality=90)
    path = tmp_path / "half-downloaded.jpg"
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) * 6 // 10])
    return path


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def _one_colour_png(path: Path, width: int, height: int) -> Path:
    """A valid 1-bit PNG of any size, written row by row, so the test never holds it."""
    row = b"\x00" + bytes((width + 7) // 8)
    z = zlib.compressobj(9)
    parts = [z.compress(row * 1000) for _ in range(height // 1000)]
    parts.append(z.compress(row * (height % 1000)))
    parts.append(z.flush())
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr)
                     + _chunk(b"IDAT", b"".join(parts)) + _chunk(b"IEND", b""))
    return path


@pytest.fixture
def bomb_png(tmp_path: Path) -> Path:
    return _one_colour_png(tmp_path / "bomb.png", 20_000, 20_000)


@pytest.fixture
def pixel_loads(monkeypatch) -> list[str]:
    """Every picture whose pixels are decoded from now on (its file name), in order.

    Pillow decodes in ``ImageFile.load`` (PNG, JPEG, GIF and WebP all use it); the real
    method still runs, so nothing else changes.
    """
    from PIL import ImageFile

    loads: list[str] = []
    real_load = ImageFile.ImageFile.load

    def recording_load(im):
        loads.append(Path(getattr(im, "filename", "") or "?").name)
        return real_load(im)

    monkeypatch.setattr(ImageFile.ImageFile, "load", recording_load)
    return loads


# --------------------------------------------------------------------------- data model


def test_attachment_round_trips_through_json(gps_jpeg: Path):
    att = attach_image(gps_jpeg, source="partner", author="Jo Bennett",
                       permission_from="Jo, by text", permission_date="3 May 2025",
                       people_identifiable="yes", consent=True, alt_text="Walkers on a bridge")
    data = json.loads(json.dumps(att.to_dict()))
    back = ImageAttachment.from_dict(data)
    assert back == att
    assert back.info is not None and back.info.has_gps
    assert data["path"] == str(gps_jpeg) and data["info"]["width"] == 640


def test_from_dict_makes_odd_values_safe():
    att = ImageAttachment.from_dict({"path": "x.jpg", "source": "stolen", "colour": "red",
                                     "people_identifiable": "maybe"})
    assert att.source == "unknown" and att.people_identifiable == "unsure" and att.info is None


def test_attachment_refuses_unknown_choices():
    with pytest.raises(ValueError, match="source"):
        ImageAttachment(path="a.jpg", source="google")
    with pytest.raises(ValueError, match="people_identifiable"):
        ImageAttachment(path="a.jpg", people_identifiable="maybe")


def test_display_names_tell_duplicates_apart():
    atts = [ImageAttachment(path="/a/poster.jpg"), ImageAttachment(path="/b/Poster.jpg"),
            ImageAttachment(path="/c/walk.png")]
    assert display_names(atts) == ["poster.jpg", "Poster.jpg (2)", "walk.png"]


# --------------------------------------------------------------------------- credits


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"source": "licensed", "title": "Bluebells", "author": "Sam Ortiz",
          "licence": "CC BY 4.0"},
         "\u201cBluebells\u201d by Sam Ortiz, licensed under CC BY 4.0 "
         "(https://creativecommons.org/licenses/by/4.0/)"),
        ({"source": "online", "author": "A. Khan", "licence": "cc by-sa 2.0"},
         "Photo by A. Khan, licensed under CC BY-SA 2.0 "
         "(https://creativecommons.org/licenses/by-sa/2.0/)"),
        ({"source": "licensed", "author": "Lee", "licence": "Unsplash Licence",
          "licence_url": "https://unsplash.com/license"},
         "Photo by Lee, licensed under Unsplash Licence (https://unsplash.com/license)"),
        ({"source": "partner", "author": "Jo Bennett"}, "Photo: Jo Bennett, with permission"),
        ({"source": "partner", "permission_from": "Northwich Rotary"},
         "Photo: Northwich Rotary, with permission"),
        ({"source": "online", "author": "Cheshire Wildlife Trust",
          "permission_from": "their comms team"},
         "Photo: Cheshire Wildlife Trust, with permission"),
        ({"source": "own", "author": "Priya"}, ""),
        ({"source": "own", "author": "Priya", "credit_wanted": True}, "Photo: Priya"),
        ({"source": "licensed", "licence": "CC0"}, ""),
        ({"source": "online"}, ""),  # no permission: nothing to credit, it is blocked instead
    ],
)
def test_credit_line(fields, expected):
    assert credit_line(ImageAttachment(path="p.jpg", **fields)) == expected


def test_credit_required_follows_the_policy():
    assert not credit_required(ImageAttachment(path="p.jpg", source="own", author="Jo"))
    assert credit_required(ImageAttachment(path="p.jpg", source="partner"))
    assert credit_required(ImageAttachment(path="p.jpg", source="licensed", licence="CC BY 4.0"))
    assert not credit_required(ImageAttachment(path="p.jpg", source="licensed", licence="CC0 1.0"))
    assert not credit_required(ImageAttachment(path="p.jpg", source="online"))


def test_licence_urls():
    assert licence_url_for("CC BY-NC-SA 4.0") == \
        "https://creativecommons.org/licenses/by-nc-sa/4.0/"
    assert licence_url_for("Creative Commons BY 3.0") == \
        "https://creativecommons.org/licenses/by/3.0/"
    assert licence_url_for("CC0") == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert licence_url_for("Shutterstock standard") == ""
    assert licence_url_for("CC NC") == ""  # not a real licence: no guessing


def test_credits_for_and_with_credits():
    atts = [ImageAttachment(path="a.jpg", source="partner", author="Jo"),
            ImageAttachment(path="b.jpg", source="own"),
            ImageAttachment(path="c.jpg", source="partner", author="Jo"),
            ImageAttachment(path="d.jpg", source="licensed", author="Sam", licence="CC BY 4.0")]
    credits = credits_for(atts)
    assert credits.splitlines() == [
        "Photo: Jo, with permission",
        "Photo by Sam, licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"]
    assert with_credits("Hello!\n", atts) == "Hello!\n\n" + credits
    assert with_credits("Hello!", atts[1:2]) == "Hello!"
    assert credits_for([]) == ""


# --------------------------------------------------------------------------- inspecting


def test_inspect_finds_location_camera_and_hidden_details(gps_jpeg: Path):
    info = inspect_image(gps_jpeg)
    assert info.ok and info.format == "JPEG" and (info.width, info.height) == (640, 480)
    assert info.has_gps and info.has_exif and info.has_xmp and info.has_comment and info.has_icc
    assert info.gps_latitude == pytest.approx(53.258333, abs=1e-5)
    assert info.gps_longitude == pytest.approx(-2.52, abs=1e-5)
    assert info.camera == "Apple iPhone 13"
    assert info.taken == "2025:05:03 10:41:07"


def test_inspect_reports_the_size_as_shown(rotated_jpeg: Path):
    info = inspect_image(rotated_jpeg)
    assert info.orientation == 6
    assert (info.width, info.height) == (200, 400)
    assert not info.has_gps


def test_plain_png_has_no_hidden_details(tmp_path: Path):
    path = tmp_path / "map.png"
    Image.new("RGB", (300, 200), "white").save(path)
    info = inspect_image(path)
    assert info.ok and not (info.has_exif or info.has_gps or info.has_xmp or info.has_comment)


@pytest.mark.parametrize(
    ("make", "kind", "words"),
    [
        (lambda p: p.write_bytes(b""), "empty", "the file is empty"),
        (lambda p: p.write_text("Minutes of the meeting held on Tuesday\n" * 20),
         "not_image", "it looks like text), even though its name ends in .jpg"),
        (lambda p: p.write_bytes(b"\x00\x00\x00\x18ftypheic" + bytes(200)),
         "unsupported", "HEIC"),
        (lambda p: p.write_bytes(b"%PDF-1.7\n" + bytes(100)), "not_image", "PDF"),
        (lambda p: p.write_bytes(b"\xff\xd8\xff\xe0" + bytes(50)), "damaged", "damaged"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40), "damaged", "damaged"),
    ],
)
def test_files_that_are_not_usable_pictures_get_a_plain_message(tmp_path, make, kind, words):
    path = tmp_path / "photo.jpg"
    make(path)
    info = inspect_image(path)
    assert not info.ok and info.error_kind == kind
    assert words in info.error
    assert info.error.startswith("This picture could not be opened: ")
    with pytest.raises(ImageError) as caught:
        make_thumbnail(path)
    assert caught.value.kind == kind


def test_truncated_jpeg_is_caught_although_verify_passes(truncated_jpeg: Path):
    with Image.open(truncated_jpeg) as im:
        im.verify()  # the trap: verify() is happy with half a JPEG
    info = inspect_image(truncated_jpeg)
    assert info.error_kind == "truncated"
    assert info.error == ("This picture could not be opened: the file is incomplete (it may "
                          "not have finished downloading). Try downloading or copying it again.")


def test_missing_file_and_folder(tmp_path: Path):
    assert inspect_image(tmp_path / "gone.jpg").error_kind == "missing"
    assert inspect_image(tmp_path).error_kind == "folder"


def test_decompression_bomb_is_refused_undecoded_without_touching_warnings(
        bomb_png: Path, pixel_loads: list[str], tmp_path: Path):
    assert bomb_png.stat().st_size < 100_000
    filters_before = list(warnings.filters)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        info = inspect_image(bomb_png)
    assert info.error_kind == "too_big"
    assert "too big to open safely" in info.error and "400 megapixels" in info.error
    assert not seen, [str(w.message) for w in seen]
    assert list(warnings.filters) == filters_before
    with pytest.raises(ImageError, match="too big"):
        make_thumbnail(bomb_png)
    with pytest.raises(ImageError, match="too big"):
        export_image(bomb_png, bomb_png.parent / "out")
    assert not (bomb_png.parent / "out").exists() or not any((bomb_png.parent / "out").iterdir())
    assert pixel_loads == []  # refused from its header: not one pixel was decoded
    # The recorder does see decoding: a small picture is decoded when inspected.
    assert inspect_image(_one_colour_png(tmp_path / "small.png", 40, 30)).ok
    assert set(pixel_loads) == {"small.png"}


def test_own_limit_is_below_pillows_and_an_error(tmp_path: Path, pixel_loads: list[str]):
    """8,000 x 8,000 is under Pillow's warning limit but over ours: refused before decoding."""
    assert MAX_PIXELS < Image.MAX_IMAGE_PIXELS
    path = _one_colour_png(tmp_path / "big.png", 8_000, 8_000)
    info = inspect_image(path)
    assert pixel_loads == []
    assert info.error_kind == "too_big"
    assert "8,000 \u00d7 8,000 pixels, 64 megapixels" in info.error


def test_png_named_jpg_is_fine_with_a_note(tmp_path: Path):
    path = tmp_path / "poster.jpg"
    Image.new("RGB", (1200, 1600), "yellow").save(path, format="PNG")
    info = inspect_image(path)
    assert info.ok and info.format == "PNG" and not info.extension_ok
    out = export_image(path, tmp_path / "out")
    assert out.name == "poster.png"
    report = default_checker().check(POST, ["facebook"], attachments=[
        ImageAttachment(path=str(path), source="own", people_identifiable="no",
                        alt_text="Yellow poster", info=info)])
    notes = [f for f in report.findings if f.rule == "image.file_note"]
    assert [f.severity.value for f in notes] == ["info"]
    assert "really a PNG picture, though its name ends in .jpg" in notes[0].message


def test_bad_bytes_never_raise(tmp_path: Path):
    good = io.BytesIO()
    _photo((64, 48)).save(good, "JPEG")
    data = good.getvalue()
    variants = [data[:20], data[:200], data[::-1], data[:100] + b"\x00" * 500,
                bytes(range(256)) * 10, b"GIF89a" + bytes(30), b"RIFF\x00\x00\x00\x00WEBPVP8 "]
    for i, blob in enumerate(variants):
        path = tmp_path / f"odd-{i}.jpg"
        path.write_bytes(blob)
        info = inspect_image(path)
        assert isinstance(info, ImageInfo)
        assert info.ok or info.error.startswith(("This picture could not be opened",
                                                  "This picture is too big"))


# --------------------------------------------------------------------------- thumbnails


def test_thumbnail_is_upright_png(rotated_jpeg: Path):
    data = make_thumbnail(rotated_jpeg, 100)
    assert data.startswith(b"\x89PNG")
    with Image.open(io.BytesIO(data)) as thumb:
        thumb.load()
        assert thumb.size == (50, 100)
        assert not thumb.getexif()
        top, bottom = thumb.getpixel((25, 10)), thumb.getpixel((25, 90))
    assert top[0] > 150 and top[2] < 80  # red on top: turned clockwise as the phone meant
    assert bottom[2] > 150 and bottom[0] < 80


def test_thumbnails_from_several_threads(gps_jpeg, rotated_jpeg, truncated_jpeg):
    paths = [gps_jpeg, rotated_jpeg, gps_jpeg, rotated_jpeg] * 3

    def thumb(p: Path) -> int:
        return len(make_thumbnail(p, (64, 64)))

    with ThreadPoolExecutor(4) as pool:
        sizes = list(pool.map(thumb, paths))
    assert all(s > 100 for s in sizes)
    with pytest.raises(ImageError, match="incomplete"):
        make_thumbnail(truncated_jpeg)


# --------------------------------------------------------------------------- export


def _assert_clean(path: Path) -> None:
    data = path.read_bytes()
    for needle in (b"Exif", b"GPS", b"iPhone", b"Taken by Jo", b"adobe:ns:meta"):
        assert needle not in data, needle
    assert b"xmp" not in data.lower()
    with Image.open(path) as im:
        im.load()
        assert len(im.getexif()) == 0
        assert not {"exif", "xmp", "comment", "XML:com.adobe.xmp"} & set(im.info)
        assert im.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}


def test_export_removes_gps_exif_xmp_and_comments_but_keeps_colour(gps_jpeg: Path,
                                                                   tmp_path: Path):
    out = export_image(gps_jpeg, tmp_path / "pack")
    assert out == tmp_path / "pack" / "walk.jpg"
    _assert_clean(out)
    with Image.open(out) as im:
        assert im.format == "JPEG" and im.size == (640, 480)
        assert im.info.get("icc_profile") == SRGB
    assert inspect_image(out).has_gps is False
    assert not list((tmp_path / "pack").glob(".*.tmp"))


def test_export_turns_a_sideways_photo_upright(rotated_jpeg: Path, tmp_path: Path):
    out = export_image(rotated_jpeg, tmp_path)
    with Image.open(out) as im:
        im.load()
        assert im.size == (200, 400)  # width and height swapped
        assert im.getexif().get(ExifTags.Base.Orientation) is None
        top, bottom = im.getpixel((100, 50)), im.getpixel((100, 350))
    assert top[0] > 150 and top[2] < 80
    assert bottom[2] > 150 and bottom[0] < 80
    _assert_clean(out)


def test_export_resizes_to_the_channel(gps_jpeg: Path, tmp_path: Path):
    instagram = POLICY.channel("instagram")
    out = export_image(gps_jpeg, tmp_path, max_side=320)
    with Image.open(out) as im:
        assert im.size == (320, 240)
    assert export_side([POLICY.channel("twitter"), instagram]) == 1600
    assert export_side([]) is None
    big = tmp_path / "big.jpg"
    _photo((3000, 2000)).save(big, quality=85)
    out = export_image(big, tmp_path / "ig", instagram)
    with Image.open(out) as im:
        assert im.size == (1080, 720)


def test_export_png_drops_text_chunks_and_exif_keeps_transparency(tmp_path: Path):
    src = tmp_path / "logo.png"
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "made at home on Ash Road")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    im = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    im.paste((10, 120, 60, 255), (50, 50, 250, 250))
    im.save(src, pnginfo=info, exif=_phone_exif())
    before = inspect_image(src)
    assert before.has_gps and before.has_comment and before.has_xmp
    out = export_image(src, tmp_path / "out")
    assert out.suffix == ".png"
    _assert_clean(out)
    with Image.open(out) as back:
        back.load()
        assert back.mode == "RGBA" and back.getpixel((0, 0))[3] == 0
        assert back.getpixel((150, 150)) == (10, 120, 60, 255)
        assert not getattr(back, "text", {})


def test_export_animated_gif_keeps_the_first_frame(tmp_path: Path):
    src = tmp_path / "wave.gif"
    frames = [Image.new("P", (80, 60), i) for i in (1, 2, 3)]
    for i, frame in enumerate(frames):
        frame.putpalette([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255] + [0] * 756)
        frame.info["comment"] = f"frame {i}".encode()
    frames[0].save(src, save_all=True, append_images=frames[1:], duration=100, loop=0,
                   comment=b"secret note")
    info = inspect_image(src)
    assert info.ok and info.animated and info.format == "GIF" and info.has_comment
    out = export_image(src, tmp_path / "out")
    with Image.open(out) as im:
        im.load()
        assert im.format == "PNG" and not getattr(im, "is_animated", False)
        assert im.convert("RGB").getpixel((5, 5)) == (255, 0, 0)
    assert b"secret note" not in out.read_bytes()


def test_export_cmyk_and_webp(tmp_path: Path):
    cmyk = tmp_path / "print.jpg"
    Image.new("CMYK", (120, 80), (0, 255, 255, 0)).save(cmyk)
    out = export_image(cmyk, tmp_path / "out")
    with Image.open(out) as im:
        assert im.mode == "RGB" and im.format == "JPEG"
    webp = tmp_path / "banner.webp"
    Image.new("RGB", (200, 100), "navy").save(webp, exif=_phone_exif())
    assert inspect_image(webp).has_gps
    out = export_image(webp, tmp_path / "out")
    assert out.suffix == ".jpg"
    _assert_clean(out)


def test_export_is_atomic_over_an_existing_file(gps_jpeg: Path, tmp_path: Path):
    dest = tmp_path / "pack"
    dest.mkdir()
    (dest / "walk.jpg").write_bytes(b"the old copy")
    out = export_image(gps_jpeg, dest)
    assert out.read_bytes()[:3] == b"\xff\xd8\xff"
    assert sorted(p.name for p in dest.iterdir()) == ["walk.jpg"]


def test_failed_export_leaves_nothing(truncated_jpeg: Path, tmp_path: Path):
    dest = tmp_path / "pack"
    with pytest.raises(ImageError, match="incomplete"):
        export_image(truncated_jpeg, dest)
    assert not dest.exists() or not any(dest.iterdir())


def test_huge_but_valid_photo_works(tmp_path: Path):
    # How long this takes is printed by scripts/bench_core.py, not asserted here.
    path = tmp_path / "huge.jpg"
    im = Image.new("RGB", (8000, 6000), (90, 140, 200))
    im.paste((240, 200, 40), (0, 0, 4000, 6000))
    im.save(path, quality=85, exif=_phone_exif())
    del im
    info = inspect_image(path)
    thumb = make_thumbnail(path, 256)
    out = export_image(path, tmp_path / "out", max_side=2048)
    assert info.ok and (info.width, info.height) == (8000, 6000)
    assert len(thumb) > 100
    with Image.open(out) as back:
        assert back.size == (2048, 1536)
    _assert_clean(out)


# --------------------------------------------------------------------------- the checks


@pytest.mark.parametrize("rule", IMAGE_RULES, ids=lambda r: r.id)
def test_image_rules_have_enough_examples_with_pictures(rule):
    assert len(rule.must_flag) >= 3 and len(rule.must_pass) >= 3
    assert all(parse_example(e)[1] for e in rule.must_flag), "must_flag needs a [image] block"


# The examples themselves, pictures included, run in tests/test_rule_examples.py.


def test_parse_example():
    assert parse_example("Just words [image] here") == ("Just words [image] here", [])
    text, atts = parse_example("[image: source=partner; alt=A; people=no][image] Hi")
    assert text == "Hi" and len(atts) == 2
    assert atts[0].source == "partner" and atts[0].alt_text == "A"
    assert atts[1].source == "unknown" and atts[1].info is not None and atts[1].info.ok
    with pytest.raises(ValueError, match="unknown key"):
        parse_example("[image: colour=red] Hi")


def _att(path: Path, **fields) -> ImageAttachment:
    base = {"source": "own", "people_identifiable": "no", "alt_text": "A walk by the river"}
    return attach_image(path, **{**base, **fields})


def _image_findings(report):
    return {(f.rule, f.severity.value) for f in report.findings if f.category == "image"}


def test_a_well_described_own_photo_with_gps_only_gets_advice(gps_jpeg: Path):
    report = default_checker().check(POST, ["facebook"], attachments=[_att(gps_jpeg)])
    assert _image_findings(report) == {("image.metadata", "info")}
    finding = next(f for f in report.findings if f.rule == "image.metadata")
    assert finding.image == "walk.jpg"
    assert "(53.25833, -2.52000)" in finding.message
    assert finding.to_dict()["image"] == "walk.jpg"
    assert not report.blocked


def test_an_unreadable_picture_blocks_with_one_clear_finding(truncated_jpeg: Path):
    report = default_checker().check(POST, ["twitter"], attachments=[
        attach_image(truncated_jpeg)])
    assert report.blocked
    assert _image_findings(report) == {("image.unreadable", "block")}
    assert report.text == POST  # the post itself is untouched
    msg = next(f.message for f in report.findings if f.rule == "image.unreadable")
    assert "incomplete (it may not have finished downloading)" in msg


def test_found_online_without_permission_blocks_and_permission_needs_credit(gps_jpeg):
    report = default_checker().check(POST, ["facebook"],
                                     attachments=[_att(gps_jpeg, source="online")])
    assert ("image.permission", "block") in _image_findings(report)
    report = default_checker().check(POST, ["facebook"], attachments=[
        _att(gps_jpeg, source="online", permission_from="Cheshire Wildlife Trust")])
    assert ("image.permission", "block") not in _image_findings(report)
    assert not report.blocked
    assert credits_for([_att(gps_jpeg, source="online",
                             permission_from="Cheshire Wildlife Trust")]) == \
        "Photo: Cheshire Wildlife Trust, with permission"


def test_people_and_children(gps_jpeg):
    def fired(**fields):
        rep = default_checker().check(POST, ["facebook"], attachments=[_att(gps_jpeg, **fields)])
        return {(f.rule, f.severity.value, "parent" in f.message) for f in rep.findings
                if f.rule == "image.consent"}

    assert fired(people_identifiable="yes") == {("image.consent", "block", False)}
    assert fired(people_identifiable="yes", children=True) == {("image.consent", "block", True)}
    assert fired(people_identifiable="unsure") == {("image.consent", "warn", False)}
    assert fired(people_identifiable="yes", children=True, consent=True) == set()
    assert fired(people_identifiable="no", children=True) == set()


def test_channel_limits_on_pictures(tmp_path: Path):
    small = tmp_path / "small.jpg"
    _photo((700, 500)).save(small)
    atts = [_att(small, alt_text=f"Stall number {i}") for i in range(5)]
    report = default_checker().check(POST, ["twitter", "facebook"], attachments=atts)
    too_many = [f for f in report.findings if f.rule == "image.too_many"]
    assert [(f.severity.value, f.image) for f in too_many] == [("block", "small.jpg (5)")]
    assert "X (Twitter) takes up to 4 pictures and this post has 5" in too_many[0].message
    assert not [f for f in report.findings if f.rule == "image.small"]  # 700 >= 600
    report = default_checker().check(POST, ["instagram"], attachments=atts[:1])
    small_f = [f for f in report.findings if f.rule == "image.small"]
    assert [f.severity.value for f in small_f] == ["info"]
    assert "700 pixels wide; Instagram recommends at least 1,080" in small_f[0].message
    long_alt = _att(small, alt_text="A long description of the stall " * 5)
    report = default_checker().check(POST, ["instagram", "facebook"], attachments=[long_alt])
    alt = [f for f in report.findings if f.rule == "image.alt_text"]
    assert [f.severity.value for f in alt] == ["warn"]
    assert "Instagram takes 100" in alt[0].message
    report = default_checker().check(POST, ["facebook"], attachments=[long_alt])
    assert not [f for f in report.findings if f.rule == "image.alt_text"]


def test_unhelpful_alt_text(gps_jpeg: Path):
    for alt in ("photo", "walk.jpg", "walk", "IMG_2041.JPG", "Image."):
        report = default_checker().check(POST, ["facebook"],
                                         attachments=[_att(gps_jpeg, alt_text=alt)])
        assert ("image.alt_text", "warn") in _image_findings(report), alt
    report = default_checker().check(POST, ["facebook"], attachments=[
        _att(gps_jpeg, alt_text="Photo of three walkers crossing the swing bridge")])
    assert ("image.alt_text", "warn") not in _image_findings(report)


def test_a_post_without_pictures_gets_no_image_findings():
    report = default_checker().check(POST, ALL_CHANNELS)
    assert not [f for f in report.findings if f.category == "image"]


def test_bare_paths_are_accepted_and_inspected(gps_jpeg: Path):
    report = default_checker().check(POST, ["facebook"], attachments=[str(gps_jpeg)])
    rules = {f.rule for f in report.findings if f.category == "image"}
    assert {"image.permission", "image.metadata", "image.alt_text"} <= rules


def test_odd_attachments_never_raise(gps_jpeg: Path):
    atts = [
        _att(gps_jpeg, alt_text="Lone \ud800 surrogate and \u202eRTL\u200f and \x00 NUL"),
        _att(gps_jpeg, alt_text="img" + "_ -" * 100_000 + "!"),  # no backtracking trap
        ImageAttachment(path="bad\x00name.jpg", source="own"),
        ImageAttachment(path="\udcff\ud800.png", source="own"),
        ImageAttachment(path="", source="own"),
    ]
    start = time.perf_counter()
    report = default_checker().check("\u200d\u0301", ALL_CHANNELS,
                                     attachments=[*atts, object(), 42])
    # Only guards against hanging (runaway backtracking on the 300,000-character alt text):
    # a fraction of a second in practice, so the bound is far above it.
    assert time.perf_counter() - start < 10
    unreadable = [f for f in report.findings if f.rule == "image.unreadable"]
    assert len(unreadable) == 3
    assert all(f.start == f.end == 0 and f.text == "" for f in report.findings if f.image)
    json.dumps(report.to_dict())


def test_from_dict_resets_wrongly_typed_values():
    att = ImageAttachment.from_dict({
        "path": "x.jpg", "source": "own", "consent": "yes", "alt_text": 12,
        "info": {"width": "abc", "height": 900, "has_gps": 1, "gps_latitude": "north",
                 "gps_longitude": -2.5, "format": "PNG"}})
    assert att.consent is False and att.alt_text == ""
    assert att.info == ImageInfo(height=900, gps_longitude=-2.5, format="PNG")
    default_checker().check(POST, ALL_CHANNELS, attachments=[att])  # and it does not raise
