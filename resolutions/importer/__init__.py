"""The document importer: old Party documents (plain text, Word) become document pages.

readers.py decodes files, parser.py finds the parts of the document in the text (no database),
service.py creates or updates the pages, views.py is the admin screen "Nhập văn bản".
"""


class ImportRefused(Exception):
    """A file that cannot be imported; the message (Vietnamese) says what is wrong or missing."""
