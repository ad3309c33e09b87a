"""Starting the window: it shows at once, gets the checks ready off the UI thread, loses
nothing typed meanwhile, and offers back the words an earlier run could not save."""

from __future__ import annotations

from unittest import mock

import pytest
from gui_support import BLOCK_WORD, type_text

from rwt_desktop.app.fallback import fallback_name
from rwt_desktop.gui.dialogs import Banner
from rwt_desktop.storage.database import StorageError

pytestmark = pytest.mark.gui


def _banners(window, name: str) -> list[Banner]:
    return [b for b in window.findChildren(Banner, name) if not b.isHidden()]


def test_the_window_shows_before_the_checks_are_ready_and_loses_nothing(make_window,
                                                                         qtbot) -> None:
    w = make_window(synchronous=False)
    w.show()
    # The policy and its checker are still being built on a worker thread: its result
    # cannot reach the window before the event loop runs again.
    assert w.checker is None and w.policy is None
    assert w.statusBar().currentMessage() == "Getting the checks ready…"
    assert w.ready_label.text() == "Getting the checks ready…"
    assert not w.export_button.isEnabled()
    w.composer.setPlainText(f"Typed while waiting: {BLOCK_WORD}")
    qtbot.waitUntil(lambda: w.checker is not None, timeout=30000)
    qtbot.waitUntil(lambda: [f.rule for f in w.findings.findings] == ["testgui.block"],
                    timeout=10000)
    assert w.composer.toPlainText() == f"Typed while waiting: {BLOCK_WORD}"
    assert w.channels_panel.chosen() == ["twitter", "facebook"]  # the person's settings
    assert w.export_button.isEnabled()
    assert set(w.copy_actions) == {ch.id for ch in w.policy.channels}
    assert w.statusBar().currentMessage() != "Getting the checks ready…"


def test_a_read_back_asked_for_while_getting_ready_opens_once_ready(make_window,
                                                                    qtbot) -> None:
    """Ctrl+Return pressed before the checks are ready is not lost: the read-back opens as
    soon as they are, for the text typed meanwhile."""
    from rwt_desktop.gui.readback import ReadBackDialog

    w = make_window(synchronous=False)
    w.show()
    w.composer.setPlainText("Lovely turnout at the litter pick, thank you all!")
    seen: list[str] = []
    with mock.patch.object(ReadBackDialog, "ask",
                           side_effect=lambda parent, post: seen.append(
                               parent.composer.toPlainText())):
        assert w.checker is None
        w.read_back_action.trigger()
        assert seen == []  # nothing to read back against yet
        assert "read-back will open" in w.statusBar().currentMessage()
        qtbot.waitUntil(lambda: seen != [], timeout=30000)
    assert seen == ["Lovely turnout at the litter pick, thank you all!"]


def test_a_fallback_file_from_an_earlier_run_is_offered_and_restored(dirs, make_window,
                                                                     qtbot) -> None:
    kept = dirs.data / fallback_name(987654)  # another (earlier) process's file
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_text("Words the database would not take 🎉", encoding="utf-8")
    w = make_window()
    (banner,) = _banners(w, "fallbackBanner")
    assert "Words the database would not take" in banner.label.text()
    assert str(kept) in banner.label.text()
    banner.buttons["Restore them"].click()
    assert w.composer.toPlainText() == "Words the database would not take 🎉"
    assert not kept.exists()  # saved as a draft now, so the file has gone
    assert [d.text for d in w.drafts.list()] == ["Words the database would not take 🎉"]
    # Checked like anything typed.
    assert w.live.last_result.report.text == "Words the database would not take 🎉"


def test_restoring_keeps_the_file_when_the_draft_cannot_be_saved(dirs, make_window) -> None:
    kept = dirs.data / fallback_name(987655)
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_text("Still only in the file", encoding="utf-8")
    w = make_window()
    (banner,) = _banners(w, "fallbackBanner")
    with mock.patch.object(w.drafts, "save", side_effect=StorageError("disk full")):
        banner.buttons["Restore them"].click()
    assert w.composer.toPlainText() == "Still only in the file"
    assert kept.exists()  # nothing lost: offered again next time
    assert w.draft_unsaved


def test_the_person_can_discard_a_fallback_file(dirs, make_window, qtbot) -> None:
    kept = dirs.data / fallback_name(987656)
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_text("Not wanted", encoding="utf-8")
    first = make_window()
    type_text(first.composer, "The post in the window")
    (banner,) = _banners(first, "fallbackBanner")
    banner.buttons["Discard"].click()
    assert not kept.exists()
    assert first.composer.toPlainText() == "The post in the window"
    first.close()
    second = make_window()
    assert _banners(second, "fallbackBanner") == []


def test_a_file_left_alone_is_offered_again(dirs, make_window) -> None:
    kept = dirs.data / fallback_name(987657)
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_text("Decide later", encoding="utf-8")
    first = make_window()
    assert len(_banners(first, "fallbackBanner")) == 1
    first.close()
    second = make_window()
    assert len(_banners(second, "fallbackBanner")) == 1
    assert kept.read_text(encoding="utf-8") == "Decide later"


def test_a_draft_opened_before_the_checks_are_ready_keeps_its_channels(make_window,
                                                                      qtbot) -> None:
    first = make_window()
    first.channels_panel.set_chosen(["instagram"])
    type_text(first.composer, "Written for Instagram only")
    assert first.save_draft()
    draft_id = first._draft_id
    first.close()
    w = make_window(synchronous=False)
    assert w.policy is None
    w.load_draft(draft_id)  # File ▸ Drafts while the checks are still being built
    assert w.composer.toPlainText() == "Written for Instagram only"
    qtbot.waitUntil(lambda: w.checker is not None, timeout=30000)
    assert w.channels_panel.chosen() == ["instagram"]
    qtbot.waitUntil(lambda: w.live.last_result is not None, timeout=10000)
    assert w.live.last_result.report.text == "Written for Instagram only"


def test_the_window_keeps_its_compiled_policy_in_the_profiles_cache_folder(make_window, dirs,
                                                                           tmp_path,
                                                                           qtbot) -> None:
    """The second start reads the policy back from the profile's cache folder (the test's
    own, never the person's), and checks just as the first did."""
    assert dirs.cache == tmp_path / "cache"
    first = make_window()
    kept = sorted(dirs.cache.glob("policy-*.pickle"))
    assert len(kept) == 1
    stamp = kept[0].stat().st_mtime_ns
    second = make_window()
    assert sorted(dirs.cache.glob("policy-*.pickle")) == kept
    assert kept[0].stat().st_mtime_ns == stamp  # read back, not written again
    assert second.policy.version == first.policy.version
    for w in (first, second):
        w.composer.setPlainText(f"Started twice: {BLOCK_WORD}")
        qtbot.waitUntil(lambda w=w: [f.rule for f in w.findings.findings] == ["testgui.block"],
                        timeout=10000)
