"""Authentication backends: Django's and allauth's, reading a member's groups with the member.

Every page a member opens asks which groups they are in (who may see what: portal.audience), so
the session's user is read with the ids of their groups in the same query instead of a second
one on every request.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.db.models.expressions import RawSQL


def _group_list():
    user_model = get_user_model()
    through = user_model.groups.through._meta.db_table
    if connection.vendor == "postgresql":
        ids = "STRING_AGG(CAST(g.group_id AS TEXT), ',')"
    else:
        ids = "GROUP_CONCAT(g.group_id)"
    where = f'g.user_id = "{user_model._meta.db_table}"."id"'
    return RawSQL(f'SELECT {ids} FROM "{through}" g WHERE {where}', [])


class GroupsWithUser:
    def get_user(self, user_id):
        users = get_user_model()._default_manager.annotate(group_list=_group_list())
        user = users.filter(pk=user_id).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        # What portal.audience.group_ids would otherwise read.
        user._audience_group_ids = frozenset(
            int(pk) for pk in (user.group_list or "").split(",") if pk
        )
        return user


class MemberBackend(GroupsWithUser, ModelBackend):
    """Django's backend (passwords, permissions)."""


class MemberAuthenticationBackend(GroupsWithUser, AuthenticationBackend):
    """allauth's backend (login by username or e-mail, rate limits)."""
