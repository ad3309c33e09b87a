"""The organisation's policy data, shipped as rwt_desktop.resources.

Staff edit the .toml files here (or a copy of this folder, chosen in Settings or with
``rwt-check --policy FOLDER``); nothing in this file needs changing.
"""
