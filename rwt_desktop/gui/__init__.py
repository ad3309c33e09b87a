"""The desktop window: a thin Qt layer over :mod:`rwt_desktop.core` and storage.

Nothing here knows the policy. The core turns a ``str`` into a report; these modules turn the
report into underlines, lists and dialogs, and hand the person's confirmations to storage.
"""
