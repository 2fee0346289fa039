"""Finds the parts of a Party document in its text: header, type, title, body, signature, footer.

Pure text processing (no database). The text may come off an old website or out of a Word
file, so it is messy: the two-column official header (Hướng dẫn 36-HD/VPTW) flattened onto the
same lines, split column after column or joined with "|"; web-page noise before the document;
hard-wrapped lines; odd spaces and decomposed letters. The parser looks for what each part of a
document looks like rather than where it usually sits, and compares words folded (without
diacritics, lower case) so that "UỶ" and "ỦY" or "Bạc liêu" and "BẠC LIÊU" are the same.

Values keep the text's own spelling (NFC); only the place name is capitalised as a name.
"""

import datetime
import html
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from portal.text import fold, normalise
from resolutions.importer import ImportRefused
from resolutions.models.documents import TYPE_SYMBOLS, TYPE_WORDS

GAP = "\x1f"  # marks a column boundary inside a header or footer line

# -- words and patterns ------------------------------------------------------------------

# Type words as printed above the title, folded and without spaces ("nghiquyet").
_TYPE_BY_WORD = {fold(word).replace(" ", ""): slug for slug, word in TYPE_WORDS.items()}
_TYPE_BY_WORD.update({"congvan": "cong-van", "chuongtrinhhanhdong": "chuong-trinh"})
# Type words that may open a title: "KẾ HOẠCH TỔ CHỨC…", "CÁC GIẢI PHÁP…".
_TYPE_PREFIXES = sorted(
    ((fold(word), slug) for slug, word in TYPE_WORDS.items()),
    key=lambda item: -len(item[0]),
)
_TITLE_LEADS = ("cac ", "mot so ", "du thao ", "ve ")
_TYPE_BY_SYMBOL = {fold(symbol): slug for slug, symbol in TYPE_SYMBOLS.items()}

# How the name of a Party body begins (folded): a line starting so opens a new body.
_ORG_STARTS = tuple(
    fold(words)
    for words in (
        "đảng ủy",
        "đảng bộ",
        "đảng đoàn",
        "chi bộ",
        "chi ủy",
        "ban ",
        "bch ",
        "btv ",
        "ubkt ",
        "ủy ban",
        "tỉnh ủy",
        "thành ủy",
        "huyện ủy",
        "quận ủy",
        "thị ủy",
        "văn phòng",
        "bộ chính trị",
        "tỉnh đoàn",
        "thành đoàn",
        "đoàn thanh niên",
        "đoàn tncs",
        "công đoàn",
        "hội đồng",
        "ubnd",
    )
)

