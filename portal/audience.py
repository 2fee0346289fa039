"""Who may see which page: Wagtail's view restrictions, applied to querysets.

Wagtail checks view restrictions only when it serves a page. Every listing, search, feed, menu
and related-documents box goes through `visible_pages` instead, so that nobody outside a page's
audience learns that it exists. What a user is denied depends only on their groups, so it is
worked out once per group set in each process, from the restrictions read once into the shared
cache, and dropped whenever a restriction changes (a version in the database, so every process
sees the change at once: portal.caching.versions).
"""

import functools
from collections import namedtuple

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import BaseViewRestriction, Page, PageViewRestriction
from wagtail.signals import post_page_move

from portal.caching import versions


def _viewer_key(user):
    if user is None or not user.is_authenticated:
        return "anon"
    if user.is_superuser:
        return "super"
    return "g" + ",".join(str(pk) for pk in sorted(group_ids(user)))


def group_ids(user):
    """The ids of the user's groups, read once per request."""
    if not hasattr(user, "_audience_group_ids"):
        user._audience_group_ids = frozenset(user.groups.values_list("pk", flat=True))
    return user._audience_group_ids


def restriction_accepts(restriction_type, restriction_group_ids, user):
    """Whether a view restriction lets this user in (the rule of BaseViewRestriction)."""
    return _acceptance(user)(restriction_type, restriction_group_ids)


def _acceptance(user):
    """restriction_accepts(…, user) as a function of (type, group ids), for many restrictions.
    Shared passwords are switched off: a leftover one is treated as closed."""
    authenticated = bool(user and user.is_authenticated)
    superuser = authenticated and user.is_superuser
    groups = group_ids(user) if authenticated else frozenset()

    def accepts(restriction_type, restriction_group_ids):
        if restriction_type == BaseViewRestriction.LOGIN:
            return authenticated
        if restriction_type == BaseViewRestriction.GROUPS:
            return superuser or not groups.isdisjoint(restriction_group_ids)
        return False

    return accepts


def _restrictions(version):
    """(path, can have children, page id, type, group ids) of every view restriction, read
    once per version for every kind of viewer (a province has thousands of restrictions and
    hundreds of chi bộ)."""
    key = f"audience:restrictions:{version}"
    rows = cache.get(key)
    if rows is None:
        rows = _read_restrictions()
        cache.set(key, rows, 60 * 60)
    return rows


def restrictions():
    """(path, can have children, page id, type, group ids) of every view restriction now."""
    return _restrictions(_version())


def _read_restrictions():
    groups = {}
    for restriction_id, group_id in PageViewRestriction.groups.through.objects.values_list(
        "pageviewrestriction_id", "group_id"
    ):
        groups.setdefault(restriction_id, []).append(group_id)
    rows = []
    for (
        restriction_id,
        page_id,
        path,
        content_type_id,
        kind,
    ) in PageViewRestriction.objects.values_list(
        "pk", "page_id", "page__path", "page__content_type_id", "restriction_type"
    ):
        has_children = _may_have_children(content_type_id)
        rows.append((path, has_children, page_id, kind, groups.get(restriction_id, [])))
    return sorted(rows)


@functools.cache
def _may_have_children(content_type_id):
    """Once a page type: a library of a thousand documents has a thousand restrictions."""
    page_class = ContentType.objects.get_for_id(content_type_id).model_class()
    return bool(page_class is None or page_class.allowed_subpage_models())


class _Prepared(namedtuple("_Prepared", "version containers leaf_class class_pages by_group")):
    """This version's restrictions arranged for quick decisions: the restricted pages that can
    have children, (path, type, group ids) in path order, and the restricted leaves by class:
    the set of (type, group ids) restrictions on a leaf is its class; `leaf_class` gives each
    leaf's (an index), `class_pages` each class's (rules, leaf ids), `by_group` the classes
    a group may open (and None those that every signed-in reader may)."""

    def openable(self, user):
        """The indexes of the classes that may let this user in: of their groups' (any for a
        superuser) and those of sign-in alone; a chi bộ's member needs no look at the others'."""
        if user is None or not user.is_authenticated:
            return ()
        if user.is_superuser:
            return range(len(self.class_pages))
        keys = [None, *group_ids(user)]
        return {index for key in keys for index in self.by_group.get(key, ())}


LOGIN = BaseViewRestriction.LOGIN
_prepared = _Prepared(None, (), {}, (), {})  # in this process
DENIED_KEPT = 1024
_denied_kept = versions.store()  # key of denied(): its result, for the kinds seen last


