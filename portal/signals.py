"""Keep each member's chi bộ group in step with their profile."""

from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from portal.caching import versions
from portal.models import PartyCell, User


def sync_party_cell_group(user):
    """Put the user in their chi bộ's group and out of every other chi bộ's group."""
    cell_groups = set(PartyCell.objects.values_list("group_id", flat=True))
    own = {user.party_cell.group_id} if user.party_cell_id else set()
    current = set(user.groups.filter(pk__in=cell_groups).values_list("pk", flat=True))
    if current - own:
        user.groups.remove(*(current - own))
    if own - current:
        user.groups.add(*own)


@receiver(post_save, sender=User)
def user_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """Not for a save that cannot move the member (every log-in saves `last_login`)."""
    if raw or (update_fields is not None and not {"party_cell", "party_cell_id"} & update_fields):
        return
    sync_party_cell_group(instance)


@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="admin_rights_groups")
@receiver(m2m_changed, sender=User.user_permissions.through, dispatch_uid="admin_rights_users")
def _admin_rights_changed(action, **kwargs):
    """Who holds admin rights (portal.security.has_admin_access) is read anew."""
    if action in ("post_add", "post_remove", "post_clear"):
        versions.bump(versions.ADMIN_RIGHTS)


@receiver(post_save, sender=User, dispatch_uid="members_saved")
@receiver(post_delete, sender=User, dispatch_uid="members_deleted")
def _members_changed(sender, raw=False, update_fields=None, **kwargs):
    """Who belongs to which audience is counted anew (the editors' tallies); not at a log-in."""
    moved = {"is_active", "is_superuser", "party_cell", "party_cell_id"}
    if raw or (update_fields is not None and not moved & set(update_fields)):
        return
    versions.bump(versions.MEMBERS)


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="members_groups")
def _member_groups_changed(action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        versions.bump(versions.MEMBERS)
