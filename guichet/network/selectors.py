"""Reads of the network: which centre handles a service for a person."""

from guichet.network.models import Centre, Service


def centre_for(*, service: Service, commune) -> Centre | None:
    """The competent centre: one offering the service in the person's commune, else province, else region,
    else anywhere in the nation; among equals the one with the lowest code (stable, predictable routing)."""
    offering = Centre.objects.filter(is_active=True, services=service).order_by("code")
    province = commune.province
    for place in ({"commune": commune}, {"province_id": province.pk}, {"region_id": province.region_id}, {}):
        centre = offering.filter(**place).first()
        if centre is not None:
            return centre
    return None
