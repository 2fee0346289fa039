"""Authenticator secrets encrypted in the database (allauth's MFA adapter).

allauth stores each member's TOTP secret and the seed of their recovery codes as they are,
so a copy of the database (a backup) would let its reader compute everyone's codes. They are
kept encrypted with a key derived from SECRET_KEY, which no backup holds. Changing SECRET_KEY
therefore makes every authenticator unreadable: its owners set it up again.
"""

import base64
import hashlib

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet
from django.conf import settings

PREFIX = "fernet:"  # secrets stored before encryption have none and are read as they are


def _fernet():
    digest = hashlib.sha256(f"portal.mfa:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text):
        return PREFIX + _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text):
        if not encrypted_text.startswith(PREFIX):
            return encrypted_text
        return _fernet().decrypt(encrypted_text.removeprefix(PREFIX).encode()).decode()


SECRET_FIELDS = ("secret", "seed")


def encrypt_stored_secrets(authenticators):
    """Encrypt the secrets stored before this adapter (a migration runs it once)."""
    adapter = MFAAdapter()
    for authenticator in authenticators:
        data = dict(authenticator.data)
        plain = [
            name for name in SECRET_FIELDS if name in data and not data[name].startswith(PREFIX)
        ]
        for name in plain:
            data[name] = adapter.encrypt(data[name])
        if plain:
            authenticator.data = data
            authenticator.save(update_fields=["data"])
