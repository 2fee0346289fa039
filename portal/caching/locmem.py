"""The embedded setup's cache: Django's local-memory cache, bounded by the bytes it holds as well
as by its entries. Each worker has its own, and with entries of tens of kilobytes (whole pages)
a bound by count alone lets a worker grow by hundreds of megabytes."""

from collections import OrderedDict

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache, _caches


class _Sized(OrderedDict):
    """Pickled values, with the sum of their lengths kept up to date by every change."""

    held = 0

    def __setitem__(self, key, value):
        self.held += len(value) - len(self.get(key, b""))
        super().__setitem__(key, value)

    def __delitem__(self, key):
        self.held -= len(self[key])
        super().__delitem__(key)

    def popitem(self, last=True):
        key, value = super().popitem(last)
        self.held -= len(value)
        return key, value

    def clear(self):
        super().clear()
        self.held = 0


class BoundedLocMemCache(LocMemCache):
    """OPTIONS["MAX_BYTES"]: the least recently used entries go once their values hold more."""

    def __init__(self, name, params):
        _caches.setdefault(name, _Sized())
        super().__init__(name, params)
        self._max_bytes = params["OPTIONS"]["MAX_BYTES"]

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        super()._set(key, value, timeout)
        while self._cache.held > self._max_bytes and len(self._cache) > 1:
            oldest, _value = self._cache.popitem()  # the most recently used come first
            del self._expire_info[oldest]
