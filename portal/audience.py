"""Who may see which page: Wagtail's view restrictions, applied to querysets.

Wagtail checks view restrictions only when it serves a page. Every listing, search, feed, menu
and related-documents box goes through `visible_pages` instead, so that nobody outside a page's
audience learns that it exists. The denied set depends only on the user's groups, so it is
cached per group set and dropped whenever a restriction changes.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import BaseViewRestriction, Page, PageViewRestriction
from wagtail.signals import post_page_move

VERSION_KEY = "audience:version"


def _viewer_key(user):
    if user is None or not user.is_authenticated:
        return "anon"
    if user.is_superuser:
        return "super"
    return "g" + ",".join(str(pk) for pk in sorted(_group_ids(user)))


def _group_ids(user):
    if not hasattr(user, "_audience_group_ids"):
        user._audience_group_ids = frozenset(user.groups.values_list("pk", flat=True))
    return user._audience_group_ids


def restriction_accepts(restriction_type, restriction_group_ids, user):
    """Whether a view restriction lets this user in (the rule of BaseViewRestriction)."""
    if restriction_type == BaseViewRestriction.LOGIN:
        return bool(user and user.is_authenticated)
    if restriction_type == BaseViewRestriction.GROUPS:
        if not (user and user.is_authenticated):
            return False
        return user.is_superuser or bool(_group_ids(user) & set(restriction_group_ids))
    return False  # shared passwords are switched off; treat any leftover one as closed


def _restrictions():
    """(path, can have children, page id, type, group ids) of every view restriction."""
    rows = []
    for restriction in PageViewRestriction.objects.select_related("page").prefetch_related(
        "groups"
    ):
        page_class = ContentType.objects.get_for_id(restriction.page.content_type_id).model_class()
        rows.append(
            (
                restriction.page.path,
                bool(page_class is None or page_class.allowed_subpage_models()),
                restriction.page_id,
                restriction.restriction_type,
                [group.pk for group in restriction.groups.all()],
            )
        )
    return rows


def denied(user):
    """(page ids, subtree paths) hidden from this user; cached per kind of viewer."""
    version = cache.get_or_set(VERSION_KEY, 1, None)
    key = f"audience:denied:{version}:{_viewer_key(user)}"
    result = cache.get(key)
    if result is None:
        leaf_ids, paths = set(), []
        for path, has_children, page_id, kind, group_ids in sorted(_restrictions()):
            if restriction_accepts(kind, group_ids, user):
                continue
            if any(path.startswith(parent) for parent in paths):
                continue  # already hidden with an ancestor
            if has_children:
                paths.append(path)
            else:
                leaf_ids.add(page_id)
        result = (frozenset(leaf_ids), tuple(paths))
        cache.set(key, result, 60 * 60)
    return result


def visibility_q(user, prefix=""):
    """A Q that keeps only pages this user may see; `prefix` for a relation ("page__")."""
    leaf_ids, paths = denied(user)
    q = Q()
    if leaf_ids:
        q &= ~Q(**{f"{prefix}pk__in": leaf_ids})
    for path in paths:
        q &= ~Q(**{f"{prefix}path__startswith": path})
    return q


def visible_pages(queryset, user):
    """Live pages of `queryset` that this user may see."""
    return queryset.live().filter(visibility_q(user))


def can_view(page, user):
    """Whether this user may see this page (its own and its ancestors' restrictions)."""
    leaf_ids, paths = denied(user)
    return page.pk not in leaf_ids and not any(page.path.startswith(p) for p in paths)


def is_public(page):
    """No view restriction on the page or any ancestor."""
    return not PageViewRestriction.objects.filter(
        page__in=Page.objects.ancestor_of(page, inclusive=True)
    ).exists()


def forget_restrictions(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(m2m_changed, sender=PageViewRestriction.groups.through)
@receiver(post_page_move)
def _restrictions_changed(**kwargs):
    forget_restrictions()
