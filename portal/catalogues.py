"""Compile the gettext catalogues without GNU gettext: `python -m portal.catalogues compile`.

A fresh clone only needs Python; .mo files are rebuilt when their .po is newer.
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
APPS = ("portal", "home", "news", "resolutions")


def catalogues():
    for app in APPS:
        yield from sorted((ROOT / app).glob("locale*/**/LC_MESSAGES/*.po"))


def compile_all(force=False):
    compiled = 0
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        if force or not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            compiled += 1
    return compiled


if __name__ == "__main__":
    if sys.argv[1:2] != ["compile"]:
        sys.exit("usage: python -m portal.catalogues compile [--force]")
    count = compile_all(force="--force" in sys.argv)
    print(f"{count} catalogue(s) compiled")
