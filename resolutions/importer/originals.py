"""The original file of an imported document, kept as its page's attachment.

Word and PDF files are kept (a plain text file's text is the page itself). The admin screen
reads the files in one request and creates the pages in another: between the two, an original
waits in the media storage, named in the review form by a signed token that only this module
can make, so that a form cannot name any other file. A review left open longer than a day
cannot create its pages any more: its files are deleted when another review starts.
"""

import uuid
from datetime import timedelta
from pathlib import Path

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

KEPT_SUFFIXES = (".docx", ".pdf")
PENDING_FOLDER = "imports/pending"
SALT = "resolutions.importer.original"
MAX_AGE = 24 * 3600  # a review left open longer must upload the file again


def is_kept(name):
    return Path(name).suffix.lower() in KEPT_SUFFIXES


def original_of(path):
    """(name, bytes) of a file to keep, or None."""
    path = Path(path)
    return (path.name, path.read_bytes()) if is_kept(path.name) else None


def stash(name, data):
    """Keep a file until its page is created: the token naming it, or "" if not kept."""
    if not is_kept(name):
        return ""
    name = Path(name).name
    stored = default_storage.save(f"{PENDING_FOLDER}/{uuid.uuid4().hex}/{name}", ContentFile(data))
    return signing.dumps([stored, name], salt=SALT)


def unstash(token):
    """(name, bytes) of a stashed file, which leaves the pending folder; None if unknown."""
    if not token:
        return None
    try:
        stored, name = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not default_storage.exists(stored):
        return None
    with default_storage.open(stored, "rb") as handle:
        data = handle.read()
    default_storage.delete(stored)
    return name, data


def forget_abandoned():
    """Delete the files of reviews older than MAX_AGE (their tokens are refused) and their
    folders, and the folders emptied by unstash() as long ago."""
    limit = timezone.now() - timedelta(seconds=MAX_AGE)
    if not default_storage.exists(PENDING_FOLDER):
        return
    for folder in default_storage.listdir(PENDING_FOLDER)[0]:
        folder = f"{PENDING_FOLDER}/{folder}"
        files = [f"{folder}/{name}" for name in default_storage.listdir(folder)[1]]
        abandoned = [path for path in files if default_storage.get_modified_time(path) < limit]
        for path in abandoned:
            default_storage.delete(path)
        if len(abandoned) == len(files) and (
            abandoned or default_storage.get_modified_time(folder) < limit
        ):
            default_storage.delete(folder)
