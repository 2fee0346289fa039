"""Consistent backups of the database and the uploaded files, and their restore.

- SQLite: the online backup API copies one consistent snapshot while the site keeps writing.
- PostgreSQL: pg_dump (custom format) inside an exported snapshot, so the row counts in the
  manifest describe exactly what was dumped; pg_restore --clean --if-exists in one transaction.
- Media: copied after the database, so every file the copied database names is in the copy.

A backup is a folder: the database (db.sqlite3 or db.dump), media/, and manifest.json with the
time, the engine, row counts of the key tables and the SHA-256 of every file. The manifest is
written last, so a folder without one is an unfinished backup. Restore checks every file against
the manifest before it touches anything, and the row counts after.

A backup is readable by its owner only (folders 0700, files 0600), and holds no live session:
the sessions table is copied empty (after a restore everyone logs in again).
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import time
from contextlib import closing
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

MANIFEST = "manifest.json"
FORMAT = 1
DATABASE_FILES = {"sqlite": "db.sqlite3", "postgresql": "db.dump"}
# The tables whose row counts are compared after a restore.
KEY_MODELS = [
    "portal.User",
    "wagtailcore.Page",
    "wagtailcore.Revision",
    "wagtailcore.PageLogEntry",
    "wagtailcore.ModelLogEntry",
    "resolutions.AcknowledgementRound",
    "resolutions.Acknowledgement",
    "resolutions.ReadReceipt",
    "resolutions.Comment",
    "portal.PortalImage",
    "wagtaildocs.Document",
]


# Copied without their rows: whoever reads a backup must not be able to act as a logged-in member.
LIVE_SECRETS = ["django_session"]


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message is for the operator."""


def key_tables():
    return {label: apps.get_model(label)._meta.db_table for label in KEY_MODELS}


def count_rows(cursor):
    counts = {}
    for label, table in key_tables().items():
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[label] = cursor.fetchone()[0]
    return counts


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_hashes(folder):
    return {
        path.relative_to(folder).as_posix(): sha256(path)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }


def engine():
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(_("Backups support SQLite and PostgreSQL, not %s.") % connection.vendor)
    return connection.vendor


def sqlite_path():
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError(_("An in-memory SQLite database cannot be backed up."))
    return name


# -- PostgreSQL --------------------------------------------------------------------------------


def pg_tool(name):
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _("%s was not found: install the PostgreSQL client tools (postgresql-client).") % name
        )
    return path


def pg_options():
    """Connection options and environment for pg_dump / pg_restore (password in the env)."""
    params = connection.settings_dict
    _args, env = connection.client.settings_to_cmd_args_env(params, [])
    options = []
    for flag, key in (("--username", "USER"), ("--host", "HOST"), ("--port", "PORT")):
        if params.get(key):
            options += [flag, str(params[key])]
    options += ["--dbname", params["NAME"]]
    return options, {**os.environ, **(env or {})}


def run_tool(args, env):
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(error)s")
            % {"tool": Path(args[0]).name, "error": result.stderr.strip()}
        )


def backup_postgresql(target):
    """Dump inside an exported snapshot, and count the rows in that same snapshot."""
    options, env = pg_options()
    pg_dump = pg_tool("pg_dump")
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = count_rows(cursor)
            run_tool(
                [
                    pg_dump,
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    *(f"--exclude-table-data={table}" for table in LIVE_SECRETS),
                    "--file",
                    target,
                    *options,
                ],
                env,
            )
        raw.rollback()
    finally:
        raw.close()
    return counts


def restore_postgresql(source):
    options, env = pg_options()
    connection.close()
    run_tool(
        [
            pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *options,
            source,
        ],
        env,
    )


# -- SQLite ------------------------------------------------------------------------------------


def backup_sqlite(target):
    """SQLite's online backup: one consistent snapshot, writers carry on (WAL)."""
    with (
        closing(sqlite3.connect(sqlite_path(), timeout=20)) as source,
        closing(sqlite3.connect(target)) as copy,
    ):
        source.backup(copy)
        for table in LIVE_SECRETS:
            copy.execute(f'DELETE FROM "{table}"')
        copy.commit()
        copy.execute("VACUUM")  # nothing of the deleted rows stays in the file's free pages
        if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(_("The copy of the database failed its integrity check."))
        return count_rows(copy.cursor())


def restore_sqlite(source):
    connection.close()
    with (
        closing(sqlite3.connect(source)) as backup,
        closing(sqlite3.connect(sqlite_path(), timeout=20)) as live,
    ):
        backup.backup(live)


# -- media -------------------------------------------------------------------------------------


def replace_media(source):
    """Swap MEDIA_ROOT for a copy of `source`, keeping the old files until the copy is done."""
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    stamp = int(time.time() * 1000)
    incoming = media_root.with_name(f".{media_root.name}.restoring-{stamp}")
    outgoing = media_root.with_name(f".{media_root.name}.replaced-{stamp}")
    shutil.copytree(source, incoming)
    if media_root.exists():
        media_root.rename(outgoing)
    incoming.rename(media_root)
    shutil.rmtree(outgoing, ignore_errors=True)


# -- backup and restore ------------------------------------------------------------------------


def make_backup(dest):
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(_("%s is not empty: give a new folder for the backup.") % dest)
    dest.mkdir(parents=True, exist_ok=True)
    dest.chmod(0o700)
    vendor = engine()
    started = timezone.now()
    database_file = dest / DATABASE_FILES[vendor]
    if vendor == "sqlite":
        counts = backup_sqlite(database_file)
    else:
        counts = backup_postgresql(database_file)
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir():
        shutil.copytree(media_root, dest / "media")
    else:
        (dest / "media").mkdir()
    owner_only(dest)
    manifest = {
        "format": FORMAT,
        "created_at": started.isoformat(),
        "engine": vendor,
        "database": database_file.name,
        "counts": counts,
        "files": file_hashes(dest),
    }
    partial = dest / (MANIFEST + ".partial")
    partial.write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    partial.chmod(0o600)
    partial.rename(dest / MANIFEST)
    return manifest


def owner_only(folder):
    """Folders 0700 and files 0600 (copied media keep their modes otherwise)."""
    for root, folders, files in os.walk(folder):
        for name in folders:
            os.chmod(os.path.join(root, name), 0o700)
        for name in files:
            os.chmod(os.path.join(root, name), 0o600)


def read_manifest(source):
    """The manifest of a complete, untouched backup, or BackupError saying what is wrong."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(
            _("%s is not a complete backup (no readable manifest.json).") % source
        ) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(_("This backup was made by an incompatible version of the portal."))
    actual = file_hashes(source)
    damaged = sorted(
        name
        for name in set(actual) | set(manifest["files"])
        if actual.get(name) != manifest["files"].get(name)
    )
    if damaged:
        raise BackupError(
            _("The backup is damaged: these files differ from its manifest: %s")
            % ", ".join(damaged[:10])
        )
    return manifest


def restore_backup(source):
    source = Path(source)
    manifest = read_manifest(source)
    vendor = engine()
    if manifest["engine"] != vendor:
        raise BackupError(
            _("This backup is of a %(backup)s database; this site runs on %(site)s.")
            % {"backup": manifest["engine"], "site": vendor}
        )
    database_file = str(source / manifest["database"])
    if vendor == "sqlite":
        restore_sqlite(database_file)
    else:
        restore_postgresql(database_file)
    replace_media(source / "media")
    with connection.cursor() as cursor:
        counts = count_rows(cursor)
    if counts != manifest["counts"]:
        raise BackupError(
            _("The restored database does not hold the rows of the backup: %s") % counts
        )
    return manifest
