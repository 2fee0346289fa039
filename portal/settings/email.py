"""Turn EMAIL_URL into Django's e-mail settings.

console://                       print to the console (default)
locmem://                        keep in memory (tests)
smtp://user:password@host:25     plain SMTP
smtp+tls://user:password@host:587   STARTTLS
smtps://user:password@host:465   SMTP over SSL
"""

from urllib.parse import unquote, urlsplit

BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
}


def email_settings(url):
    parts = urlsplit(url)
    if parts.scheme not in BACKENDS:
        raise ValueError(f"EMAIL_URL: unknown scheme {parts.scheme!r}")
    settings = {"EMAIL_BACKEND": BACKENDS[parts.scheme]}
    if parts.scheme.startswith("smtp"):
        settings.update(
            EMAIL_HOST=parts.hostname or "localhost",
            EMAIL_PORT=parts.port or {"smtps": 465, "smtp+tls": 587}.get(parts.scheme, 25),
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_TLS=parts.scheme == "smtp+tls",
            EMAIL_USE_SSL=parts.scheme == "smtps",
            EMAIL_TIMEOUT=20,
        )
    return settings
