"""The catalogue cached for every visitor (common/refcache.py) starts afresh when a service, its documents, a
centre, a window or the services a centre offers change."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from guichet.common.refcache import refcache_changed

from .models import Centre, Service, ServiceDocument, Window

CATALOGUE = "catalogue"


@receiver(post_save, sender=Service)
@receiver(post_delete, sender=Service)
@receiver(post_save, sender=ServiceDocument)
@receiver(post_delete, sender=ServiceDocument)
@receiver(post_save, sender=Centre)
@receiver(post_delete, sender=Centre)
@receiver(post_save, sender=Window)
@receiver(post_delete, sender=Window)
@receiver(m2m_changed, sender=Centre.services.through)
def catalogue_changed(**kwargs) -> None:
    refcache_changed(CATALOGUE)
