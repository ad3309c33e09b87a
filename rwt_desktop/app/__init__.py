"""The application layer: what the window does, without the window.

Pure Python, no Qt (the tests import it without PySide6): the post being composed, its draft
and confirmation (:mod:`.post`, :mod:`.confirmation`), the one place confirmation records are
made (:func:`.confirmation.new_confirmation`), what the read-back shows (:mod:`.readback`,
with the policy's own words from :mod:`.policy_text`), the second-opinion and
policy-acknowledgement workflow (:mod:`.review`), pictures (:mod:`.pictures`), loading the
policy and building the checker at start-up (:mod:`.startup`), and words kept in a plain
file when the database would not take them (:mod:`.fallback`). ``rwt_desktop.gui`` wires
widgets to it.
"""

from rwt_desktop.storage.paths import APP_NAME  # the program's name, in titles and messages

__all__ = ["APP_NAME"]
