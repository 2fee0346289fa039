"""RSS 2.0 and Atom 1.0 feeds of the public news (/tin-tuc/rss/, /tin-tuc/atom/).

Feeds are public documents: they list what a visitor may read, whoever fetches them, so a
member's feed reader never carries internal news out of the portal.
"""

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.translation import gettext as _

from news.models import public_news
from portal.models import SiteSettings

FEED_LENGTH = 20


class NewsRssFeed(Feed):
    def get_object(self, request, index):
        self.request = request
        index.organisation_name = SiteSettings.for_request(request).organisation_name
        return index

    def title(self, index):
        return f"{index.title} – {index.organisation_name}"

    def link(self, index):
        return index.get_url(self.request)

    def feed_url(self, index):
        return self.request.path

    def description(self, index):
        return index.intro or _("News of %(organisation)s") % {
            "organisation": index.organisation_name
        }

    subtitle = description  # Atom's name for it

    def items(self, index):
        return public_news(index).prefetch_related("categories")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return timezone.localtime(item.published_on)

    def item_updateddate(self, item):
        return timezone.localtime(item.last_published_at or item.published_on)

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return [category.name for category in item.categories.all()]

    def item_enclosures(self, item):
        rendition = item.social_image()
        if rendition is None:
            return []
        url = self.request.build_absolute_uri(rendition.url)
        return [Enclosure(url, str(rendition.file.size), "image/jpeg")]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
