"""The official header: superior and issuing bodies, number, place and date, "V/v" lines."""

import datetime
import re
from dataclasses import dataclass, field

from portal.text import fold, normalise
from resolutions.importer.recognisers.lines import (
    blank_out,
    find_date,
    is_rule,
    is_upper,
    letters_of,
    org_start,
    split_cells,
    starts_lower,
    strip_marks,
    type_from_number,
    type_of_label,
    word_count,
)
from resolutions.importer.recognisers.patterns import (
    DRAFT,
    GAP,
    INCOMPLETE_ORG,
    MOTTO,
    MOTTO_PART,
    NUMBER,
    ORG_LEAD,
    ORG_STARTS,
    RULE,
    STAR,
    STATE_MOTTO,
    TYPE_PREFIXES,
    VV,
)

# -- the header ----------------------------------------------------------------------------


@dataclass
class Header:
    orgs: list = field(default_factory=list)  # [[fragment, ...], ...]
    number: str | None = None
    symbol_type: str | None = None
    place: str = ""
    issued_on: datetime.date | None = None
    vv: list = field(default_factory=list)
    motto: bool = False
    star: bool = False
    draft: bool = False

    def add_org(self, text, new):
        if new and self.orgs and INCOMPLETE_ORG.match(fold(" ".join(self.orgs[-1]))):
            new = False
        if new or not self.orgs:
            self.orgs.append([text])
        else:
            self.orgs[-1].append(text)


def header_items(raw):
    """Split a header line into recognised items and the leftover cells."""
    original = GAP.join(split_cells(raw))
    folded = fold(original)
    items = {}
    if MOTTO.search(folded):
        items["motto"] = True
        original, folded = blank_out(MOTTO, original, folded)
    if MOTTO_PART.search(folded):
        items["motto"] = True
        original, folded = blank_out(MOTTO_PART, original, folded)
    if STATE_MOTTO.search(folded):
        items["state"] = True
        original, folded = blank_out(STATE_MOTTO, original, folded)
    match = NUMBER.search(folded)
    if match and re.match(r"^[\s\x1f*]*$", folded[: match.start()].rsplit(GAP, 1)[-1]):
        items["number"] = re.sub(r"\s+", "", original[match.start("num") : match.end("num")])
        original = original[: match.start()] + GAP + original[match.end() :]
        folded = fold(original)
    if STAR.search(original):
        items["star"] = True
        original = STAR.sub(GAP, original)
    original = RULE.sub(GAP, original)
    folded = fold(original)
    date = find_date(original)
    if date:
        items["date"] = date[:2]
        original = original[: date[2]] + GAP + original[date[3] :]
    leftover = [normalise(cell) for cell in original.split(GAP) if strip_marks(cell)]
    return items, leftover


def date_across_lines(lines):
    """A place and date line broken over several header lines."""
    joined = "\n".join(GAP.join(split_cells(line)) for line in lines)
    found = find_date(STAR.sub(GAP, RULE.sub(GAP, joined)))
    return found[:2] if found else None


def type_line_at(lines, index):
    """(doc_type, lines used) when the line at index is a type word, maybe split in two."""
    text = lines[index].strip()
    if not text or word_count(text) > 6:
        return None
    slug = type_of_label(text)
    if slug:
        return slug, 1
    if is_upper(text):  # "NGHỊ QUYẾT CHI BỘ": the type word and the body that issues it
        folded = fold(normalise(text))
        for word, slug in TYPE_PREFIXES:
            rest = folded[len(word) :].strip()
            if folded.startswith(word + " ") and rest.startswith(ORG_STARTS):
                return slug, 1
    following = index + 1
    while following < len(lines) and not lines[following].strip():
        following += 1
    if following < len(lines) and word_count(text) <= 2 and word_count(lines[following]) <= 2:
        slug = type_of_label(text + lines[following])
        if slug:
            return slug, following - index + 1
    return None


def anchor(raw):
    """Whether a line is certainly part of an official header."""
    cells = split_cells(raw)
    if not cells:
        return False
    for cell in cells:
        folded = fold(cell)
        motto = MOTTO.search(folded)
        if motto:
            rest = normalise(cell[: motto.start()] + " " + cell[motto.end() :]).strip(" *-|")
            if not rest or org_start(rest):
                return True
        if re.match(r"^\**\s*so\s*[:.]?\s*(?:\d|\s*-\s*[a-z])", folded) and NUMBER.search(folded):
            return True
        date = find_date(cell, require_alone=True)
        if date and date[0]:
            return True
    return raw.strip() in {"*", "***", "* * *"}


def org_line(text):
    return org_start(text) and word_count(text) <= 15


