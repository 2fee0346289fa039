"""Finds the parts of a Party document in its text: header, type, title, body, signature, footer.

The stages: a reader (readers/) turns a file into text whose lines keep the layout hints
(columns as tabs, runs of spaces or "|"); recognisers/ find the header, the title, the body's
structure and the signature in those lines; this module runs them in order and fills a
ParsedDocument. Pure text processing (no database). The text may come off an old website, out of
a Word file or a PDF, or out of OCR, so it is messy: the two-column official header (Hướng dẫn
36-HD/VPTW) flattened onto the same lines, split column after column or joined with "|";
web-page noise before the document; hard-wrapped lines; odd spaces and decomposed letters. The
recognisers look for what each part of a document looks like rather than where it usually sits,
and compare words folded (without diacritics, lower case) so that "UỶ" and "ỦY" or "Bạc liêu"
and "BẠC LIÊU" are the same. Values keep the text's own spelling (NFC); only the place name is
capitalised as a name.
"""

import html
import re

from django.utils.translation import gettext as _

from portal.text import fold, normalise
from resolutions.importer import ImportRefused
from resolutions.importer.document import ParsedDocument
from resolutions.importer.recognisers.body import body_blocks
from resolutions.importer.recognisers.header import bodies_of, find_header_start, scan_header
from resolutions.importer.recognisers.lines import clean_lines, type_from_title, word_count
from resolutions.importer.recognisers.patterns import AUTHOR, SOURCE, TERM, WEB_NOISE
from resolutions.importer.recognisers.signature import find_footer_start, parse_footer
from resolutions.importer.recognisers.sources import source_lines
from resolutions.importer.recognisers.title import join_title, locate_title, next_text, search_title


def find_term(*texts):
    for text in texts:
        match = TERM.search(fold(text))
        if match and 2 <= int(match["b"]) - int(match["a"]) <= 10:
            return f"{match['a']}-{match['b']}"
    return ""


def web_summary(lines, title):
    """The news lead of the web page the document came from: its longest paragraph."""
    folded_title = fold(title)
    leads = [normalise(line) for line in lines if word_count(line) >= 20]
    leads = [text for text in leads if fold(text) != folded_title]
    return max(leads, key=len, default="")


def first_paragraph_text(blocks):
    for block in blocks:
        if block["type"] == "paragraph":
            return html.unescape(re.sub(r"<[^>]+>", "", block["value"]))
    return ""


def shorten(text, limit=300):
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def parse(text, name=""):
    """The parts of the document in `text` (a str, or a reader's Reading, which says whether
    it came from OCR); ImportRefused when there is no document."""
    lines = clean_lines(text)
    if not any(line.strip() for line in lines):
        raise ImportRefused(_("the file is empty"))
    document = ParsedDocument(needs_check=getattr(text, "needs_check", False))

    # Where the document's own text ends: web-page footers, "Tác giả bài viết", "Nguồn tin".
    content_end = len(lines)
    for index, line in enumerate(lines):
        folded = fold(normalise(line))
        author = AUTHOR.match(folded) if index >= len(lines) // 2 else None
        source = SOURCE.match(folded) if index >= len(lines) // 2 else None
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
        elif WEB_NOISE.match(folded) and index > len(lines) // 3:
            content_end = min(content_end, index)

    header_start = find_header_start(lines, content_end)
    header = None
    located = None
    if header_start is not None:
        header, header_end = scan_header(lines, header_start)
        located = locate_title(lines, header_end, content_end)
        if not located and header.vv:
            located = (None, [], next_text(lines, header_end, content_end))
        if located and not (located[1] or header.vv):
            located = None
        noise = lines[:header_start]
    if not located:
        found_at, located = search_title(lines, content_end)
        if located and header is not None and found_at < header_start:
            header = None  # the "header" found was the closing date of the document
        elif located and header is not None:
            header, _end = scan_header(lines, header_start, found_at)
        noise = lines[: found_at or 0]
        if header is not None and not (header.orgs or header.number):
            header = None
    if not located:
        raise ImportRefused(_("no title (trích yếu) was found"))

    line_type, title_texts, body_start = located
    if header is not None:
        document.superior_body, document.issuing_body = bodies_of(header)
        document.number = header.number
        document.place, document.issued_on = header.place, header.issued_on
        document.is_draft = header.draft
        if not title_texts and header.vv:
            title_texts = header.vv
    document.title = join_title(title_texts)
    if not document.title:
        raise ImportRefused(_("no title (trích yếu) was found"))

    footer_start = find_footer_start(lines, body_start, content_end)
    document.blocks = body_blocks(lines[body_start:footer_start])
    if not document.blocks:
        raise ImportRefused(_("the document has no body text"))
    parse_footer(lines[footer_start:content_end], document)

    symbol_type = header.symbol_type if header else None
    document.doc_type = (
        line_type
        or symbol_type
        or ("cong-van" if header and header.vv and title_texts == header.vv else None)
        or type_from_title(document.title)
        or "khac"
    )
    header_text = "\n".join(lines[header_start:body_start]) if header else ""
    # Never a mention in the body: the title, the header or the file's own properties.
    document.term = find_term(document.title, header_text, getattr(text, "term", ""))
    document.summary = shorten(
        web_summary(noise, document.title) or first_paragraph_text(document.blocks)
    )
    document.sources = source_lines(lines, document)
    return document
