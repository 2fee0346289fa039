"""URL converters shared by the apps."""

from django.urls.converters import IntConverter


class ObjectIdConverter(IntConverter):
    """A database id: at most 18 digits, so it always fits a 64-bit integer.

    With `<int:…>` a longer number reaches the query and SQLite fails with OverflowError (a
    500) where a plain "not found" is the answer.
    """

    regex = "[0-9]{1,18}"
