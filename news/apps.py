from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from news.models import NewsCategory
        from portal.caching import anonymous

        anonymous.shown_to_visitors(NewsCategory)