def _prepare(version):
    global _prepared
    if _prepared.version != version:
        containers, rules = [], {}
        for path, has_children, page_id, kind, group_ids in _restrictions(version):
            if has_children:
                containers.append((path, kind, frozenset(group_ids)))
            else:
                rules.setdefault(page_id, set()).add((kind, frozenset(group_ids)))
        classes = {}
        for page_id, page_rules in rules.items():
            classes.setdefault(frozenset(page_rules), []).append(page_id)
        class_pages = tuple(classes.items())
        leaf_class = {pk: index for index, (_rules, pks) in enumerate(class_pages) for pk in pks}
        by_group = {}
        for index, (class_rules, _pks) in enumerate(class_pages):
            named = {group for kind, groups in class_rules if kind != LOGIN for group in groups}
            for key in named or [None]:
                by_group.setdefault(key, []).append(index)
        _prepared = _Prepared(version, containers, leaf_class, class_pages, by_group)
    return _prepared


class Denied(namedtuple("Denied", "prepared accepted paths")):
    """What a kind of viewer may not see: the restricted leaves of classes not `accepted` (a
    set that holds None, the class of the unrestricted), and the subtrees at `paths`.

    Thousands of leaves are restricted to one chi bộ each, so that every member is denied
    thousands of pages: kept per kind of viewer as the classes they are let into rather than
    as the ids they are not (two hundred kinds of viewer held 43 MB a process at 10×)."""

    def leaf_ids(self):
        return [
            pk
            for index, (_rules, pks) in enumerate(self.prepared.class_pages)
            if index not in self.accepted
            for pk in pks
        ]


def denied(user):
    """The Denied of this user's kind, kept in the process for the kinds seen last (a page
    asks several times)."""
    version = _version()
    key = f"audience:denied:{version}:{_viewer_key(user)}"
    return versions.kept(_denied_kept, key, functools.partial(_denied, version, user), DENIED_KEPT)


def _denied(version, user):
    prepared = _prepare(version)
    accepts = _acceptance(user)
    paths = []
    for path, kind, group_ids in prepared.containers:
        if accepts(kind, group_ids):
            continue
        if any(path.startswith(parent) for parent in paths):
            continue  # already hidden with an ancestor
        paths.append(path)
    accepted = {None}
    for index in prepared.openable(user):
        if all(accepts(kind, group_ids) for kind, group_ids in prepared.class_pages[index][0]):
            accepted.add(index)
    return Denied(prepared, frozenset(accepted), tuple(paths))


def visibility_q(user, prefix=""):
    """A Q that keeps only pages this user may see; `prefix` for a relation ("page__")."""
    hidden = denied(user)
    q = Q()
    if leaf_ids := hidden.leaf_ids():
        q &= ~Q(**{f"{prefix}pk__in": leaf_ids})
    for path in hidden.paths:
        q &= ~Q(**{f"{prefix}path__startswith": path})
    return q


def visible_pages(queryset, user):
    """Live pages of `queryset` that this user may see."""
    return queryset.live().filter(visibility_q(user))


def can_view(page, user):
    """Whether this user may see this page: live (a draft never published is nobody's to see
    outside the admin), and let in by its own and its ancestors' restrictions."""
    return getattr(page, "live", True) and bool(viewable([page], user))


def viewable(pages, user):
    """The items of `pages` (anything with pk and path) this user may see, in order."""
    return list(iter_viewable(pages, user))


def iter_viewable(pages, user):
    """viewable(), lazily: a caller that wants only the first ones reads no further."""
    hidden = denied(user)
    leaf_class, accepted, paths = hidden.prepared.leaf_class, hidden.accepted, hidden.paths
    return (
        page
        for page in pages
        if leaf_class.get(page.pk) in accepted and not (paths and page.path.startswith(paths))
    )


def readers(page, users):
    """The active users among `users` who may read this live page now. Every e-mail that names
    a document (reminders, digests, notices of a change) names it only to them, at the time of
    sending. Their groups are read in one query."""
    users = [user for user in users if user.is_active]
    if not page.live or not users:
        return []
    read_groups(users)
    return [user for user in users if can_view(page, user)]


def read_groups(users):
    """Read the groups of all `users` in one query, for group_ids() (and so can_view)."""
    memberships = {}
    through = get_user_model().groups.through
    rows = through.objects.filter(user_id__in=[user.pk for user in users])
    for user_id, group_id in rows.values_list("user_id", "group_id"):
        memberships.setdefault(user_id, set()).add(group_id)
    for user in users:
        user._audience_group_ids = frozenset(memberships.get(user.pk, ()))


def first_viewable(pages, user):
    """The first of `pages` this user may see, or None."""
    return next(iter_viewable(pages, user), None)


def is_public(page):
    """No view restriction on the page or any ancestor."""
    return not PageViewRestriction.objects.filter(
        page__in=Page.objects.ancestor_of(page, inclusive=True)
    ).exists()


def viewer_key(user):
    """A key shared by every viewer denied the same pages, with the restrictions' version."""
    return f"{_version()}:{_viewer_key(user)}"


def _version():
    return versions.get(versions.AUDIENCE)[0]


def forget_restrictions(**kwargs):
    versions.bump(versions.AUDIENCE)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(m2m_changed, sender=PageViewRestriction.groups.through)
@receiver(post_page_move)
def _restrictions_changed(**kwargs):
    forget_restrictions()
