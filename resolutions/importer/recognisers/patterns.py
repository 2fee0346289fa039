"""The words and patterns of Party documents, matched against folded text."""

import re

from portal.text import fold
from resolutions.models.documents import TYPE_SYMBOLS, TYPE_WORDS

GAP = "\x1f"  # marks a column boundary inside a header or footer line

# -- words and patterns ------------------------------------------------------------------

# Type words as printed above the title, folded and without spaces ("nghiquyet").
TYPE_BY_WORD = {fold(word).replace(" ", ""): slug for slug, word in TYPE_WORDS.items()}
TYPE_BY_WORD.update({"congvan": "cong-van", "chuongtrinhhanhdong": "chuong-trinh"})
# Type words that may open a title: "KẾ HOẠCH TỔ CHỨC…", "CÁC GIẢI PHÁP…".
TYPE_PREFIXES = sorted(
    ((fold(word), slug) for slug, word in TYPE_WORDS.items()),
    key=lambda item: -len(item[0]),
)
TITLE_LEADS = ("cac ", "mot so ", "du thao ", "ve ")
TYPE_BY_SYMBOL = {fold(symbol): slug for slug, symbol in TYPE_SYMBOLS.items()}

# How the name of a Party body begins (folded): a line starting so opens a new body.
ORG_STARTS = tuple(
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

MOTTO = re.compile(r"dang\s*cong\s*san\s*viet\s*nam")
# The motto broken over two lines of its column: "ĐẢNG CỘNG SẢN" / "VIỆT NAM" (cells, folded).
MOTTO_PART = re.compile(r"(?:^|(?<=\x1f))\s*(?:dang\s*cong\s*san|viet\s*nam)\s*(?=\x1f|$)")
# The first words of a body's name that the next line completes: "ĐẠI HỘI ĐẠI BIỂU" / "ĐẢNG BỘ …".
INCOMPLETE_ORG = re.compile(
    r"^(?:dai\s*hoi(?:\s*dai\s*bieu)?|hoi\s*nghi(?:\s*dai\s*bieu)?|ban\s*chap\s*hanh)$"
)
# The same words opening a body's whole name on one line: "ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ … LẦN THỨ V".
ORG_LEAD = re.compile(r"^(?:dai\s*hoi|hoi\s*nghi|ban\s*chap\s*hanh)\b")
# "BAN THƯỜNG VỤ HUYỆN ỦY QUYẾT ĐỊNH": who decides, above the articles; not a heading.
ENACTING = re.compile(r"\S+\s+\S+.*\bquyet\s*(?:dinh|nghi)\s*:?$")
STATE_MOTTO = re.compile(
    r"cong\s*hoa\s*xa\s*hoi\s*chu\s*nghia\s*viet\s*nam"
    r"|doc\s*lap\s*[-,.]?\s*tu\s*do\s*[-,.]?\s*hanh\s*phuc"
)
NUMBER = re.compile(
    r"(?<![a-z0-9])so\s*[:.]?\s*"
    r"(?P<num>(?:\d{1,5}[a-z]?)?(?:\s*[-/]\s*[a-z0-9]+|\.[a-z0-9]+)+|\d{1,5}(?![\d/.,]))"
)
STAR = re.compile(r"(?:(?<=[\s\x1f|])|^)\*+(?:\s*\*+)*(?=[\s\x1f|]|$)")
RULE = re.compile(r"[-_=~—–.…]{3,}(?:\s*(?:o\s*0\s*o|o\s*O\s*o|\*+)\s*[-_=~—–.…]{3,})?")
DRAFT = re.compile(r"^\(?\s*du\s*thao(?:\s*lan\s*(?:thu\s*)?\w+)?\s*\)?$")
VV = re.compile(r"^(?:v\s*/\s*v|v\.v)\b\s*[:.]?\s*")
DATE = re.compile(
    r"(?:(?P<place>[^\W\d_][^\x1f\n,\d|:;()/*]*?)\s*,?[\s\x1f]*)?"
    r"ngay[\s\x1f]*(?P<d>\d{1,2})[\s\x1f]*(?:thang|/|-|\.)[\s\x1f]*(?P<m>\d{1,2})"
    r"[\s\x1f]*(?:nam|/|-|\.)[\s\x1f]*(?P<y>\d{4})"
)
WEEKDAY = re.compile(r"^(?:thu\s*(?:hai|ba|tu|nam|sau|bay|\d)|chu\s*nhat|cn)$")
CAPACITY = re.compile(
    r"^(?:t\s*/\s*m|t\s*\.\s*m|tm|t\s*/\s*l|t\s*\.\s*l|tl|k\s*/\s*t|k\s*\.\s*t|kt|tuq|q)"
    r"\s*[.:]?\s+\S"
)
SIGNER_TITLES = {
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
SIGNED = re.compile(r"\(\s*(?:da\s*)?ky\b[^)]*\)|\bda\s*ky\b")
RECIPIENTS = re.compile(r"^noi\s*nhan\s*[:.]?\s*")
AUTHOR = re.compile(r"^(?:tac\s*gia(?:\s*bai\s*viet)?|nguoi\s*viet|bai\s*viet)\s*:\s*")
SOURCE = re.compile(r"^nguon(?:\s*tin)?\s*:\s*")
WEB_NOISE = re.compile(
    r"^(?:cac\s*tin\s*(?:khac|da\s*dua)|tin\s*(?:lien\s*quan|cung\s*chuyen\s*muc|moi\s*hon"
    r"|cu\s*hon|khac|doc\s*nhieu)|nhung\s*tin\s*(?:moi|cu)\s*hon|bai\s*viet\s*(?:lien\s*quan"
    r"|khac)|cac\s*bai\s*viet\s*khac|xem\s*them|y\s*kien\s*ban\s*doc|tong\s*so\s*diem"
    r"|click\s*de\s*danh\s*gia|tu\s*khoa\s*:|tags?\s*:|chia\s*se|in\s*bai|gui\s*bai"
    r"|luot\s*xem|ban\s*can\s*dang\s*nhap|binh\s*luan|len\s*dau\s*trang)"
)
TERM = re.compile(
    r"(?:nhiem\s*ky|khoa\s+[ivxlc\d]+\s*[,(]\s*(?:nhiem\s*ky)?)\s*[:(]?\s*"
    r"(?P<a>(?:19|20)\d\d)\s*[-\s]+\s*(?P<b>(?:19|20)\d\d)"
)
BODY_OPENERS = tuple(
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
TITLE_CONTINUATIONS = tuple(
    fold(words)
    for words in ("về ", "v/v", "nhiệm kỳ", "khóa ", "(", "năm ", "giai đoạn", "lần thứ", "của ")
)
CONNECTORS = {
    fold(word)
    for word in ("và", "của", "về", "cho", "trong", "với", "đến", "tại", "tới", "theo", "các")
}

ROMAN = r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})"
NUMBERING = re.compile(
    r"^(?P<num>"
    r"(?P<part>(?:PHẦN|Phần|CHƯƠNG|Chương|MỤC|Mục)\s+(?:" + ROMAN + r"|\d{1,2}"
    r"|THỨ\s+\w+|thứ\s+\w+)\s*[.:\-]?)"
    r"|(?P<article>(?:ĐIỀU|Điều)\s+\d{1,3}\s*[.:\-]?)"
    r"|(?P<upper>[A-H]\s*[.)/\-])(?=\s)"
    r"|(?P<roman>" + ROMAN + r"\s*[.)/\-])(?=\s|$)"
    r"|(?P<sub>\d{1,2}(?:\s*\.\s*\d{1,2}){1,3}\s*[.)/\-]?)(?=\s|$)"
    r"|(?P<arabic>\d{1,2}\s*[.)/\-])(?=\s|$)"
    r"|(?P<lower>[a-zđ]\s*[.)/])(?=\s)"
    r")\s*(?P<text>.*)$"
)
NUMBER_KINDS = ("part", "upper", "roman", "arabic", "sub", "lower", "article")
MARKER = re.compile(r"^(?P<mark>[-–—+•·●○◦▪■□♦◆❖➢►➤✓*])\s*(?P<text>\S.*)$")
MARKER_STYLES = {"-": "dash", "–": "dash", "—": "dash", "+": "plus"}

MAX_TITLE = 255
MAX_HEADING = 300
