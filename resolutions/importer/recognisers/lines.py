"""Cleaning lines and reading small things in them: cells, capitals, types, places, dates."""

import datetime
import re
import unicodedata

from portal.text import fold, normalise
from resolutions.importer.recognisers.patterns import (
    DATE,
    GAP,
    ORG_STARTS,
    RULE,
    TITLE_LEADS,
    TYPE_BY_SYMBOL,
    TYPE_BY_WORD,
    TYPE_PREFIXES,
    WEEKDAY,
)

# -- text helpers --------------------------------------------------------------------------

INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad\ufffe"), None)
ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")


def clean_lines(text):
    """NFC lines with plain spaces; a tab counts as a column gap (three spaces)."""
    text = unicodedata.normalize("NFC", text).translate(INVISIBLE)
    text = ODD_SPACES.sub(" ", LINE_BREAKS.sub("\n", text)).replace("\t", "   ")
    return [line.rstrip() for line in text.split("\n")]


def split_cells(raw):
    """The cells of a line: parts between "|" or runs of three or more spaces."""
    parts = re.split(r"\s*\|\s*|\s{3,}", raw.strip())
    return [normalise(part) for part in parts if normalise(part)]


def letters_of(text):
    return [char for char in text if char.isalpha()]


def is_upper(text):
    letters = letters_of(text)
    if not letters:
        return False
    upper = sum(1 for char in letters if char.isupper())
    return upper / len(letters) >= 0.75


def starts_lower(text):
    return bool(text) and text[0].isalpha() and text[0].islower()


def word_count(text):
    return len(text.split())


def strip_marks(text):
    """Drop list markers, stars, quotes and punctuation around a short label."""
    return text.strip(" *-–—_|:.,;\"'“”()")


def is_rule(text):
    stripped = text.strip()
    return bool(stripped) and not RULE.sub("", stripped).strip(" *o0O|")


def is_blank(text):
    return not text.strip() or text.strip() in {"*", "***"} or is_rule(text)


def blank_out(pattern, original, folded):
    """Replace the matches of `pattern` (searched in the folded text) by column gaps."""
    pieces, start = [], 0
    for match in pattern.finditer(folded):
        pieces.append(original[start : match.start()])
        pieces.append(GAP)
        start = match.end()
    pieces.append(original[start:])
    result = "".join(pieces)
    return result, fold(result)


def type_of_label(text):
    """The type whose word this line is ("NGHỊ QUYẾT", "N G H Ị  Q U Y Ế T", "Kế hoạch:")."""
    folded = fold(text)
    folded = re.sub(r"\(?\s*du\s*thao\s*\)?", " ", folded)
    key = re.sub(r"[^a-z]", "", folded)
    return TYPE_BY_WORD.get(key)


def type_from_number(number):
    for token in re.split(r"[-/.]", fold(number or "")):
        if token and not token.isdigit() and token in TYPE_BY_SYMBOL:
            return TYPE_BY_SYMBOL[token]
    return None


def type_from_title(title):
    folded = fold(title).strip()
    for lead in ("",) + TITLE_LEADS:
        if lead and not folded.startswith(lead):
            continue
        rest = folded[len(lead) :]
        for word, slug in TYPE_PREFIXES:
            if rest.startswith(word) and (len(rest) == len(word) or not rest[len(word)].isalnum()):
                return slug
    if "giai phap" in folded:
        return "giai-phap"
    return None


def org_start(text):
    folded = fold(text)
    return folded.startswith(ORG_STARTS)


PLACE_UPPER = {"tp": "TP", "tp.": "TP.", "tx": "TX", "tx.": "TX.", "tt": "TT", "tt.": "TT."}
PLACE_UPPER.update({"hcm": "HCM", "tp.hcm": "TP.HCM", "q.": "Q."})


def capitalise_place(text):
    """ "Bạc liêu" -> "Bạc Liêu", "tp. Hồ Chí Minh" -> "TP. Hồ Chí Minh"."""
    words = []
    for word in normalise(text).split(" "):
        key = word.lower()
        if key in PLACE_UPPER:
            words.append(PLACE_UPPER[key])
            continue
        words.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(words)


def clean_place(place):
    place = normalise(place).strip(" -.,")
    words = place.split(" ")
    # A left-column body run into the place ("TRƯỜNG X Bạc Liêu"): keep the trailing words
    # that are not in capitals, and "TP." before them.
    if any(not is_upper(word) for word in words if letters_of(word)):
        keep = []
        for word in reversed(words):
            if letters_of(word) and is_upper(word) and keep:
                if fold(word).strip(".") in {"tp", "tx", "tt"}:
                    keep.append(word)
                break
            keep.append(word)
        words = list(reversed(keep))
    words = words[-6:]
    return capitalise_place(" ".join(words))


def make_date(day, month, year):
    try:
        date = datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return date if 1930 <= date.year <= 2100 else None


def find_date(text, require_alone=False):
    """(place, date, start, end) of the first "Place, ngày D tháng M năm Y" in the text."""
    folded = fold(text)
    for match in DATE.finditer(folded):
        place = text[match.start("place") : match.end("place")] if match["place"] else ""
        if place and WEEKDAY.match(fold(normalise(place)).strip(" ,")):
            continue
        if require_alone:
            if word_count(place) > 6:  # a sentence ending in a date, not "Place, ngày …"
                continue
            before = folded[: match.start()].strip(" \x1f")
            after = folded[match.end() :].strip(" \x1f.")
            if before or after:
                continue
        date = make_date(match["d"], match["m"], match["y"])
        if date:
            return clean_place(place) if place else "", date, match.start(), match.end()
    return None
