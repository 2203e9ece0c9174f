"""Django's database sessions (SESSION_ENGINE), the one read every signed-in request makes written in SQL once
(common/kept_reads.py): the session by its key, if it has not expired."""

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from guichet.common.kept_reads import KeptRead

_SESSION = KeptRead(Session, ("session_key", "="), ("expire_date", ">"))


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        found = _SESSION.first(self.session_key, timezone.now())
        if found is None:
            self._session_key = None  # as Django's: an unknown or expired key starts a new session
        return found
