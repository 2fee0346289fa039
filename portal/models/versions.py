from django.db import models


class CacheVersion(models.Model):
    """A counter naming the current state of some shared data (see portal.caching.versions)."""

    name = models.CharField(max_length=100, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.name}={self.value}"
