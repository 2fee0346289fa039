"""Word's automatic numbering ("1.", "1.2.", "a)", "-"), which is not part of the paragraph text."""

import re

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class Numbering:
    """Word's automatic numbering ("1.", "a)", "-"), which is not part of the paragraph text."""

    FORMATS = {"decimal", "upperRoman", "lowerRoman", "upperLetter", "lowerLetter", "bullet"}

    def __init__(self, document):
        self.levels = {}
        self.counters = {}
        self.styles = {}  # style id -> the numPr of a numbered style ("List Bullet")
        for style in document.styles.element.iterchildren(f"{W}style"):
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None:
                self.styles[style.get(f"{W}styleId")] = num_pr
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for node in root.iterchildren(f"{W}abstractNum"):
            levels = {}
            for level in node.iterchildren(f"{W}lvl"):
                fmt = level.find(f"{W}numFmt")
                text = level.find(f"{W}lvlText")
                start = level.find(f"{W}start")
                levels[level.get(f"{W}ilvl")] = (
                    fmt.get(f"{W}val") if fmt is not None else "decimal",
                    text.get(f"{W}val") if text is not None else "%1.",
                    int(start.get(f"{W}val")) if start is not None else 1,
                )
            abstract[node.get(f"{W}abstractNumId")] = levels
        for node in root.iterchildren(f"{W}num"):
            ref = node.find(f"{W}abstractNumId")
            if ref is not None:
                self.levels[node.get(f"{W}numId")] = abstract.get(ref.get(f"{W}val"), {})

    def prefix(self, p):
        num_pr = p.find(f"{W}pPr/{W}numPr")
        if num_pr is None:
            style = p.find(f"{W}pPr/{W}pStyle")
            num_pr = self.styles.get(style.get(f"{W}val")) if style is not None else None
        if num_pr is None:
            return ""
        num_id = num_pr.find(f"{W}numId")
        ilvl = num_pr.find(f"{W}ilvl")
        num_id = num_id.get(f"{W}val") if num_id is not None else None
        ilvl = ilvl.get(f"{W}val") if ilvl is not None else "0"
        level = self.levels.get(num_id, {}).get(ilvl)
        if not level or level[0] not in self.FORMATS:
            return ""
        fmt, pattern, start = level
        if fmt == "bullet":
            return f"{pattern} " if pattern in ("-", "–", "+") else "• "
        counts = self.counters.setdefault(num_id, {})
        depth = int(ilvl)
        counts[depth] = counts.get(depth, start - 1) + 1
        for deeper in [other for other in counts if other > depth]:
            del counts[deeper]
        levels = self.levels[num_id]

        def value(match):  # "%2" is the counter of the second level ("1.2.")
            other = int(match[1]) - 1
            other_fmt, _text, other_start = levels.get(str(other), ("decimal", "", 1))
            return _format_number(counts.get(other, other_start), other_fmt)

        return re.sub(r"%(\d)", value, pattern) + " "


def _format_number(value, fmt):
    if fmt == "upperRoman":
        return _roman(value)
    if fmt == "lowerRoman":
        return _roman(value).lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letter = "abcdefghijklmnopqrstuvwxyz"[(value - 1) % 26]
        return letter.upper() if fmt == "upperLetter" else letter
    return str(value)


def _roman(value):
    result = ""
    for number, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while value >= number:
            result, value = result + letters, value - number
    return result