_MOTTO = re.compile(r"dang\s*cong\s*san\s*viet\s*nam")
_STATE_MOTTO = re.compile(
    r"cong\s*hoa\s*xa\s*hoi\s*chu\s*nghia\s*viet\s*nam"
    r"|doc\s*lap\s*[-,.]?\s*tu\s*do\s*[-,.]?\s*hanh\s*phuc"
)
_NUMBER = re.compile(
    r"(?<![a-z0-9])so\s*[:.]?\s*"
    r"(?P<num>(?:\d{1,5}[a-z]?)?(?:\s*[-/]\s*[a-z0-9]+|\.[a-z0-9]+)+|\d{1,5}(?![\d/.,]))"
)
_STAR = re.compile(r"(?:(?<=[\s\x1f|])|^)\*+(?:\s*\*+)*(?=[\s\x1f|]|$)")
_RULE = re.compile(r"[-_=~—–.…]{3,}(?:\s*(?:o\s*0\s*o|o\s*O\s*o|\*+)\s*[-_=~—–.…]{3,})?")
_DRAFT = re.compile(r"^\(?\s*du\s*thao(?:\s*lan\s*(?:thu\s*)?\w+)?\s*\)?$")
_VV = re.compile(r"^(?:v\s*/\s*v|v\.v)\b\s*[:.]?\s*")
_DATE = re.compile(
    r"(?:(?P<place>[^\W\d_][^\x1f\n,\d|:;()/*]*?)\s*,?[\s\x1f]*)?"
    r"ngay[\s\x1f]*(?P<d>\d{1,2})[\s\x1f]*(?:thang|/|-|\.)[\s\x1f]*(?P<m>\d{1,2})"
    r"[\s\x1f]*(?:nam|/|-|\.)[\s\x1f]*(?P<y>\d{4})"
)
_WEEKDAY = re.compile(r"^(?:thu\s*(?:hai|ba|tu|nam|sau|bay|\d)|chu\s*nhat|cn)$")
_CAPACITY = re.compile(
    r"^(?:t\s*/\s*m|t\s*\.\s*m|tm|t\s*/\s*l|t\s*\.\s*l|tl|k\s*/\s*t|k\s*\.\s*t|kt|tuq|q)"
    r"\s*[.:]?\s+\S"
)
_SIGNER_TITLES = {
    fold(title)
    for title in (
        "bí thư",
        "phó bí thư",
        "bí thư chi bộ",
        "phó bí thư chi bộ",
        "bí thư đảng ủy",
        "phó bí thư đảng ủy",
        "phó bí thư thường trực",
        "chủ nhiệm",
        "phó chủ nhiệm",
        "chủ tịch",
        "phó chủ tịch",
        "chánh văn phòng",
        "phó chánh văn phòng",
        "trưởng ban",
        "phó trưởng ban",
        "ủy viên",
        "ủy viên thường vụ",
        "thư ký",
        "chủ trì",
        "chủ tọa",
        "hiệu trưởng",
        "phó hiệu trưởng",
        "giám đốc",
        "phó giám đốc",
        "trưởng phòng",
    )
}
_SIGNED = re.compile(r"\(\s*(?:da\s*)?ky\b[^)]*\)|\bda\s*ky\b")
_RECIPIENTS = re.compile(r"^noi\s*nhan\s*[:.]?\s*")
_AUTHOR = re.compile(r"^(?:tac\s*gia(?:\s*bai\s*viet)?|nguoi\s*viet|bai\s*viet)\s*:\s*")
_SOURCE = re.compile(r"^nguon(?:\s*tin)?\s*:\s*")
_WEB_NOISE = re.compile(
    r"^(?:cac\s*tin\s*(?:khac|da\s*dua)|tin\s*(?:lien\s*quan|cung\s*chuyen\s*muc|moi\s*hon"
    r"|cu\s*hon|khac|doc\s*nhieu)|nhung\s*tin\s*(?:moi|cu)\s*hon|bai\s*viet\s*(?:lien\s*quan"
    r"|khac)|cac\s*bai\s*viet\s*khac|xem\s*them|y\s*kien\s*ban\s*doc|tong\s*so\s*diem"
    r"|click\s*de\s*danh\s*gia|tu\s*khoa\s*:|tags?\s*:|chia\s*se|in\s*bai|gui\s*bai"
    r"|luot\s*xem|ban\s*can\s*dang\s*nhap|binh\s*luan|len\s*dau\s*trang)"
)
_TERM = re.compile(
    r"(?:nhiem\s*ky|khoa\s+[ivxlc\d]+\s*[,(]\s*(?:nhiem\s*ky)?)\s*[:(]?\s*"
    r"(?P<a>(?:19|20)\d\d)\s*[-\s]+\s*(?P<b>(?:19|20)\d\d)"
)
_BODY_OPENERS = tuple(
    fold(words)
    for words in (
        "căn cứ",
        "thực hiện",
        "quán triệt",
        "triển khai",
        "nhằm ",
        "để ",
        "trên cơ sở",
        "theo ",
        "ngày ",
        "sau khi",
        "xét ",
        "kính gửi",
        "trong ",
        "qua ",
        "vừa qua",
        "hiện nay",
    )
)
# How the lines that carry on a title after a blank line begin ("Về việc…", "NHIỆM KỲ 2020-2025").
_TITLE_CONTINUATIONS = tuple(
    fold(words)
    for words in ("về ", "v/v", "nhiệm kỳ", "khóa ", "(", "năm ", "giai đoạn", "lần thứ", "của ")
)
_CONNECTORS = {
    fold(word)
    for word in ("và", "của", "về", "cho", "trong", "với", "đến", "tại", "tới", "theo", "các")
}

_ROMAN = r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})"
_NUMBERING = re.compile(
    r"^(?P<num>"
    r"(?P<part>(?:PHẦN|Phần|CHƯƠNG|Chương|MỤC|Mục)\s+(?:" + _ROMAN + r"|\d{1,2}"
    r"|THỨ\s+\w+|thứ\s+\w+)\s*[.:\-]?)"
    r"|(?P<article>(?:ĐIỀU|Điều)\s+\d{1,3}\s*[.:\-]?)"
    r"|(?P<upper>[A-H]\s*[.)/\-])(?=\s)"
    r"|(?P<roman>" + _ROMAN + r"\s*[.)/\-])(?=\s|$)"
    r"|(?P<sub>\d{1,2}(?:\s*\.\s*\d{1,2}){1,3}\s*[.)/\-]?)(?=\s|$)"
    r"|(?P<arabic>\d{1,2}\s*[.)/\-])(?=\s|$)"
    r"|(?P<lower>[a-zđ]\s*[.)/])(?=\s)"
    r")\s*(?P<text>.*)$"
)
_NUMBER_KINDS = ("part", "upper", "roman", "arabic", "sub", "lower", "article")
_MARKER = re.compile(r"^(?P<mark>[-–—+•·●○◦▪■□♦◆❖➢►➤✓*])\s*(?P<text>\S.*)$")
_MARKER_STYLES = {"-": "dash", "–": "dash", "—": "dash", "+": "plus"}

MAX_TITLE = 255
MAX_HEADING = 300


# -- the result --------------------------------------------------------------------------


