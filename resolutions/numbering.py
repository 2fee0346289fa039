"""Document numbers ("05-NQ/ĐU"): the serial, the type's symbol and the issuer's abbreviation.

Numbers run per type and term, so the next resolution after 05-NQ/ĐU in the same term is
06-NQ/ĐU. The suggestion follows the form of the highest number so far, or "<serial>-<symbol>/ĐU".
"""

import re

from resolutions.models import TYPE_SYMBOLS, PartyDocumentPage

SERIAL = re.compile(r"^\s*(?P<serial>\d{1,4})(?P<rest>\s*-\s*\S+)\s*$")
DEFAULT_ISSUER = "ĐU"


def _next(numbers, symbol):
    highest, rest = 0, f"-{symbol}/{DEFAULT_ISSUER}"
    for number in numbers:
        match = SERIAL.match(number)
        if match and int(match["serial"]) > highest:
            highest, rest = int(match["serial"]), match["rest"].replace(" ", "")
    return f"{highest + 1:02d}{rest}"


def suggestions(term="", issuing_body="", exclude_pk=None):
    """The next number of every type that has a symbol, for this term and issuing body."""
    documents = PartyDocumentPage.objects.exclude(number="")
    if term:
        documents = documents.filter(term=term)
    if issuing_body:
        documents = documents.filter(issuing_body__iexact=issuing_body)
    if exclude_pk:
        documents = documents.exclude(pk=exclude_pk)
    numbers = {}
    for doc_type, number in documents.values_list("doc_type", "number"):
        numbers.setdefault(doc_type, []).append(number)
    return {
        doc_type: _next(numbers.get(doc_type, []), symbol)
        for doc_type, symbol in TYPE_SYMBOLS.items()
    }


def next_number(doc_type, term="", issuing_body="", exclude_pk=None):
    """The suggested number for a new document of this type, or "" when the type has none."""
    return suggestions(term, issuing_body, exclude_pk).get(doc_type, "")
