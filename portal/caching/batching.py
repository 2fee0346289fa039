"""Invalidations asked for many times in one piece of work, done once at its end.

Importing a thousand documents publishes a thousand pages; each publication bumps the content
version, makes the cached pages stale and purges the front cache. Inside `batched()`, each of
those only notes what is to be done, and it is done once when the block ends (inside the
caller's transaction: a version bump still commits with the change, a purge still waits for the
commit). When the block ends by an exception nothing is done: the caller's transaction is then
rolled back with what it changed.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_open = ContextVar("portal_caching_batch", default=None)  # {function: set of what to do}


@contextmanager
def batched():
    pending = {}
    token = _open.set(pending)
    try:
        yield
    finally:
        _open.reset(token)
    for function, items in pending.items():
        function(items)


def later(function, *items):
    """function(items) now, or once at the end of the open batch with every item noted in it;
    `function` receives a set."""
    pending = _open.get()
    if pending is None:
        function(set(items))
    else:
        pending.setdefault(function, set()).update(items)
