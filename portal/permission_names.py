"""Permission names in Vietnamese.

Django writes a permission's name once, in English, when it creates the row ("Can add party
cell"); data migrations wrote some from the model's code name ("Can add partycell"). Wagtail's
group screen shows these names as they are stored, so after every `migrate` the names of the
standard permissions (add, change, delete, view) are rewritten from the model's Vietnamese name,
and those a model declares (Wagtail's "Publish any page"…) from their translated name."""

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def name_permissions(app_config, using="default", **kwargs):
    """post_migrate: the standard permissions of this app's models, named in Vietnamese."""
    if not app_config.models_module:
        return
    # Django's own receiver may run after this one: create the rows first, then name them.
    create_permissions(app_config, verbosity=0, using=using)
    with translation.override(settings.LANGUAGE_CODE):
        for model in app_config.get_models():
            content_type = ContentType.objects.db_manager(using).get_for_model(
                model, for_concrete_model=False
            )
            for codename, name in names(model):
                Permission.objects.using(using).filter(
                    content_type=content_type, codename=codename
                ).exclude(name=name).update(name=str(name)[:255])


def names(model):
    """(codename, name in the active language) of the model's permissions."""
    opts = model._meta
    for action in opts.default_permissions:
        if action in ACTIONS:
            yield f"{action}_{opts.model_name}", ACTIONS[action] % {"model": opts.verbose_name}
    yield from ((codename, gettext(str(name))) for codename, name in opts.permissions)


# Declared by Wagtail without gettext: translated here.
gettext_noop("Can choose document")
gettext_noop("Can choose image")
