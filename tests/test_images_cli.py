"""``rwt-check --image``: pictures checked from the command line, and ``--image-info``."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from rwt_desktop.core.cli import main

CLEAN = "Spring bulb planting at the park this Saturday from 10am. All welcome!"


def run(args, stdin: bytes = b""):
    out, err = io.StringIO(), io.StringIO()
    code = main(args, stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def phone_photo(tmp_path: Path) -> Path:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Google"
    exif[ExifTags.Base.Model] = "Pixel 7"
    exif[ExifTags.Base.Orientation] = 8
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (53.0, 14.0, 24.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (2.0, 30.0, 0.0)
    path = tmp_path / "bulbs.jpg"
    Image.new("RGB", (1600, 1200), (30, 160, 60)).save(path, exif=exif, quality=90)
    return path


@pytest.fixture
def broken_photo(tmp_path: Path) -> Path:
    buf = io.BytesIO()
    Image.effect_noise((600, 400), 50).convert("RGB").save(buf, "JPEG")
    path = tmp_path / "broken.jpg"
    path.write_bytes(buf.getvalue()[:4000])
    return path


DESCRIBED = ["--image-source", "own", "--image-people", "no",
             "--image-alt", "Daffodil bulbs in a trug"]


def test_image_info_text(phone_photo: Path):
    code, out, err = run(["--image", str(phone_photo), "--image-info"])
    assert code == 0, err
    assert out.startswith("bulbs.jpg\n")
    assert "format: JPEG, 1,200 \u00d7 1,600 pixels" in out  # as shown: turned upright
    assert "location (GPS): yes, 53.24000, -2.50000" in out
    assert "camera: Google Pixel 7" in out
    assert "EXIF orientation 8" in out and "anticlockwise" in out


def test_image_info_takes_the_pictures_after_it(phone_photo: Path, broken_photo: Path):
    # "rwt-check --image-info photo.jpg", as the README shows it.
    code, out, err = run(["--image-info", str(phone_photo)])
    assert (code, err) == (0, "")
    assert "location (GPS): yes" in out
    code, out, _ = run(["--image-info", str(phone_photo), str(broken_photo), "--format",
                        "json"])
    assert code == 1
    assert [i["name"] for i in json.loads(out)["images"]] == ["bulbs.jpg", "broken.jpg"]


def test_image_info_json_and_a_broken_file(phone_photo: Path, broken_photo: Path):
    code, out, _ = run(["--format", "json", "--image", str(phone_photo),
                        "--image", str(broken_photo), "--image-info"])
    assert code == 1  # one picture cannot be opened
    images = json.loads(out)["images"]
    assert [i["name"] for i in images] == ["bulbs.jpg", "broken.jpg"]
    assert images[0]["info"]["has_gps"] is True
    assert images[0]["info"]["gps_latitude"] == pytest.approx(53.24)
    assert images[1]["info"]["error_kind"] == "truncated"


def test_check_with_a_described_picture(phone_photo: Path):
    code, out, err = run(["--channel", "facebook", "--format", "json", "--image",
                          str(phone_photo), *DESCRIBED, "-"], CLEAN.encode())
    assert code == 0, (out, err)
    data = json.loads(out)
    image_findings = [f for f in data["findings"] if f.get("image")]
    assert [(f["rule"], f["severity"], f["image"]) for f in image_findings] == [
        ("image.metadata", "info", "bulbs.jpg")]
    assert data["images"][0]["source"] == "own"
    assert data["images"][0]["alt_text"] == "Daffodil bulbs in a trug"
    assert data["credits"] == ""


def test_check_blocks_an_undescribed_picture(phone_photo: Path, tmp_path: Path):
    post = tmp_path / "post.txt"
    post.write_text(CLEAN, encoding="utf-8")
    code, out, _ = run([str(post), "--channel", "twitter", "--image", str(phone_photo)])
    assert code == 1
    assert f"{post}: bulbs.jpg: block [image] We don't know where \u201cbulbs.jpg\u201d" in out
    assert f"{post}: bulbs.jpg: warn [image]" in out  # no alt text
    assert "must be fixed before posting" in out


def test_options_describe_the_picture_before_them(phone_photo: Path, tmp_path: Path):
    other = tmp_path / "rotary.png"
    Image.new("RGB", (1400, 1000), "blue").save(other)
    code, out, err = run(["--channel", "facebook", "--format", "json",
                          "--image", str(phone_photo), *DESCRIBED,
                          "--image", str(other), "--image-source", "partner",
                          "--image-author", "Northwich Rotary", "--image-people", "yes",
                          "--image-consent", "--image-alt", "Rotary volunteers", "-"],
                         CLEAN.encode())
    assert code == 0, err
    data = json.loads(out)
    first, second = data["images"]
    assert first["source"] == "own" and first["author"] == ""
    assert second["source"] == "partner" and second["consent"] is True
    assert data["credits"] == "Photo: Northwich Rotary, with permission"
    code, out, _ = run(["--channel", "facebook", "--image", str(other), "--image-source",
                        "partner", "--image-author", "Jo", "--image-people", "no",
                        "--image-alt", "Blue", "-"], CLEAN.encode())
    assert "credits to add to the post:\n    Photo: Jo, with permission" in out


def test_a_broken_picture_is_a_finding_not_a_usage_error(broken_photo: Path):
    code, out, err = run(["--channel", "twitter", "--image", str(broken_photo), *DESCRIBED,
                          "-"], CLEAN.encode())
    assert code == 1 and not err
    assert "broken.jpg: block [image] This picture could not be opened: the file is " \
           "incomplete" in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--image", "/no/such/photo.jpg", "-"], "no such file"),
        (["--image-alt", "A dog", "--image", "x.jpg", "-"], "put it after the --image"),
        (["--image-info"], "needs at least one picture"),
        (["--image-info", "/no/such/photo.jpg"], "no such file"),
        (["--image", "x.jpg", "--jsonl", "-"], "not with --jsonl"),
        (["--image", "x.jpg", "--image-source", "google", "-"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2(args, needle):
    code, out, err = run(args, CLEAN.encode())
    assert code == 2
    assert needle in err
    assert "Traceback" not in out + err


def test_a_folder_as_image_is_a_usage_error(tmp_path: Path):
    code, _, err = run(["--image", str(tmp_path), "-"], CLEAN.encode())
    assert code == 2 and "folder" in err


def test_real_command_with_a_bomb(tmp_path: Path):
    """The installed entry point in a fresh process: refuses the bomb, no traceback."""
    sys.path.insert(0, str(Path(__file__).parent))
    from test_images import _one_colour_png

    bomb = _one_colour_png(tmp_path / "cute-cat.png", 20_000, 20_000)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "rwt_desktop.core.cli", "--image", str(bomb),
                           "--image-info"], capture_output=True, text=True, timeout=60)
    elapsed = time.perf_counter() - start
    assert proc.returncode == 1, proc.stderr
    assert "too big to open safely" in proc.stdout
    assert "Traceback" not in proc.stderr and "Warning" not in proc.stderr
    # Only guards against hanging or decoding the 400-megapixel picture: a fresh interpreter
    # importing the checker takes about a second and the refusal milliseconds (the cold start
    # is printed by scripts/bench_core.py). test_images checks that no pixel is decoded.
    assert elapsed < 20


def test_checking_words_never_imports_pillow(phone_photo: Path):
    """Pillow is loaded only when a picture is: a text-only ``rwt-check`` starts without it,
    and asking for ``inspect_image`` (or attaching a picture) loads it then."""
    script = (
        "import sys\n"
        "from rwt_desktop.core.cli import main\n"
        "import io\n"
        "code = main(['-'], stdin=io.BytesIO('Call Jo on 07700 900123'.encode()),"
        " stdout=io.StringIO(), stderr=io.StringIO())\n"
        "print(code, 'PIL' in sys.modules)\n"
        "from rwt_desktop.core.images import attach_image\n"
        "print('PIL' in sys.modules)\n"
        f"attach_image({str(phone_photo)!r})\n"
        "print('PIL' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert proc.stdout.split() == ["1", "False", "False", "True"]
