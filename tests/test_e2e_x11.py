"""End to end on a real X server: type a post, read it back, copy it, read the clipboard.

Starts Xvfb on a display it picks itself, runs the real program (``python -m rwt_desktop``) with a
temporary profile, types with xdotool, and reads the clipboard with xclip, so the whole path
from keyboard to clipboard is the one a person uses. Every wait is bounded and everything
started here is stopped at the end.

Needs: apt-get install -y xvfb xdotool xclip libegl1 libxkbcommon-x11-0 libxcb-cursor0
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.x11, pytest.mark.gui]

TOOLS = ("Xvfb", "xdotool", "xclip")
MISSING = [t for t in TOOLS if shutil.which(t) is None]
POST = "See you at the litter pick on Saturday morning, 10am at the community centre."


def wait_for(condition: Callable[[], object], timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def _read_line(fd: int, timeout: float) -> str:
    """Read ``fd`` up to its newline (or its end), within ``timeout`` seconds in all.

    Xvfb writes the display number and the newline in two writes; closing the pipe after the
    first read made its second write fail and the server die, about one run in three.
    """
    import select

    data = b""
    deadline = time.monotonic() + timeout
    while b"\n" not in data:
        left = deadline - time.monotonic()
        if left <= 0:
            return ""
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            return ""
        chunk = os.read(fd, 64)
        if not chunk:  # the server closed its end (or died) without a newline
            break
        data += chunk
    return data.decode(errors="replace").strip()


def _start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    """Start Xvfb on a display it picks itself (``-displayfd``), returning once it accepts
    connections: no race over a free display number or over the server being ready."""
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten",
         "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(write_end,))
    os.close(write_end)
    try:
        number = _read_line(read_end, 20.0)
    finally:
        os.close(read_end)
    if not number:
        proc.kill()
        proc.wait(timeout=5)
        pytest.fail("Xvfb did not report a display within 20 s")
    return proc, f":{number}"


@pytest.fixture
def xserver() -> Iterator[dict[str, str]]:
    if MISSING:
        pytest.skip(f"needs {', '.join(MISSING)} (apt-get install -y xvfb xdotool xclip "
                    "libegl1 libxkbcommon-x11-0 libxcb-cursor0)")
    proc, display = _start_xvfb()
    try:
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
        # Belt and braces: the display answers a client before the program is started.
        wait_for(lambda: subprocess.run(["xdotool", "getdisplaygeometry"], env=env,
                                        capture_output=True, timeout=5).returncode == 0,
                 10, "the X server to answer")
        yield env
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def find_window(env: dict[str, str], title: str) -> list[str]:
    """Ids of mapped windows whose title contains ``title`` (none until it is on screen)."""
    return run(env, "xdotool", "search", "--onlyvisible", "--name", title).split()


def run(env: dict[str, str], *args: str, timeout: float = 10) -> str:
    done = subprocess.run(list(args), env=env, capture_output=True, text=True, timeout=timeout)
    return done.stdout if done.returncode == 0 else ""


def _profile_that_has_read_the_policy(config: Path) -> None:
    """A profile whose owner has already acknowledged the policy (that first-run step has
    its own tests), so the window opens straight to the composer."""
    from rwt_desktop.core.policy import builtin_policy
    from rwt_desktop.storage.settings import Settings, SettingsStore

    config.mkdir(parents=True, exist_ok=True)
    SettingsStore(config).save(Settings(
        user_name="E2E Volunteer", policy_acknowledged_version=builtin_policy().version))


def test_type_read_back_and_copy(xserver, tmp_path) -> None:
    env = dict(xserver, RWT_CONFIG_DIR=str(tmp_path / "config"),
               RWT_DATA_DIR=str(tmp_path / "data"))
    _profile_that_has_read_the_policy(tmp_path / "config")
    log = (tmp_path / "app.log").open("w")
    app = subprocess.Popen([sys.executable, "-m", "rwt_desktop"], env=env, stdout=log,
                           stderr=subprocess.STDOUT)
    try:
        wid = wait_for(lambda: find_window(env, "RWT Post Checker"), 30, "the main window")[0]
        run(env, "xdotool", "windowfocus", "--sync", wid)
        time.sleep(0.3)  # let Qt see the focus-in before the first key
        run(env, "xdotool", "type", "--delay", "15", POST, timeout=60)
        run(env, "xdotool", "key", "ctrl+Return")
        dialog = wait_for(lambda: find_window(env, "Read it back"), 15, "the read-back")[0]
        run(env, "xdotool", "windowfocus", "--sync", dialog)
        time.sleep(0.2)
        run(env, "xdotool", "key", "alt+r")  # "I have read it back"
        # A mnemonic "animates" the click: the box is ticked about 100 ms later, and Confirm
        # is enabled only then.
        time.sleep(0.5)
        run(env, "xdotool", "key", "Return")  # Confirm (the default button)
        wait_for(lambda: not find_window(env, "Read it back"), 15, "the read-back to close")
        run(env, "xdotool", "windowfocus", "--sync", wid)
        time.sleep(0.2)
        run(env, "xdotool", "key", "space")  # the focused "Copy for X (Twitter)" button

        def clipboard() -> str:
            return run(env, "xclip", "-o", "-selection", "clipboard", timeout=5)

        got = wait_for(lambda: clipboard() == POST and POST, 15, "the clipboard")
        assert got == POST
        assert app.poll() is None, "the program exited early"
        from rwt_desktop.storage.record import ConfirmationRecord

        record = ConfirmationRecord(tmp_path / "data" / "rwt.sqlite3")
        try:
            rows = record.list()
        finally:
            record.close()
        assert [r.action for r in rows] == ["copy:twitter"]
        assert rows[0].texts["twitter"] == POST
    finally:
        if app.poll() is None:
            app.terminate()
            try:
                app.wait(timeout=10)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait(timeout=5)
        log.close()
        print((tmp_path / "app.log").read_text(errors="replace")[-3000:])


def test_the_display_number_is_read_up_to_its_newline() -> None:
    """Xvfb's two writes (number, then newline) both land: the pipe stays open until the
    newline has been read."""
    import threading

    read_end, write_end = os.pipe()
    wrote: list[bool] = []

    def xvfb() -> None:
        os.write(write_end, b"42")
        time.sleep(0.3)
        try:
            os.write(write_end, b"\n")
            wrote.append(True)
        except OSError:
            wrote.append(False)
        finally:
            os.close(write_end)

    writer = threading.Thread(target=xvfb)
    writer.start()
    try:
        assert _read_line(read_end, 10.0) == "42"
    finally:
        writer.join(10)
        os.close(read_end)
    assert wrote == [True]


PRIVATE = "Call Dave on 07700 900123 about Jade, 9, who starts at Witton Primary on Monday."


def test_select_all_and_copy_in_the_composer_leaves_the_clipboard_alone(xserver,
                                                                         tmp_path) -> None:
    """Before the read-back, Ctrl+A and Ctrl+C put nothing of the post on the clipboard
    or the primary selection, and open no dialog; selecting all to retype just works."""
    from rwt_desktop.core.copy_policy import may_release

    env = dict(xserver, RWT_CONFIG_DIR=str(tmp_path / "config"),
               RWT_DATA_DIR=str(tmp_path / "data"))
    _profile_that_has_read_the_policy(tmp_path / "config")
    log = (tmp_path / "app.log").open("w")
    # Another program owns the clipboard first (xclip serves it until it is stopped).
    holder = subprocess.Popen(["xclip", "-quiet", "-selection", "clipboard", "-i"], env=env,
                              stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    app: subprocess.Popen[bytes] | None = None
    try:
        assert holder.stdin is not None
        holder.stdin.write(b"before")
        holder.stdin.close()

        def clipboard(selection: str = "clipboard") -> str:
            return run(env, "xclip", "-o", "-selection", selection, timeout=5)

        wait_for(lambda: clipboard() == "before", 10, "xclip to hold the clipboard")
        app = subprocess.Popen([sys.executable, "-m", "rwt_desktop"], env=env, stdout=log,
                               stderr=subprocess.STDOUT)
        wid = wait_for(lambda: find_window(env, "RWT Post Checker"), 30, "the main window")[0]
        run(env, "xdotool", "windowfocus", "--sync", wid)
        time.sleep(0.3)
        run(env, "xdotool", "type", "--delay", "15", PRIVATE, timeout=60)
        run(env, "xdotool", "key", "ctrl+a")
        run(env, "xdotool", "key", "ctrl+c")
        time.sleep(1.0)  # a dialog or a clipboard change would show within this
        assert not find_window(env, "Read it back"), "Ctrl+A or Ctrl+C opened the read-back"
        assert clipboard() == "before"
        assert holder.poll() is None, "xclip lost the clipboard to the program"
        primary = clipboard("primary")
        assert may_release(primary, [PRIVATE]).shared.short, f"primary holds {primary!r}"
        # Selecting all to retype is never interrupted.
        run(env, "xdotool", "key", "BackSpace")
        run(env, "xdotool", "type", "--delay", "15", "Fun day", timeout=30)
        time.sleep(0.5)
        assert not find_window(env, "Read it back")
        assert clipboard() == "before"
        assert app.poll() is None, "the program exited early"
    finally:
        for proc in (app, holder):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=5)
        log.close()
        print((tmp_path / "app.log").read_text(errors="replace")[-3000:])


def test_copy_guard_tests_on_a_real_x_server(xserver) -> None:
    """The widget-by-widget guard tests again on xcb, where the X primary selection exists
    (offscreen has none), so mouse and Ctrl+A selections are checked too."""
    root = Path(__file__).resolve().parent
    # -n 0: one process. The tests share one X server and its clipboard, so pytest-xdist's
    # workers (the default run spreads over every core) would copy over each other.
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:randomly",
         "-p", "no:cacheprovider", str(root / "test_gui_copyguard.py")],
        env=dict(xserver, QT_QPA_PLATFORM="xcb"), cwd=root.parent, capture_output=True,
        text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "skipped" not in done.stdout
