"""Who may change whose account in the admin.

Wagtail lets anyone with the change-user permission edit every account, its groups and the
administrator flag. Editors manage the membership, so they may change ordinary members and
themselves, but not accounts that can reach the admin (administrators, editors, moderators): an
editor who could change those could take them over, e.g. by changing their e-mail address.
"""

from django.contrib.auth.models import Permission
from django.db.models import Q

from portal.models import User


def privileged_user_ids():
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    return set(
        User.objects.filter(
            Q(is_superuser=True)
            | Q(groups__permissions__in=access)
            | Q(user_permissions__in=access)
        ).values_list("pk", flat=True)
    )


def can_manage(actor, member, privileged=None):
    """privileged: privileged_user_ids(), when the caller checks many members at once."""
    if actor.is_superuser or actor.pk == member.pk:
        return True
    return member.pk not in (privileged_user_ids() if privileged is None else privileged)
