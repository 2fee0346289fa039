"""Where each field was found: the line of the text it came from, for the review screen."""

from portal.text import fold, normalise
from resolutions.importer.recognisers.lines import find_date

# Fields found at the end of a document: their words may also occur in the body (a name).
_FROM_THE_END = {"signing_capacity", "signer_title", "signer_name", "recipients"}


def _words(text):
    return fold(normalise(text)).replace("-", " ").split()


def _contains(line_words, words):
    size = len(words)
    return any(line_words[i : i + size] == words for i in range(len(line_words) - size + 1))


def source_lines(lines, document):
    """{field: (line number from 1, the line)} for every field found in the lines."""
    folded = [_words(line) for line in lines]
    order = list(range(len(lines)))
    sources = {}
    # The date first: the place is on its line.
    names = sorted(document.FIELDS[1:], key=lambda name: name != "issued_on")
    for name in names:
        value = getattr(document, name)
        if not value:
            continue
        candidates = reversed(order) if name in _FROM_THE_END else order
        if name == "place" and "issued_on" in sources:  # "Place, ngày …": the same line
            sources[name] = sources["issued_on"]
            continue
        if name == "issued_on":
            found = next(
                (i for i in order if (date := find_date(normalise(lines[i]))) and date[1] == value),
                None,
            )
        else:
            text = value[0] if isinstance(value, list) else value
            words = _words(text)[:4]
            found = next((i for i in candidates if words and _contains(folded[i], words)), None)
        if found is not None:
            sources[name] = (found + 1, normalise(lines[found]))
    return sources
