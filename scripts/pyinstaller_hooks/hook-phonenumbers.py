"""PyInstaller hook for phonenumbers, used by build.spec in place of the hooks-contrib one.

phonenumbers imports its numbering data lazily, one module per region, so PyInstaller cannot
see it. We only parse and match numbers: the region data (``phonenumbers.data``) and the
short-number data (``phonenumbers.shortdata``) are all that is needed. The contrib hook
collects every submodule, including geocoding, carrier and time-zone data (about 45 MB)
that nothing here uses; build.spec excludes those, and this hook stops PyInstaller warning
about each excluded module it was asked to collect.
"""

from PyInstaller.utils.hooks import collect_submodules

hiddenimports = collect_submodules("phonenumbers.data") + collect_submodules(
    "phonenumbers.shortdata")
