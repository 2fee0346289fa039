"""The body's structure: numbered and unnumbered headings, paragraphs, lists and tables."""

import html
import re

from portal.text import fold, normalise
from resolutions.importer import HEADING_HINT
from resolutions.importer.recognisers.lines import (
    is_rule,
    is_upper,
    letters_of,
    starts_lower,
    word_count,
)
from resolutions.importer.recognisers.patterns import (
    CONNECTORS,
    ENACTING,
    MARKER,
    MARKER_STYLES,
    MAX_HEADING,
    NUMBER_KINDS,
    NUMBERING,
    VV,
)
from resolutions.importer.recognisers.title import next_text

# -- the body ----------------------------------------------------------------------------


def hard_wrapped(texts):
    """Whether the text was wrapped at a fixed width (e-mail, old plain text)."""
    lengths = sorted(len(text) for text in texts if text)
    if len(lengths) < 4:
        return None
    width = lengths[int(len(lengths) * 0.95) - 1 if len(lengths) > 20 else -1]
    if width > 110:
        return None
    full = sum(1 for length in lengths if length >= width - 15)
    return width if full >= 3 and full / len(lengths) >= 0.3 else None


def numbering_kind(match):
    return next(kind for kind in NUMBER_KINDS if match[kind])


def paragraph_block(text):
    return {"type": "paragraph", "value": f"<p>{html.escape(text, quote=False)}</p>"}


def heading_block(number, text, level):
    number = normalise(number)
    text = normalise(text).rstrip(" :;,")
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()
    if len(number) > 10:
        text, number = f"{number} {text}".strip(), ""
    if len(text) > MAX_HEADING:
        text = text[: MAX_HEADING - 1].rsplit(" ", 1)[0] + "…"
    return {"type": "heading", "value": {"number": number, "text": text, "level": level}}


def table_block(rows):
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


def table_cells(text):
    if "|" not in text:
        return None
    cells = [normalise(cell) for cell in text.strip().strip("|").split("|")]
    if len(cells) < 2:
        return None
    return cells


def classify_numbered(match, lines, index, stop):
    """(heading text, rest of the line) for a numbered line, or None when it is a paragraph."""
    text = match["text"].strip()
    if not text:
        following = next_text(lines, index + 1, stop)
        return ("", following) if following < stop else None
    words = word_count(text)
    if is_upper(text) and words <= 40:
        return text, None
    if text.endswith(":") and words <= 30:
        return text, None
    if words <= 15 and not text.endswith((".", ";", ",", "!", "?")):
        return text, None
    colon = text.find(":")
    if colon > 0 and word_count(text[:colon]) <= 12 and text[colon + 1 :].strip():
        return text[:colon], text[colon + 1 :].strip()
    return None


def unnumbered_heading(text):
    return (
        is_upper(text)
        and 1 <= word_count(text) <= 20
        and len(letters_of(text)) >= 4
        and not text.endswith((".", ",", ";"))
        and not MARKER.match(text)
        and not table_cells(text)
        and not ENACTING.match(fold(text))
    )


def hinted_heading(text):
    """A line in bold or in a heading style is a heading when it reads like one."""
    return (
        word_count(text) <= 25
        and not text.endswith((".", ",", ";"))
        and not MARKER.match(text)
        and not table_cells(text)
    )


def body_blocks(lines):
    texts = [normalise(line) for line in lines]
    kinds_present = []
    for text in texts:
        match = NUMBERING.match(text)
        if match and not VV.match(fold(text)):
            kinds_present.append(numbering_kind(match))
    top_kind = next((kind for kind in NUMBER_KINDS if kind in kinds_present), None)
    width = hard_wrapped(texts)

    items = []  # [kind, payload]: heading | para [text] | item [style, text] | table [rows]
    open_text = None  # the paragraph or item a continuation line would join
    previous_raw = ""
    index, stop = 0, len(lines)
    while index < stop:
        text = texts[index]
        raw = lines[index]
        if not text or is_rule(text) or text in {"*", "***"}:
            open_text = None
            index += 1
            previous_raw = ""
            continue
        cells = table_cells(text)
        if cells:
            if items and items[-1][0] == "table" and open_text == "table":
                if not all(re.fullmatch(r"[-:=+\s]*", cell) for cell in cells):
                    items[-1][1].append(cells)
            else:
                items.append(["table", [cells]])
            open_text = "table"
            index += 1
            continue
        match = NUMBERING.match(text)
        if match and not VV.match(fold(text)):
            kind = numbering_kind(match)
            level = "2" if kind == top_kind else "3"
            classified = classify_numbered(match, texts, index, stop)
            if classified:
                heading, rest = classified
                if heading == "" and isinstance(rest, int):
                    items.append(["heading", heading_block(match["num"], texts[rest], level)])
                    index = rest + 1
                else:
                    items.append(["heading", heading_block(match["num"], heading, level)])
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
        marker = MARKER.match(text)
        if marker and not (marker["mark"] in "-–—" and re.match(r"^[-–—]\d", text)):
            style = MARKER_STYLES.get(marker["mark"], "bullet")
            items.append(["item", [style, marker["text"]]])
            open_text = items[-1]
            index += 1
            previous_raw = raw
            continue
        hinted = raw.lstrip(" \t").startswith(HEADING_HINT) and hinted_heading(text)
        if (
            open_text
            and open_text != "table"
            and not hinted
            and continues(previous_raw, raw, text, width)
        ):
            open_text[1][-1] = open_text[1][-1] + " " + text
            index += 1
            previous_raw = raw
            continue
        if hinted or unnumbered_heading(text):
            items.append(["heading", heading_block("", text, "2" if top_kind is None else "3")])
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
            blocks.append(paragraph_block(normalise(payload[0])))
        elif kind == "table":
            if len(payload) == 1 and len(payload[0]) < 2:
                blocks.append(paragraph_block(" | ".join(payload[0])))
            else:
                blocks.append(table_block(payload))
        else:
            style, text = payload
            text = normalise(text)
            last = blocks[-1] if blocks else None
            if last and last["type"] == "list" and last["value"]["style"] == style:
                last["value"]["items"].append(text)
            else:
                blocks.append({"type": "list", "value": {"style": style, "items": [text]}})
    return blocks


def continues(previous_raw, raw, text, width):
    """Whether a plain line carries on the paragraph or item of the line before."""
    if not previous_raw:
        return False
    if starts_lower(text):
        return True
    previous = normalise(previous_raw)
    if previous.endswith((",", "-", "–")) or fold(previous).rsplit(" ", 1)[-1] in CONNECTORS:
        return True
    if width and len(previous) >= width - 15:
        indent = len(raw) - len(raw.lstrip())
        previous_indent = len(previous_raw) - len(previous_raw.lstrip())
        return indent <= previous_indent + 1 or not previous.endswith((".", ":", ";"))
    return False
