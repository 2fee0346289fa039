from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from portal.caching import versions
from resolutions.models import Comment


@receiver(post_save, sender=Comment, dispatch_uid="comments_version_saved")
@receiver(post_delete, sender=Comment, dispatch_uid="comments_version_deleted")
def comments_changed(sender, instance, **kwargs):
    """A new version of the page's comments: its shared fragments go stale
    (portal.caching.fragments)."""
    versions.bump(versions.comments(instance.page_id))