def find_header_start(lines, limit):
    """Index of the first line of the official header, or None."""
    for index in range(limit):
        if not anchor(lines[index]):
            continue
        start = index
        # Walk back over the bodies' names written above the first anchor.
        probe, blanks = index - 1, 0
        while probe >= 0 and blanks <= 3:
            text = lines[probe].strip()
            if not text or is_rule(text):
                blanks += 1 if not text else 0
            elif (is_upper(text) or org_start(text)) and word_count(text) <= 15:
                if type_line_at(lines, probe):
                    break
                start, blanks = probe, 0
            else:
                break
            probe -= 1
        while start < index and not (
            org_line(lines[start])
            or anchor(lines[start])
            or ORG_LEAD.match(fold(normalise(lines[start])))
        ):
            start += 1
        return start
    return None


def scan_header(lines, start, stop=None):
    """Read the header from `start`; returns the header and the index where it ends.

    Without `stop` the header ends at the first line that is not part of it (the type word or
    the title); with `stop` (where the title was found) every line up to it is read.
    """
    header = Header()
    seen_date = seen_number = False
    previous = None  # kind of the previous non-blank header line
    index = start
    while index < (len(lines) if stop is None else stop):
        raw = lines[index]
        text = normalise(raw)
        if not text or is_rule(text) or len(letters_of(text)) <= 2 and not any_digit(text):
            # Blank, a rule, or a speck (a star read as "uy" by OCR): the header goes on.
            if previous == "vv":
                previous = "item"
            index += 1
            continue
        if stop is None and type_line_at(lines, index):
            break
        folded_text = fold(text)
        if header.vv and previous == "vv" and continues_vv(raw, text, header.vv):
            header.vv.append(text)
            index += 1
            continue
        opens_vv = bool(VV.match(folded_text))
        if opens_vv:  # the title of a công văn, whatever dates it holds; other cells go on
            cells = split_cells(raw)
            header.vv.append(cells[0])
            raw = "   ".join(cells[1:])
        items, leftover = header_items(raw) if raw else ({}, [])
        kind = "vv" if opens_vv else None
        if items:
            kind = "item"
            header.motto |= items.get("motto", False)
            header.star |= items.get("star", False)
            if "number" in items and header.number is None and not seen_number:
                seen_number = True
                number = items["number"]
                header.symbol_type = type_from_number(number)
                header.number = number if re.match(r"^\d", number) else None
            if "date" in items and not seen_date:
                seen_date = True
                header.place, header.issued_on = items["date"]
        elif DRAFT.match(folded_text.strip(" *")):
            header.draft = True
            previous = "item"
            index += 1
            continue
        org_allowed = not (header.orgs and (seen_date or seen_number) and previous != "org")
        took = False
        for cell in leftover:
            folded_cell = fold(cell)
            if VV.match(folded_cell):
                header.vv.append(cell)
                kind, took = "vv", True
            elif DRAFT.match(folded_cell):
                header.draft, took = True, True
            elif (
                (is_upper(cell) or org_start(cell) and not starts_lower(cell))
                and word_count(cell) <= 15
                and (items or org_allowed)
            ):
                new = org_start(cell) or not header.orgs or previous not in ("org", "item")
                if not new or org_start(cell) or items or not header.orgs:
                    header.add_org(cell, new)
                    kind = kind or "org"
                    took = True
            elif header.vv and kind == "vv":
                header.vv.append(cell)
                took = True
        if not items and not took and not opens_vv:
            if stop is None:
                break
            previous = None
        if kind == "org" and items:
            kind = "item"
        previous = "vv" if opens_vv else kind or previous
        index += 1
    if not seen_date or not header.place:  # "Bạc Liêu," and "ngày …" on two lines
        found = date_across_lines(lines[start:index])
        if found and (not seen_date or found[1] == header.issued_on):
            header.place, header.issued_on = found
    return header, index


_PLACE_DATE = re.compile(r"^[^,\d]{2,40},\s*ngay\s*\d{1,2}\s*thang")


def any_digit(text):
    return any(char.isdigit() for char in text)


def continues_vv(raw, text, vv):
    """Whether a line carries on the "V/v" title above it, dates and capitals included
    ("… hội nghị ngày 06/9/2020"): a line of its own, not the place and date of the header, not
    the "Kính gửi" that opens the body."""
    folded = fold(text)
    return (
        len(split_cells(raw)) == 1
        and word_count(text) <= 25
        and not text.endswith(":")
        and not folded.startswith(("kinh gui", "so ", "so:"))
        and not MOTTO.search(folded)
        and not _PLACE_DATE.match(folded)
        and (not is_upper(text) or is_upper(vv[0]))
    )


def bodies_of(header):
    orgs = [normalise(" ".join(parts)) for parts in header.orgs]
    orgs = [org for org in orgs if org]
    if not orgs:
        return "", ""
    if len(orgs) == 1:
        return "", orgs[0]
    return orgs[-2], orgs[-1]
