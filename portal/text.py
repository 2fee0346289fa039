"""Text helpers shared by search, the importer and the templates."""

import re
import unicodedata

from anyascii import anyascii

_SPACES = re.compile(r"\s+")


def normalise(text):
    """NFC, non-breaking and other odd spaces as plain spaces, runs of spaces collapsed."""
    text = unicodedata.normalize("NFC", text or "")
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


def fold(text):
    """Vietnamese without diacritics, lower case: "Nghị quyết Đảng bộ" -> "nghi quyet dang bo".

    Letter by letter, so positions in the folded text match the original (NFC) text.
    """
    text = unicodedata.normalize("NFC", text or "")
    if text.isascii():
        return text.lower()
    return text.translate(_FOLDED)


class _FoldTable(dict):
    """Code point -> folded character, each computed once (str.translate looks them up)."""

    def __missing__(self, codepoint):
        folded = self[codepoint] = _fold_char(chr(codepoint))
        return folded


_FOLDED = _FoldTable()


def _fold_char(char):
    if char.isascii():
        return char.lower()
    if char in "đĐ":
        return "d"
    folded = anyascii(char).lower()
    if len(folded) == 1:
        return folded
    return char.lower() if char.isalnum() else " "
