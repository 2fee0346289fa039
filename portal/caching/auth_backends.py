"""Authentication backends: Django's and allauth's, reading a member's groups with the member.

Every page a member opens asks which groups they are in (who may see what: portal.audience), so
the session's user is read with the ids of their groups in the same query instead of a second
one on every request.

It is read with a prepared query (portal.caching.prepared): the ORM would spend longer writing the
SQL than the database takes to answer it, and kept in each process under the member's version
(portal.caching.versions.member), which the database itself bumps whenever their row or their
groups change, by whatever path (triggers: portal/migrations/0010): a returning member's request
reads it with the request's other versions instead of the row.
"""

import functools

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models.expressions import RawSQL

from portal.caching import versions
from portal.caching.prepared import Prepared

KEPT = 1024  # members each process keeps
_members_kept = versions.store()


def _group_list():
    user_model = get_user_model()
    through = user_model.groups.through._meta.db_table
    if connection.vendor == "postgresql":
        ids = "STRING_AGG(CAST(g.group_id AS TEXT), ',')"
    else:
        ids = "GROUP_CONCAT(g.group_id)"
    where = f'g.user_id = "{user_model._meta.db_table}"."id"'
    return RawSQL(f'SELECT {ids} FROM "{through}" g WHERE {where}', [])


@functools.cache
def _fields():
    return [field.attname for field in get_user_model()._meta.concrete_fields]


def _member_with_groups(user_id):
    users = get_user_model()._default_manager.filter(pk=user_id)
    return users.annotate(group_list=_group_list()).values_list(*_fields(), "group_list")


_read_member = Prepared(_member_with_groups)


class GroupsWithUser:
    def get_user(self, user_id):
        try:
            user_id = get_user_model()._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        version = versions.get(versions.member(user_id))[0]
        read = lambda: _read_member(user_id)  # noqa: E731
        rows = versions.kept(_members_kept, (user_id, version), read, KEPT)
        if not rows:
            return None
        *values, group_list = rows[0]
        user = get_user_model().from_db(connection.alias, _fields(), values)
        if not self.user_can_authenticate(user):
            return None
        # What portal.audience.group_ids would otherwise read.
        user._audience_group_ids = frozenset(int(pk) for pk in (group_list or "").split(",") if pk)
        return user


class MemberBackend(GroupsWithUser, ModelBackend):
    """Django's backend (passwords, permissions)."""


class MemberAuthenticationBackend(GroupsWithUser, AuthenticationBackend):
    """allauth's backend (login by username or e-mail, rate limits)."""


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, with `request.user` the user itself rather than a lazy proxy of it: every
    request reads it at once (portal.security.IdleTimeoutMiddleware), and the proxy costs on
    each of the hundred or so reads of its attributes a member's page makes."""

    def process_request(self, request):
        super().process_request(request)
        request.user = auth_middleware.get_user(request)
