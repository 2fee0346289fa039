"""The document importer: old Party documents (plain text, Word, PDF) become document pages.

readers/ turn files into text lines with layout hints, parser.py runs the recognisers/ that find
the parts of the document in them (no database), service.py creates or updates the pages,
views.py is the admin screen "Nhập văn bản".
"""

# Starts a line the reader knows is a heading (Word's heading styles, a paragraph all in bold);
# a whitespace character, so that everything but the body recogniser reads past it.
HEADING_HINT = "\x1e"


class ImportRefused(Exception):
    """A file that cannot be imported; the message (Vietnamese) says what is wrong or missing."""
