"""Compile the gettext catalogues without GNU gettext: `python -m portal.catalogues compile`.

A fresh clone only needs Python; .mo files are rebuilt when their .po is newer.
`make messages STRINGS=new.json` extracts the project's strings, then
`python -m portal.catalogues fill [STRINGS.json]` fills untranslated or fuzzy entries from a JSON
object {msgid: translation} ({"ctxt\x04msgid": ...} for a msgid with a context), lists those still
missing, keeps the catalogue unwrapped and compiles.
"""

import json
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


def fill(translations):
    """Translate the project's entries still empty or fuzzy; return those left untranslated."""
    missing = []
    for po_path in sorted((ROOT / "portal" / "locale").glob("*/LC_MESSAGES/*.po")):
        po = polib.pofile(str(po_path), wrapwidth=0)
        for entry in po:
            if entry.obsolete or (entry.translated() and not entry.fuzzy):
                continue
            key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            value = translations.get(key)
            if value is None:
                missing.append(key)
                continue
            if entry.msgid_plural:
                forms = value if isinstance(value, list) else [value]
                entry.msgstr_plural = dict(enumerate(forms))
            else:
                entry.msgstr = value
            if entry.fuzzy:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        po.save()
    return missing


if __name__ == "__main__":
    command = sys.argv[1:2]
    if command == ["fill"] and len(sys.argv) <= 3:
        strings = Path(sys.argv[2]).read_text(encoding="utf-8") if len(sys.argv) == 3 else "{}"
        left = fill(json.loads(strings))
        for key in left:
            print(f"untranslated: {key!r}", file=sys.stderr)
    elif command != ["compile"]:
        sys.exit("usage: python -m portal.catalogues compile [--force] | fill [STRINGS.json]")
    count = compile_all(force="--force" in sys.argv)
    print(f"{count} catalogue(s) compiled")
