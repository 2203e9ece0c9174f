"""The catalogue cached for every visitor (common/refcache.py) starts afresh when a service, its documents, a
centre, a window or the services a centre offers change."""

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from guichet.common.refcache import CATALOGUE, refcache_changed, refcache_follow

from .models import Centre, Service, ServiceDocument, Window

refcache_follow(CATALOGUE, Service, ServiceDocument, Centre, Window)


@receiver(m2m_changed, sender=Centre.services.through)
def catalogue_changed(**kwargs) -> None:
    refcache_changed(CATALOGUE)
