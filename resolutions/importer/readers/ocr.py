"""Scanned PDFs: each page rendered, cleaned and read by Tesseract with its Vietnamese model.

Before recognition the red ink of the stamp is turned white (it often lies over the signer's
name, and black letters under it stay black), and the page is turned straight again: a sheet
fed askew into the scanner comes out rotated by a degree or two, and Tesseract reads straight
lines far better.
"""

import os
import re
import shutil
import subprocess

from django.utils.translation import gettext as _

from resolutions.importer import ImportRefused

DPI = 400  # Tesseract spaces the words of short capital lines better than at 300
MAX_SKEW = 5.0  # degrees either way
SKEW_STEP = 0.25
_TESSERACT_SECONDS_PER_PAGE = 60


def ocr_pdf(data):
    """The recognised text of every page of a scanned PDF."""
    import pypdfium2

    if shutil.which("tesseract") is None:
        raise ImportRefused(
            _("the PDF document is a scan and Tesseract (tesseract-ocr-vie) is not installed")
        )
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        raise ImportRefused(_("the PDF document is damaged")) from None
    try:
        texts = []
        for page in document:
            image = page.render(scale=DPI / 72, grayscale=False).to_pil()
            texts.append(corrected(recognise(straighten(without_red(image)))))
            page.close()
    finally:
        document.close()
    return "\n".join(texts)


def without_red(image):
    """The page in grey as the red channel sees it: red ink is as light as the paper there,
    while black letters, under the stamp too, stay black."""
    red = image.convert("RGB").getchannel("R")
    return red.point(lambda value: 255 if value > 170 else value)


def skew_angle(grey):
    """The rotation (degrees) that makes the text lines horizontal again.

    The page is tried at small angles; at the right one the rows of pixels alternate most
    sharply between ink (a line of text) and paper (the space between lines).
    """
    from PIL import Image

    small = grey.resize((grey.width // 4, grey.height // 4), Image.Resampling.BOX)
    ink = small.point(lambda value: 255 if value < 160 else 0)
    best, best_score = 0.0, -1.0
    steps = int(MAX_SKEW / SKEW_STEP)
    for step in range(-steps, steps + 1):
        angle = step * SKEW_STEP
        rows = list(
            ink.rotate(angle, resample=Image.Resampling.NEAREST)
            .resize((1, ink.height), Image.Resampling.BOX)
            .get_flattened_data()
        )
        score = sum((a - b) ** 2 for a, b in zip(rows, rows[1:], strict=False))
        if score > best_score:
            best, best_score = angle, score
    return best


def straighten(grey):
    from PIL import Image

    angle = skew_angle(grey)
    if not angle:
        return grey
    return grey.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)


def recognise(grey):
    """Tesseract's text of one page; columns keep the spaces between them."""
    import io

    png = io.BytesIO()
    grey.save(png, format="PNG")
    command = [
        "tesseract",
        "stdin",
        "stdout",
        "-l",
        "vie",
        "--psm",
        "4",
        "--dpi",
        str(DPI),
        "-c",
        "preserve_interword_spaces=1",
    ]
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        result = subprocess.run(
            command,
            input=png.getvalue(),
            capture_output=True,
            check=True,
            timeout=_TESSERACT_SECONDS_PER_PAGE,
            env=environment,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError):
        raise ImportRefused(_("the scanned PDF document could not be read")) from None
    return result.stdout.decode("utf-8", "replace")


# What Tesseract misreads in Party documents, set in Times: the hook of "Ả" in "ĐẢNG" read as a
# breve or an acute ("ĐẲNG", "ĐĂNG", "ĐÁNG"), "ỦY" without its hook, a capital vowel inside a
# word in small letters ("bỘ"), letters of other alphabets ("Höàng"), and the "*" under the
# issuing body read as another sign.
_PARTY = re.compile(
    r"\bđ[aáàảãạăắằẳẵặâấầẩẫậ]{1,2}ng(?=\s+(?:ủ|u|ú|ù|ụ|ũ)[yỷ]?\b|\s+bộ|\s+bô|\s+cộng|\s+viên)",
    re.IGNORECASE,
)
_PARTY_COMMITTEE = re.compile(r"\b(đảng\s+)(?:u|ú|ù|ụ|ũ)[yỷ]\b", re.IGNORECASE)
_COMMUNIST = re.compile(r"\b(cộng\s+)s[aáàảãạăắằẳẵặâấầẩẫậ]{1,2}(n)\b", re.IGNORECASE)
_FOREIGN = str.maketrans("öüëïäÖÜËÏÄ", "ouei aOUEIA".replace(" ", ""))
_SIGN_LINE = re.compile(r"^\s*[^\w\s]{1,3}\s*$")
_INNER_SPECK = re.compile(r"(?<=\w) [:;'`·] (?=\w)")  # a speck between two words of a name
_ROMAN_WITHOUT_POINT = re.compile(r"^(\s*(?:I{1,3}|IV|VI{0,3}|IX|X))(?= [A-ZĐÀ-Ỹ]{2})")
_LEADING_SPECKS = re.compile(r"^[._~`'‘’,:;]+(?=\w)")
_TRAILING_SIGNS = re.compile(r"\s+[^\w\s()]{1,2}$")  # specks of the stamp after a name


def _cased(original, replacement):
    if original.isupper():
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _small_letters(match):
    word = match[0]
    return word.lower() if word[0].islower() and not word[1:].islower() else word


_SMALL_MARKED = set("ạặậẹệịọộợụựỵảẳẩẻểỉỏổởủửỷãẵẫẽễĩõỗỡũữỹ")


def _cased_words(line):
    """A short word in the wrong case for its column: "VỊ Thanh" among small letters (a dotted
    small vowel read as a capital), "BINH VÀ Xã HỘI" among capitals (a capital read small)."""
    return "   ".join(_cased_cell(cell) for cell in re.split(r"\s{3,}", line))


def _cased_cell(cell):
    upper = sum(char.isupper() for char in cell)
    lower = sum(char.islower() for char in cell)

    def small(match):
        word = match[0]
        return word[0] + word[1].lower() if word[1].lower() in _SMALL_MARKED else word

    if lower > upper:
        return re.sub(r"\b[A-ZĐ][^\W\d_]\b(?= [A-ZĐ][a-zà-ỹđ])", small, cell)
    if upper >= 4 * lower:
        return re.sub(r"\b[A-ZĐ][^\W\d_]\b", lambda match: match[0].upper(), cell)
    return cell


def corrected(text):
    """Tesseract's text with the misreadings above put right."""
    lines = [
        "*" if _SIGN_LINE.match(line) else _TRAILING_SIGNS.sub("", _LEADING_SPECKS.sub("", line))
        for line in text.split("\n")
    ]
    lines = [_cased_words(line) for line in lines]
    lines = [_ROMAN_WITHOUT_POINT.sub(r"\1.", line) if line.isupper() else line for line in lines]
    text = "\n".join(lines).translate(_FOREIGN)
    text = _PARTY.sub(lambda m: _cased(m[0], "đảng"), text)
    text = _PARTY_COMMITTEE.sub(lambda m: m[1] + _cased(m[0][len(m[1]) :], "ủy"), text)
    text = _COMMUNIST.sub(lambda m: m[1] + _cased(m[0][len(m[1]) :], "sản"), text)
    text = re.sub(r"(?<=\s)_+(?=\s|$)", "", text)
    text = _INNER_SPECK.sub(" ", text)
    return re.sub(r"\w+", _small_letters, text)
