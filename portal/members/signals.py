"""allauth keeps its own table of e-mail addresses and looks there first, for log-in and password
resets. When the office changes a member's address, the old one must stop working."""

from allauth.account.models import EmailAddress
from django.db.models.signals import post_save
from django.dispatch import receiver

from portal.models import User


@receiver(post_save, sender=User)
def forget_old_email_addresses(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        EmailAddress.objects.filter(user=instance).exclude(email=instance.email).delete()
