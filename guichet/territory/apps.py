from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "guichet.territory"
    label = "territory"

    def ready(self) -> None:
        from guichet.common.refcache import TERRITORY, refcache_follow

        from .models import Commune, Province, Region

        refcache_follow(TERRITORY, Region, Province, Commune)  # the territory kept for every visitor
