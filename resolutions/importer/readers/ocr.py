"""Scanned PDFs: each page rendered, cleaned and read by Tesseract with its Vietnamese model.

Before recognition the red ink of the stamp is turned white (it often lies over the signer's
name, and black letters under it stay black), and the page is turned straight again: a sheet
fed askew into the scanner comes out rotated by a degree or two, and Tesseract reads straight
lines far better.
"""

import os
import shutil
import subprocess

from django.utils.translation import gettext as _

from resolutions.importer import ImportRefused

DPI = 300
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
            texts.append(recognise(straighten(without_red(image))))
            page.close()
    finally:
        document.close()
    return "\n".join(texts)


def without_red(image):
    """The page in grey with the red (and pink) ink turned white."""
    from PIL import ImageChops

    red, green, blue = image.convert("RGB").split()
    redness = ImageChops.subtract(red, ImageChops.lighter(green, blue))
    mask = redness.point(lambda value: 255 if value > 60 else 0)
    grey = image.convert("L")
    grey.paste(255, mask=mask)
    return grey


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
            .getdata()
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
