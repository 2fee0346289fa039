"""Django's database sessions, read with a prepared query (portal.caching.prepared).

The embedded setup keeps sessions in the database and reads one on every member's request
(SESSION_ENGINE = "portal.caching.sessions"); with Redis, production reads them from the cache first
through Django's cached_db engine.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from portal.caching.prepared import Prepared

_session = Prepared(
    lambda key: Session.objects.filter(session_key=key).values_list("session_data", "expire_date")
)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        rows = _session(self.session_key) if self.session_key else ()
        for data, expire_date in rows:
            if expire_date > timezone.now():
                return self.model(
                    session_key=self.session_key, session_data=data, expire_date=expire_date
                )
        self._session_key = None
        return None
