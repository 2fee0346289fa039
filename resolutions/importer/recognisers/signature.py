"""The end of the document: signing capacity, position, signer, recipients, closing date."""

import re

from portal.text import fold, normalise
from resolutions.importer.recognisers.lines import (
    blank_out,
    find_date,
    is_upper,
    split_cells,
    strip_marks,
    word_count,
)
from resolutions.importer.recognisers.patterns import (
    CAPACITY,
    GAP,
    MARKER,
    RECIPIENTS,
    SIGNED,
    SIGNER_TITLES,
)

# -- the footer --------------------------------------------------------------------------


def without_signed(text):
    """The text without "(Đã ký)", "(Ký tên, đóng dấu)" and the like."""
    return normalise(blank_out(SIGNED, text, fold(text))[0].replace(GAP, " ")).strip(" .,")


def is_name(text):
    text = without_signed(text)
    words = text.split()
    if not 2 <= len(words) <= 7 or any(char.isdigit() for char in text):
        return False
    if fold(text) in SIGNER_TITLES or ":" in text:
        return False
    return all(word[0].isupper() for word in words if word[0].isalpha())


def find_footer_start(lines, start, stop):
    """Index where the signature, the recipients or the closing date begin, or stop."""
    for index in range(start, stop):
        raw = lines[index]
        for cell in split_cells(raw):
            folded = fold(cell)
            if CAPACITY.match(folded) and is_upper(cell) and word_count(cell) <= 12:
                return index
            if RECIPIENTS.match(folded):
                return index
            if folded.strip(" .:") in SIGNER_TITLES and is_upper(cell):
                for following in range(index + 1, min(stop, index + 8)):
                    cells = split_cells(lines[following])
                    if cells and is_name(cells[-1]):
                        return index
        if index > start and find_date(normalise(raw), require_alone=True):
            rest = [normalise(line) for line in lines[index + 1 : stop] if normalise(line)]
            if len(rest) <= 12:
                return index
    return stop


def parse_footer(lines, document):
    """Signature block, recipients and a closing date from the footer lines."""
    mode = None  # "recipients" while reading the list after "Nơi nhận:"
    signature_stage = 0  # 1 after the capacity, 2 after the signer's position, 3 after the name
    for raw in lines:
        cells = split_cells(raw)
        if not cells:
            continue
        for cell in cells:
            folded = fold(cell)
            if RECIPIENTS.match(folded):
                mode = "recipients"
                rest = cell[RECIPIENTS.match(folded).end() :]
                for item in re.split(r"(?:^|\s)[-+•]\s+", rest):
                    add_recipient(document, item)
                continue
            date = find_date(cell, require_alone=True)
            if date:
                if not document.issued_on:
                    document.place, document.issued_on = date[:2]
                continue
            if CAPACITY.match(folded) and is_upper(cell) and not document.signing_capacity:
                document.signing_capacity = cell
                signature_stage = 1
                continue
            if not without_signed(cell):
                continue
            marker = MARKER.match(cell)
            if mode == "recipients" and marker:
                add_recipient(document, marker["text"])
                continue
            if (
                signature_stage < 2
                and is_upper(cell)
                and word_count(cell) <= 8
                and not marker
                and (signature_stage == 1 or folded.strip(" .:") in SIGNER_TITLES)
            ):
                document.signer_title = strip_marks(cell)
                signature_stage = 2
                continue
            if signature_stage >= 1 and signature_stage < 3 and is_name(cell):
                document.signer_name = without_signed(cell)
                signature_stage = 3
                continue
            if mode == "recipients" and document.recipients and not is_upper(cell):
                document.recipients[-1] = recipient_text(document.recipients[-1] + " " + cell)


def recipient_text(text):
    return normalise(text).strip(" ,;.")


def add_recipient(document, text):
    text = recipient_text(text)
    if text:
        document.recipients.append(text)
