"""Plain text files: UTF-8 (with or without BOM) or UTF-16."""

import codecs
import re

from django.utils.translation import gettext as _

from resolutions.importer import ImportRefused

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode_text(data):
    """Unicode text from UTF-8 (with or without BOM) or UTF-16 (with a BOM, or without one
    when every other byte is zero); anything else is refused."""
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif len(data) >= 4 and data[1::2].count(0) > len(data) * 0.3:
        encoding = "utf-16-le"
    elif len(data) >= 4 and data[0::2].count(0) > len(data) * 0.3:
        encoding = "utf-16-be"
    else:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise ImportRefused(
            _("the file is not text in UTF-8 or UTF-16; save it again as Unicode text")
        ) from None
    if len(_CONTROL.findall(text)) > max(3, len(text) // 1000):
        raise ImportRefused(_("the file is not a text document"))
    return _CONTROL.sub("", text)
