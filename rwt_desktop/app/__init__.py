"""The application layer: what the window does, without the window.

Pure Python, no Qt (the tests import it without PySide6): the post being composed and its
confirmation (:mod:`.post`, :mod:`.confirmation`), the one place confirmation records are
made (:func:`.confirmation.new_confirmation`), the read-back's data (:mod:`.readback`), the
second-opinion and policy-acknowledgement workflow (:mod:`.review`), loading the policy and
building the checker at start-up (:mod:`.startup`), and drafts kept in a plain file when
the database would not take them (:mod:`.fallback`). ``rwt_desktop.gui`` wires widgets to it.
"""

from rwt_desktop.storage.paths import APP_NAME  # the program's name, in titles and messages

__all__ = ["APP_NAME"]
