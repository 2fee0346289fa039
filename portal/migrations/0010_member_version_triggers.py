"""The database bumps a member's version (portal.caching.versions.member) whenever their row or
their groups change, by whatever path: each worker keeps the accounts of the members it serves
(portal.caching.auth_backends), and a deactivation or a new password written by a bulk update,
a data migration or a shell must end their sessions as surely as one saved through the ORM."""

from django.db import migrations

POSTGRESQL = [
    (
        """
        CREATE FUNCTION portal_member_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO portal_cacheversion (name, value)
            VALUES (
                'member:' || (to_jsonb(CASE WHEN TG_OP = 'INSERT' THEN NEW ELSE OLD END)
                              ->> TG_ARGV[0]),
                floor(random() * 4611686018427387904)::bigint
            )
            ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value;
            RETURN NULL;
        END
        $$
        """,
        "DROP FUNCTION portal_member_changed()",
    ),
    (
        "CREATE TRIGGER portal_user_changed AFTER UPDATE OR DELETE ON portal_user"
        " FOR EACH ROW EXECUTE FUNCTION portal_member_changed('id')",
        "DROP TRIGGER portal_user_changed ON portal_user",
    ),
    (
        "CREATE TRIGGER portal_user_groups_changed AFTER INSERT OR DELETE ON portal_user_groups"
        " FOR EACH ROW EXECUTE FUNCTION portal_member_changed('user_id')",
        "DROP TRIGGER portal_user_groups_changed ON portal_user_groups",
    ),
]


def _sqlite_trigger(name, event, table, member):
    return (
        f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW BEGIN"
        " INSERT OR REPLACE INTO portal_cacheversion (name, value)"
        f" VALUES ('member:' || {member}, random()); END",
        f"DROP TRIGGER {name}",
    )


SQLITE = [
    _sqlite_trigger("portal_user_updated", "UPDATE", "portal_user", "OLD.id"),
    _sqlite_trigger("portal_user_deleted", "DELETE", "portal_user", "OLD.id"),
    _sqlite_trigger("portal_user_groups_added", "INSERT", "portal_user_groups", "NEW.user_id"),
    _sqlite_trigger("portal_user_groups_removed", "DELETE", "portal_user_groups", "OLD.user_id"),
]
STATEMENTS = {"postgresql": POSTGRESQL, "sqlite": SQLITE}


def create(apps, schema_editor):
    for forwards, _backwards in STATEMENTS.get(schema_editor.connection.vendor, []):
        schema_editor.execute(forwards)


def drop(apps, schema_editor):
    for _forwards, backwards in reversed(STATEMENTS.get(schema_editor.connection.vendor, [])):
        schema_editor.execute(backwards)


class Migration(migrations.Migration):
    dependencies = [("portal", "0009_root_collection_name")]

    operations = [migrations.RunPython(create, drop)]