@dataclass
class ParsedDocument:
    doc_type: str = "khac"
    number: str | None = None
    issued_on: datetime.date | None = None
    place: str = ""
    issuing_body: str = ""
    superior_body: str = ""
    title: str = ""
    signing_capacity: str = ""
    signer_title: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)
    term: str = ""
    author: str = ""
    source: str = ""
    blocks: list[dict] = field(default_factory=list)
    summary: str = ""
    is_draft: bool = False  # marked "Dự thảo"

    @property
    def sections(self):
        return [b["value"]["text"] for b in self.blocks if b["type"] == "heading"]

    def as_json(self):
        return {
            "doc_type": self.doc_type,
            "number": self.number,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "place": self.place,
            "issuing_body": self.issuing_body,
            "superior_body": self.superior_body,
            "title": self.title,
            "signing_capacity": self.signing_capacity,
            "signer_title": self.signer_title,
            "signer_name": self.signer_name,
            "recipients": self.recipients,
            "term": self.term,
            "author": self.author,
            "source": self.source,
            "sections": self.sections,
            "blocks": len(self.blocks),
        }


# -- text helpers --------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad\ufffe"), None)
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")


def clean_lines(text):
    """NFC lines with plain spaces; a tab counts as a column gap (three spaces)."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = _ODD_SPACES.sub(" ", _LINE_BREAKS.sub("\n", text)).replace("\t", "   ")
    return [line.rstrip() for line in text.split("\n")]


def _cells(raw):
    """The cells of a line: parts between "|" or runs of three or more spaces."""
    parts = re.split(r"\s*\|\s*|\s{3,}", raw.strip())
    return [normalise(part) for part in parts if normalise(part)]


def _letters(text):
    return [char for char in text if char.isalpha()]


def _is_upper(text):
    letters = _letters(text)
    if not letters:
        return False
    upper = sum(1 for char in letters if char.isupper())
    return upper / len(letters) >= 0.75


def _starts_lower(text):
    return bool(text) and text[0].isalpha() and text[0].islower()


def _words(text):
    return len(text.split())


def _strip_marks(text):
    """Drop list markers, stars, quotes and punctuation around a short label."""
    return text.strip(" *-–—_|:.,;\"'“”()")


def _is_rule(text):
    stripped = text.strip()
    return bool(stripped) and not _RULE.sub("", stripped).strip(" *o0O|")


def _is_blank(text):
    return not text.strip() or text.strip() in {"*", "***"} or _is_rule(text)


def _blank_out(pattern, original, folded):
    """Replace the matches of `pattern` (searched in the folded text) by column gaps."""
    pieces, start = [], 0
    for match in pattern.finditer(folded):
        pieces.append(original[start : match.start()])
        pieces.append(GAP)
        start = match.end()
    pieces.append(original[start:])
    result = "".join(pieces)
    return result, fold(result)


def _type_of_label(text):
    """The type whose word this line is ("NGHỊ QUYẾT", "N G H Ị  Q U Y Ế T", "Kế hoạch:")."""
    folded = fold(text)
    folded = re.sub(r"\(?\s*du\s*thao\s*\)?", " ", folded)
    key = re.sub(r"[^a-z]", "", folded)
    return _TYPE_BY_WORD.get(key)


def _type_from_number(number):
    for token in re.split(r"[-/.]", fold(number or "")):
        if token and not token.isdigit() and token in _TYPE_BY_SYMBOL:
            return _TYPE_BY_SYMBOL[token]
    return None


def _type_from_title(title):
    folded = fold(title).strip()
    for lead in ("",) + _TITLE_LEADS:
        if lead and not folded.startswith(lead):
            continue
        rest = folded[len(lead) :]
        for word, slug in _TYPE_PREFIXES:
            if rest.startswith(word) and (len(rest) == len(word) or not rest[len(word)].isalnum()):
                return slug
    if "giai phap" in folded:
        return "giai-phap"
    return None


def _org_start(text):
    folded = fold(text)
    return folded.startswith(_ORG_STARTS)


_PLACE_UPPER = {"tp": "TP", "tp.": "TP.", "tx": "TX", "tx.": "TX.", "tt": "TT", "tt.": "TT."}
_PLACE_UPPER.update({"hcm": "HCM", "tp.hcm": "TP.HCM", "q.": "Q."})


def capitalise_place(text):
    """ "Bạc liêu" -> "Bạc Liêu", "tp. Hồ Chí Minh" -> "TP. Hồ Chí Minh"."""
    words = []
    for word in normalise(text).split(" "):
        key = word.lower()
        if key in _PLACE_UPPER:
            words.append(_PLACE_UPPER[key])
            continue
        words.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(words)


def _clean_place(place):
    place = normalise(place).strip(" -.,")
    words = place.split(" ")
    # A left-column body run into the place ("TRƯỜNG X Bạc Liêu"): keep the trailing words
    # that are not in capitals, and "TP." before them.
    if any(not _is_upper(word) for word in words if _letters(word)):
        keep = []
        for word in reversed(words):
            if _letters(word) and _is_upper(word) and keep:
                if fold(word).strip(".") in {"tp", "tx", "tt"}:
                    keep.append(word)
                break
            keep.append(word)
        words = list(reversed(keep))
    words = words[-6:]
    return capitalise_place(" ".join(words))


def _make_date(day, month, year):
    try:
        date = datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return date if 1930 <= date.year <= 2100 else None


def _find_date(text, require_alone=False):
    """(place, date, start, end) of the first "Place, ngày D tháng M năm Y" in the text."""
    folded = fold(text)
    for match in _DATE.finditer(folded):
        place = text[match.start("place") : match.end("place")] if match["place"] else ""
        if place and _WEEKDAY.match(fold(normalise(place)).strip(" ,")):
            continue
        if require_alone:
            before = folded[: match.start()].strip(" \x1f")
            after = folded[match.end() :].strip(" \x1f.")
            if before or after:
                continue
        date = _make_date(match["d"], match["m"], match["y"])
        if date:
            return _clean_place(place) if place else "", date, match.start(), match.end()
    return None


# -- the header ----------------------------------------------------------------------------


@dataclass
class _Header:
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
        if new or not self.orgs:
            self.orgs.append([text])
        else:
            self.orgs[-1].append(text)


def _header_items(raw):
    """Split a header line into recognised items and the leftover cells."""
    original = GAP.join(_cells(raw))
    folded = fold(original)
    items = {}
    if _MOTTO.search(folded):
        items["motto"] = True
        original, folded = _blank_out(_MOTTO, original, folded)
    if _STATE_MOTTO.search(folded):
        items["state"] = True
        original, folded = _blank_out(_STATE_MOTTO, original, folded)
    match = _NUMBER.search(folded)
    if match and re.match(r"^[\s\x1f*]*$", folded[: match.start()].rsplit(GAP, 1)[-1]):
        items["number"] = re.sub(r"\s+", "", original[match.start("num") : match.end("num")])
        original = original[: match.start()] + GAP + original[match.end() :]
        folded = fold(original)
    if _STAR.search(original):
        items["star"] = True
        original = _STAR.sub(GAP, original)
    original = _RULE.sub(GAP, original)
    folded = fold(original)
    date = _find_date(original)
    if date:
        items["date"] = date[:2]
        original = original[: date[2]] + GAP + original[date[3] :]
    leftover = [normalise(cell) for cell in original.split(GAP) if _strip_marks(cell)]
    return items, leftover


def _date_across_lines(lines):
    """A place and date line broken over several header lines."""
    joined = "\n".join(GAP.join(_cells(line)) for line in lines)
    found = _find_date(_STAR.sub(GAP, _RULE.sub(GAP, joined)))
    return found[:2] if found else None


def _type_line_at(lines, index):
    """(doc_type, lines used) when the line at index is a type word, maybe split in two."""
    text = lines[index].strip()
    if not text or _words(text) > 6:
        return None
    slug = _type_of_label(text)
    if slug:
        return slug, 1
    if _is_upper(text):  # "NGHỊ QUYẾT CHI BỘ": the type word and the body that issues it
        folded = fold(normalise(text))
        for word, slug in _TYPE_PREFIXES:
            rest = folded[len(word) :].strip()
            if folded.startswith(word + " ") and rest.startswith(_ORG_STARTS):
                return slug, 1
    following = index + 1
    while following < len(lines) and not lines[following].strip():
        following += 1
    if following < len(lines) and _words(text) <= 2 and _words(lines[following]) <= 2:
        slug = _type_of_label(text + lines[following])
        if slug:
            return slug, following - index + 1
    return None


def _anchor(raw):
    """Whether a line is certainly part of an official header."""
    cells = _cells(raw)
    if not cells:
        return False
    for cell in cells:
        folded = fold(cell)
        motto = _MOTTO.search(folded)
        if motto:
            rest = normalise(cell[: motto.start()] + " " + cell[motto.end() :]).strip(" *-|")
            if not rest or _org_start(rest):
                return True
        if re.match(r"^\**\s*so\s*[:.]?\s*(?:\d|\s*-\s*[a-z])", folded) and _NUMBER.search(folded):
            return True
        date = _find_date(cell, require_alone=True)
        if date and date[0]:
            return True
    return raw.strip() in {"*", "***", "* * *"}


def _org_line(text):
    return _org_start(text) and _words(text) <= 15


def _find_header_start(lines, limit):
    """Index of the first line of the official header, or None."""
    for index in range(limit):
        if not _anchor(lines[index]):
            continue
        start = index
        # Walk back over the bodies' names written above the first anchor.
        probe, blanks = index - 1, 0
        while probe >= 0 and blanks <= 3:
            text = lines[probe].strip()
            if not text or _is_rule(text):
                blanks += 1 if not text else 0
            elif (_is_upper(text) or _org_start(text)) and _words(text) <= 15:
                if _type_line_at(lines, probe):
                    break
                start, blanks = probe, 0
            else:
                break
            probe -= 1
        while start < index and not (_org_line(lines[start]) or _anchor(lines[start])):
            start += 1
        return start
    return None


def _scan_header(lines, start, stop=None):
    """Read the header from `start`; returns the header and the index where it ends.

    Without `stop` the header ends at the first line that is not part of it (the type word or
    the title); with `stop` (where the title was found) every line up to it is read.
    """
    header = _Header()
    seen_date = seen_number = False
    previous = None  # kind of the previous non-blank header line
    index = start
    while index < (len(lines) if stop is None else stop):
        raw = lines[index]
        text = normalise(raw)
        if not text or _is_rule(text):
            if previous == "vv":
                previous = "item"
            index += 1
            continue
        if stop is None and _type_line_at(lines, index):
            break
        items, leftover = _header_items(raw)
        folded_text = fold(text)
        kind = None
        if items:
            kind = "item"
            header.motto |= items.get("motto", False)
            header.star |= items.get("star", False)
            if "number" in items and header.number is None and not seen_number:
                seen_number = True
                number = items["number"]
                header.symbol_type = _type_from_number(number)
                header.number = number if re.match(r"^\d", number) else None
            if "date" in items and not seen_date:
                seen_date = True
                header.place, header.issued_on = items["date"]
        elif _VV.match(folded_text):
            leftover = [text]
        elif (
            header.vv
            and previous == "vv"
            and not _is_upper(text)
            and not folded_text.startswith(_BODY_OPENERS)
        ):
            header.vv.append(text)
            previous = "vv"
            index += 1
            continue
        elif _DRAFT.match(folded_text.strip(" *")):
            header.draft = True
            previous = "item"
            index += 1
            continue
        org_allowed = not (header.orgs and (seen_date or seen_number) and previous != "org")
        took = False
        for cell in leftover:
            folded_cell = fold(cell)
            if _VV.match(folded_cell):
                header.vv.append(cell)
                kind, took = "vv", True
            elif _DRAFT.match(folded_cell):
                header.draft, took = True, True
            elif (
                (_is_upper(cell) or _org_start(cell) and not _starts_lower(cell))
                and _words(cell) <= 15
                and (items or org_allowed)
            ):
                new = _org_start(cell) or not header.orgs or previous not in ("org", "item")
                if not new or _org_start(cell) or items or not header.orgs:
                    header.add_org(cell, new)
                    kind = kind or "org"
                    took = True
            elif header.vv and kind == "vv":
                header.vv.append(cell)
                took = True
        if not items and not took:
            if stop is None:
                break
            previous = None
        if kind == "org" and items:
            kind = "item"
        previous = kind or previous
        index += 1
    if not seen_date or not header.place:  # "Bạc Liêu," and "ngày …" on two lines
        found = _date_across_lines(lines[start:index])
        if found and (not seen_date or found[1] == header.issued_on):
            header.place, header.issued_on = found
    return header, index


def _bodies(header):
    orgs = [normalise(" ".join(parts)) for parts in header.orgs]
    orgs = [org for org in orgs if org]
    if not orgs:
        return "", ""
    if len(orgs) == 1:
        return "", orgs[0]
    return orgs[-2], orgs[-1]


# -- the title -------------------------------------------------------------------------------


def _next_text(lines, index, stop):
    while index < stop and (_is_blank(lines[index])):
        index += 1
    return index


def _title_lines(lines, index, stop):
    """The lines of a title (trích yếu) from `index`; returns (texts, index after)."""
    texts = []
    first_upper = None
    while index < stop and len(texts) < 6:
        text = normalise(lines[index])
        if not text:
            # A blank line ends the title unless the phrase is obviously unfinished.
            after = _next_text(lines, index, stop)
            if (
                texts
                and after < stop
                and after - index <= 2
                and not _is_rule(lines[index + 1] if index + 1 < stop else "")
                and _words(lines[after]) <= 40
                and (
                    fold(texts[-1]).rsplit(" ", 1)[-1] in _CONNECTORS
                    or texts[-1].endswith((",", "-"))
                    or _starts_lower(normalise(lines[after]))
                    or fold(normalise(lines[after])).startswith(_TITLE_CONTINUATIONS)
                )
            ):
                index = after
                continue
            break
        if _is_rule(text) or text in {"*", "***"}:
            break
        folded = fold(text)
        if _DRAFT.match(folded):
            index += 1
            continue
        if _NUMBERING.match(text) or _MARKER.match(text) or _is_structural(text):
            break
        if not texts and not _is_upper(text):
            opener = folded.startswith(_BODY_OPENERS) and not _starts_lower(text)
            if len(text) > 250 or opener and (len(text) > 150 or text.endswith((":", ","))):
                break
        if texts:
            if len(text) > 250 or folded.startswith(_BODY_OPENERS) and not _is_upper(text):
                break
            if _is_upper(text) != first_upper and not _starts_lower(text):
                about = folded.startswith(_TITLE_CONTINUATIONS)
                connected = fold(texts[-1]).rsplit(" ", 1)[-1] in _CONNECTORS
                if not (first_upper and (connected or about)):
                    break
        else:
            first_upper = _is_upper(text)
        texts.append(text)
        index += 1
    return texts, index


def _is_structural(text):
    folded = fold(text)
    return bool(
        _CAPACITY.match(folded)
        and _is_upper(text)
        or _RECIPIENTS.match(folded)
        or _AUTHOR.match(folded)
        or _SOURCE.match(folded)
        or _WEB_NOISE.match(folded)
    )


def _join_title(texts):
    title = normalise(" ".join(texts))
    title = re.sub(r"\s*-\s*$", "", title).strip(" *")
    if len(title) > MAX_TITLE:
        title = title[: MAX_TITLE - 1].rsplit(" ", 1)[0] + "…"
    return title


def _caps_title_at(lines, index, stop):
    index = _next_text(lines, index, stop)
    if index >= stop:
        return None
    text = normalise(lines[index])
    if (
        _is_upper(text)
        and _words(text) >= 2
        and not _NUMBERING.match(text)
        and not _is_structural(text)
    ):
        return _title_lines(lines, index, stop)
    return None


# -- the footer --------------------------------------------------------------------------


def _without_signed(text):
    """The text without "(Đã ký)", "(Ký tên, đóng dấu)" and the like."""
    return normalise(_blank_out(_SIGNED, text, fold(text))[0].replace(GAP, " ")).strip(" .,")


def _is_name(text):
    text = _without_signed(text)
    words = text.split()
    if not 2 <= len(words) <= 7 or any(char.isdigit() for char in text):
        return False
    if fold(text) in _SIGNER_TITLES or ":" in text:
        return False
    return all(word[0].isupper() for word in words if word[0].isalpha())


def _footer_start(lines, start, stop):
    """Index where the signature, the recipients or the closing date begin, or stop."""
    for index in range(start, stop):
        raw = lines[index]
        for cell in _cells(raw):
            folded = fold(cell)
            if _CAPACITY.match(folded) and _is_upper(cell) and _words(cell) <= 12:
                return index
            if _RECIPIENTS.match(folded):
                return index
            if folded.strip(" .:") in _SIGNER_TITLES and _is_upper(cell):
                for following in range(index + 1, min(stop, index + 8)):
                    cells = _cells(lines[following])
                    if cells and _is_name(cells[-1]):
                        return index
        if index > start and _find_date(normalise(raw), require_alone=True):
            rest = [normalise(line) for line in lines[index + 1 : stop] if normalise(line)]
            if len(rest) <= 12:
                return index
    return stop


def _parse_footer(lines, document):
    """Signature block, recipients and a closing date from the footer lines."""
    mode = None  # "recipients" while reading the list after "Nơi nhận:"
    signature_stage = 0  # 1 after the capacity, 2 after the signer's position, 3 after the name
    for raw in lines:
        cells = _cells(raw)
        if not cells:
            continue
        for cell in cells:
            folded = fold(cell)
            if _RECIPIENTS.match(folded):
                mode = "recipients"
                rest = cell[_RECIPIENTS.match(folded).end() :]
                for item in re.split(r"(?:^|\s)[-+•]\s+", rest):
                    _add_recipient(document, item)
                continue
            date = _find_date(cell, require_alone=True)
            if date:
                if not document.issued_on:
                    document.place, document.issued_on = date[:2]
                continue
            if _CAPACITY.match(folded) and _is_upper(cell) and not document.signing_capacity:
                document.signing_capacity = cell
                signature_stage = 1
                continue
            if not _without_signed(cell):
                continue
            marker = _MARKER.match(cell)
            if mode == "recipients" and marker:
                _add_recipient(document, marker["text"])
                continue
            if (
                signature_stage < 2
                and _is_upper(cell)
                and _words(cell) <= 8
                and not marker
                and (signature_stage == 1 or folded.strip(" .:") in _SIGNER_TITLES)
            ):
                document.signer_title = _strip_marks(cell)
                signature_stage = 2
                continue
            if signature_stage >= 1 and signature_stage < 3 and _is_name(cell):
                document.signer_name = _without_signed(cell)
                signature_stage = 3
                continue
            if mode == "recipients" and document.recipients and not _is_upper(cell):
                document.recipients[-1] = _recipient_text(document.recipients[-1] + " " + cell)


def _recipient_text(text):
    return normalise(text).strip(" ,;.")


def _add_recipient(document, text):
    text = _recipient_text(text)
    if text:
        document.recipients.append(text)


# -- the body ----------------------------------------------------------------------------


def _hard_wrapped(texts):
    """Whether the text was wrapped at a fixed width (e-mail, old plain text)."""
    lengths = sorted(len(text) for text in texts if text)
    if len(lengths) < 4:
        return None
    width = lengths[int(len(lengths) * 0.95) - 1 if len(lengths) > 20 else -1]
    if width > 110:
        return None
    full = sum(1 for length in lengths if length >= width - 15)
    return width if full >= 3 and full / len(lengths) >= 0.3 else None


def _numbering_kind(match):
    return next(kind for kind in _NUMBER_KINDS if match[kind])


def _paragraph(text):
    return {"type": "paragraph", "value": f"<p>{html.escape(text, quote=False)}</p>"}


def _heading(number, text, level):
    number = normalise(number)
    text = normalise(text).rstrip(" :;,")
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()
    if len(number) > 10:
        text, number = f"{number} {text}".strip(), ""
    if len(text) > MAX_HEADING:
        text = text[: MAX_HEADING - 1].rsplit(" ", 1)[0] + "…"
    return {"type": "heading", "value": {"number": number, "text": text, "level": level}}


def _table(rows):
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    headings, data = (rows[0], rows[1:]) if len(rows) > 1 else ([""] * width, rows)
    return {
        "type": "table",
        "value": {
            "columns": [{"type": "text", "heading": heading} for heading in headings],
            "rows": [{"values": row} for row in data],
            "caption": "",
        },
    }


def _table_cells(text):
    if "|" not in text:
        return None
    cells = [normalise(cell) for cell in text.strip().strip("|").split("|")]
    if len(cells) < 2:
        return None
    return cells


def _classify_numbered(match, lines, index, stop):
    """(heading text, rest of the line) for a numbered line, or None when it is a paragraph."""
    text = match["text"].strip()
    if not text:
        following = _next_text(lines, index + 1, stop)
        return ("", following) if following < stop else None
    words = _words(text)
    if _is_upper(text) and words <= 40:
        return text, None
    if text.endswith(":") and words <= 30:
        return text, None
    if words <= 15 and not text.endswith((".", ";", ",", "!", "?")):
        return text, None
    colon = text.find(":")
    if colon > 0 and _words(text[:colon]) <= 12 and text[colon + 1 :].strip():
        return text[:colon], text[colon + 1 :].strip()
    return None


def _unnumbered_heading(text):
    return (
        _is_upper(text)
        and 1 <= _words(text) <= 20
        and len(_letters(text)) >= 4
        and not text.endswith((".", ",", ";"))
        and not _MARKER.match(text)
        and not _table_cells(text)
    )


def _body_blocks(lines):
    texts = [normalise(line) for line in lines]
    kinds_present = []
    for text in texts:
        match = _NUMBERING.match(text)
        if match and not _VV.match(fold(text)):
            kinds_present.append(_numbering_kind(match))
    top_kind = next((kind for kind in _NUMBER_KINDS if kind in kinds_present), None)
    width = _hard_wrapped(texts)

    items = []  # [kind, payload]: heading | para [text] | item [style, text] | table [rows]
    open_text = None  # the paragraph or item a continuation line would join
    previous_raw = ""
    index, stop = 0, len(lines)
    while index < stop:
        text = texts[index]
        raw = lines[index]
        if not text or _is_rule(text) or text in {"*", "***"}:
            open_text = None
            index += 1
            previous_raw = ""
            continue
        cells = _table_cells(text)
        if cells:
            if items and items[-1][0] == "table" and open_text == "table":
                if not all(re.fullmatch(r"[-:=+\s]*", cell) for cell in cells):
                    items[-1][1].append(cells)
            else:
                items.append(["table", [cells]])
            open_text = "table"
            index += 1
            continue
        match = _NUMBERING.match(text)
        if match and not _VV.match(fold(text)):
            kind = _numbering_kind(match)
            level = "2" if kind == top_kind else "3"
            classified = _classify_numbered(match, texts, index, stop)
            if classified:
                heading, rest = classified
                if heading == "" and isinstance(rest, int):
                    items.append(["heading", _heading(match["num"], texts[rest], level)])
                    index = rest + 1
                else:
                    items.append(["heading", _heading(match["num"], heading, level)])
                    if rest:
                        items.append(["para", [rest]])
                        open_text = items[-1]
                        index += 1
                        previous_raw = raw
                        continue
                    index += 1
                open_text = None
                previous_raw = raw
                continue
            items.append(["para", [text]])
            open_text = items[-1]
            index += 1
            previous_raw = raw
            continue
        marker = _MARKER.match(text)
        if marker and not (marker["mark"] in "-–—" and re.match(r"^[-–—]\s*\d", text)):
            style = _MARKER_STYLES.get(marker["mark"], "bullet")
            items.append(["item", [style, marker["text"]]])
            open_text = items[-1]
            index += 1
            previous_raw = raw
            continue
        if open_text and open_text != "table" and _continues(previous_raw, raw, text, width):
            open_text[1][-1] = open_text[1][-1] + " " + text
            index += 1
            previous_raw = raw
            continue
        if _unnumbered_heading(text):
            items.append(["heading", _heading("", text, "2" if top_kind is None else "3")])
            open_text = None
        else:
            items.append(["para", [text]])
            open_text = items[-1]
        index += 1
        previous_raw = raw

    blocks = []
    for kind, payload in items:
        if kind == "heading":
            blocks.append(payload)
        elif kind == "para":
            blocks.append(_paragraph(normalise(payload[0])))
        elif kind == "table":
            if len(payload) == 1 and len(payload[0]) < 2:
                blocks.append(_paragraph(" | ".join(payload[0])))
            else:
                blocks.append(_table(payload))
        else:
            style, text = payload
            text = normalise(text)
            last = blocks[-1] if blocks else None
            if last and last["type"] == "list" and last["value"]["style"] == style:
                last["value"]["items"].append(text)
            else:
                blocks.append({"type": "list", "value": {"style": style, "items": [text]}})
    return blocks


def _continues(previous_raw, raw, text, width):
    """Whether a plain line carries on the paragraph or item of the line before."""
    if not previous_raw:
        return False
    if _starts_lower(text):
        return True
    previous = normalise(previous_raw)
    if previous.endswith((",", "-", "–")) or fold(previous).rsplit(" ", 1)[-1] in _CONNECTORS:
        return True
    if width and len(previous) >= width - 15:
        indent = len(raw) - len(raw.lstrip())
        previous_indent = len(previous_raw) - len(previous_raw.lstrip())
        return indent <= previous_indent + 1 or not previous.endswith((".", ":", ";"))
    return False


# -- the whole document ------------------------------------------------------------------------


def _term(*texts):
    for text in texts:
        match = _TERM.search(fold(text))
        if match and 2 <= int(match["b"]) - int(match["a"]) <= 10:
            return f"{match['a']}-{match['b']}"
    return ""


def _web_summary(lines, title):
    """The news lead of the web page the document came from: its longest paragraph."""
    folded_title = fold(title)
    leads = [normalise(line) for line in lines if _words(line) >= 20]
    leads = [text for text in leads if fold(text) != folded_title]
    return max(leads, key=len, default="")


def _first_paragraph_text(blocks):
    for block in blocks:
        if block["type"] == "paragraph":
            return html.unescape(re.sub(r"<[^>]+>", "", block["value"]))
    return ""


def _shorten(text, limit=300):
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _locate_title(lines, start, stop):
    """(doc_type from a type line, title texts, index where the body starts) or None."""
    index = _next_text(lines, start, stop)
    if index >= stop:
        return None
    type_line = _type_line_at(lines, index)
    if type_line:
        slug, used = type_line
        texts, after = _title_lines(lines, _next_text(lines, index + used, stop), stop)
        if not texts:
            texts, after = [normalise(lines[index])], index + used
        return slug, texts, after
    caps = _caps_title_at(lines, index, stop)
    if caps:
        return None, caps[0], caps[1]
    text = normalise(lines[index])
    if _type_from_title(text) and _words(text) <= 40 and not text.endswith((".", ":")):
        texts, after = _title_lines(lines, index, stop)  # "Nghị quyết về …" in small letters
        return None, texts, after
    return None


def _search_title(lines, stop):
    """Without a header: the first type line, else the first title in capitals."""
    limit = min(stop, max(40, stop * 3 // 5))
    for index in range(limit):
        if _type_line_at(lines, index):
            return index, _locate_title(lines, index, stop)
    for index in range(limit):
        text = normalise(lines[index])
        if (
            _is_upper(text)
            and 3 <= _words(text) <= 60
            and not _NUMBERING.match(text)
            and not _is_structural(text)
        ):
            return index, _locate_title(lines, index, stop)
    return None, None


def parse(text, name=""):
    """The parts of the document in `text`; ImportRefused when there is no document."""
    lines = clean_lines(text)
    if not any(line.strip() for line in lines):
        raise ImportRefused(_("the file is empty"))
    document = ParsedDocument()

    # Where the document's own text ends: web-page footers, "Tác giả bài viết", "Nguồn tin".
    content_end = len(lines)
    for index, line in enumerate(lines):
        folded = fold(normalise(line))
        author = _AUTHOR.match(folded) if index >= len(lines) // 2 else None
        source = _SOURCE.match(folded) if index >= len(lines) // 2 else None
        if author or source:
            value = normalise(line)[(author or source).end() :]
            if author and not document.author:
                value, _sep, rest = value.partition("Nguồn tin:")
                document.author = normalise(value)
                if rest and not document.source:
                    document.source = normalise(rest)
            elif source and not document.source:
                document.source = normalise(value)
            content_end = min(content_end, index)
        elif _WEB_NOISE.match(folded) and index > len(lines) // 3:
            content_end = min(content_end, index)

    header_start = _find_header_start(lines, content_end)
    header = None
    located = None
    if header_start is not None:
        header, header_end = _scan_header(lines, header_start)
        located = _locate_title(lines, header_end, content_end)
        if not located and header.vv:
            located = (None, [], _next_text(lines, header_end, content_end))
        if located and not (located[1] or header.vv):
            located = None
        noise = lines[:header_start]
    if not located:
        found_at, located = _search_title(lines, content_end)
        if located and header is not None and found_at < header_start:
            header = None  # the "header" found was the closing date of the document
        elif located and header is not None:
            header, _end = _scan_header(lines, header_start, found_at)
        noise = lines[: found_at or 0]
        if header is not None and not (header.orgs or header.number):
            header = None
    if not located:
        raise ImportRefused(_("no title (trích yếu) was found"))

    line_type, title_texts, body_start = located
    if header is not None:
        document.superior_body, document.issuing_body = _bodies(header)
        document.number = header.number
        document.place, document.issued_on = header.place, header.issued_on
        document.is_draft = header.draft
        if not title_texts and header.vv:
            title_texts = header.vv
    document.title = _join_title(title_texts)
    if not document.title:
        raise ImportRefused(_("no title (trích yếu) was found"))

    footer_start = _footer_start(lines, body_start, content_end)
    document.blocks = _body_blocks(lines[body_start:footer_start])
    if not document.blocks:
        raise ImportRefused(_("the document has no body text"))
    _parse_footer(lines[footer_start:content_end], document)

    symbol_type = header.symbol_type if header else None
    document.doc_type = (
        line_type
        or symbol_type
        or ("cong-van" if header and header.vv and title_texts == header.vv else None)
        or _type_from_title(document.title)
        or "khac"
    )
    header_text = "\n".join(lines[header_start:body_start]) if header else ""
    body_text = "\n".join(lines[body_start:footer_start])
    document.term = _term(document.title, header_text, body_text)
    document.summary = _shorten(
        _web_summary(noise, document.title) or _first_paragraph_text(document.blocks)
    )
    return document
