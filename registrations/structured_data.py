"""Registration availability in an event page's schema.org data (an ``Offer``).

Registered as the ``event_structured_data`` hook (see ``events.structured_data``):
the events app asks, it never imports this app.
"""

from django.utils import timezone

from registrations import services

SCHEMA = "https://schema.org/"
# Few places left: say so, as a ticket shop would.
LIMITED = 5


def offer_availability(state, availability):
    if state == "not_yet":
        return "PreOrder"
    if state in ("closed", "cancelled"):
        return "SoldOut" if availability and availability.full else "Discontinued"
    if state == "full" or (availability and availability.full):
        return "SoldOut"
    if availability and availability.left is not None and availability.left <= LIMITED:
        return "LimitedAvailability"
    return "InStock"


def event_offers(event, request=None):
    """``{"offers": {...}}`` for an event that takes registrations, else ``{}``."""
    from registrations.templatetags.registrations_tags import request_availability
    from registrations.views import registration_state
    from website import seo

    if request is not None:
        # The same settings and counts as the page's registration tags: no extra query.
        settings_row, availability = request_availability(request, event)
    else:
        settings_row = services.get_settings(event)
        availability = services.availability(event, settings_row) if settings_row else None
    if settings_row is None or settings_row.invitation_only or event.is_cancelled:
        return {}
    state = registration_state(event, settings_row)
    offer = {
        "@type": "Offer",
        "url": seo.page_url(event, request) + "#aanmelden",
        "price": "0",
        "priceCurrency": "EUR",
        "availability": SCHEMA + offer_availability(state, availability),
        "validThrough": timezone.localtime(settings_row.closes()).isoformat(),
    }
    if settings_row.opens_at:
        offer["validFrom"] = timezone.localtime(settings_row.opens_at).isoformat()
    if availability is not None and availability.capacity is not None:
        offer["inventoryLevel"] = {
            "@type": "QuantitativeValue",
            "value": availability.left,
            "maxValue": availability.capacity,
        }
    return {"offers": offer}
