"""Django's Redis cache, with one client per connection pool instead of one per operation.

Django builds a new redis.Redis object for every cache operation, and redis-py fills a table
of some 170 response callbacks each time: more than the round trip itself costs on a page
served from the cache. The client is thread-safe (it takes a connection from the pool for each
command), so each process keeps one per pool.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class PortalRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClient
