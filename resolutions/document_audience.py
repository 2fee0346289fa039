"""Who may read a document, as the editor chooses it: public, all members or chosen groups.

Wagtail's view restrictions stay the one source of truth: the choice is read from them and
written to them (the page's own restriction); this module only puts it in the office's words
and records every change in the audit log. A new document is for all members: making it public
is a deliberate choice, confirmed again when it is published.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import PageViewRestriction

from portal.audience import restrictions

PUBLIC, MEMBERS, GROUPS = "public", "members", "groups"
LOG_ACTION = "resolutions.audience"


def managed_groups():
    """The groups a document may be addressed to: the chi bộ, then the committees."""
    return Group.objects.filter(Q(party_cell__isnull=False) | Q(committee__isnull=False)).order_by(
        "committee__order", "party_cell__order", "name"
    )


@dataclass(frozen=True)
class Audience:
    kind: str
    groups: tuple = ()

    @classmethod
    def default(cls):
        return cls(MEMBERS)

    @classmethod
    def of(cls, page):
        """The audience in force for a saved page: its own restriction, else its nearest
        restricted ancestor's, else public. The default for a page not saved yet."""
        if not page.path:
            return cls.default()
        return cls.at_path(page.path)

    @classmethod
    def at_path(cls, path):
        """The audience of the page at this tree path (read from the cached restrictions)."""
        found = [row for row in restrictions() if path.startswith(row[0])]
        if not found:
            return cls(PUBLIC)
        _path, _children, _page_id, kind, group_ids = max(found)
        if kind == PageViewRestriction.GROUPS:
            return cls(GROUPS, tuple(Group.objects.filter(pk__in=group_ids).order_by("name")))
        return cls(MEMBERS)

    @property
    def key(self):
        return (self.kind, frozenset(group.pk for group in self.groups))

    @property
    def is_public(self):
        return self.kind == PUBLIC

    def __str__(self):
        return self.describe()

    def describe(self):
        """The audience in words, as the approval screen and the listing show it."""
        if self.kind == PUBLIC:
            return _("Public: everyone, visitors included")
        if self.kind == MEMBERS:
            return _("All members")
        return ", ".join(group.name for group in self.groups)

    def apply(self, page, user=None):
        """Make this the page's own restriction, in the audit log; nothing when unchanged."""
        if self.key == Audience.of(page).key:
            return False
        for restriction in PageViewRestriction.objects.filter(page=page):
            restriction.delete(user=user)
        if self.kind != PUBLIC:
            kind = PageViewRestriction.GROUPS if self.kind == GROUPS else PageViewRestriction.LOGIN
            restriction = PageViewRestriction(page=page, restriction_type=kind)
            restriction.save(user=user)
            if self.kind == GROUPS:
                restriction.groups.set(self.groups)
        log(instance=page, action=LOG_ACTION, user=user, data={"audience": self.describe()})
        return True
