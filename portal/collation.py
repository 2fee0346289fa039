"""Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.

Letters sort by base letter first, then by tone (none, huyền, hỏi, ngã, sắc, nặng) as
dictionaries do. `sort_key` turns text into an ASCII string that sorts the same way under any
database collation, so member lists can be ordered in SQL.
"""

import unicodedata

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Tone marks as combining characters, in dictionary order; no mark sorts first.
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
BASE_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve (ă), circumflex (â ê ô), horn (ơ ư)


def _split(char):
    """Return (letter without tone, tone rank) for one character."""
    decomposed = unicodedata.normalize("NFD", char.lower())
    tone = 0
    kept = []
    for part in decomposed:
        if part in TONES:
            tone = TONES[part]
        else:
            kept.append(part)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _letters_and_tones(text):
    letters, tones = [], []
    for char in unicodedata.normalize("NFC", text.strip()):
        letter, tone = _split(char)
        if letter in ALPHABET:
            letters.append(f"{ALPHABET.index(letter) + 20:02d}")
        elif letter.isdigit():
            letters.append(f"{int(letter) + 2:02d}")
        elif letter.isspace():
            letters.append("01")
        else:
            continue
        tones.append(str(tone))
    return "".join(letters), "".join(tones)


def sort_key(*parts):
    """A key of digits only (so every database collation orders it the same way): the letters of
    each part, two digits per letter, "00" between parts, then the tones as tie-breakers."""
    split = [_letters_and_tones(part) for part in parts]
    return "00".join(letters for letters, _ in split) + "00" + "".join(tones for _, tones in split)


def name_sort_key(full_name):
    """Key for a Vietnamese name: given name (the last word), then the family and middle names."""
    words = full_name.split()
    return sort_key(words[-1], " ".join(words[:-1])) if words else ""
