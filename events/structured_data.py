"""schema.org Event data for an event page (JSON-LD, see ``website.seo``).

Registration details (offers: open, full, not yet open) belong to the registrations
app, which this app never imports: an app that knows more about an event registers a
Wagtail hook ``event_structured_data``, a function ``(event, request) -> dict`` whose
result is merged into the data.
"""

from django.utils import timezone
from wagtail import hooks

from events.models.calendar import AMSTERDAM, local_day
from website import seo

HOOK_NAME = "event_structured_data"
SCHEMA = "https://schema.org/"

STATUS = {
    "gepland": "EventScheduled",
    "geannuleerd": "EventCancelled",
    "verplaatst": "EventRescheduled",
}
ATTENDANCE = {
    "op-locatie": "OfflineEventAttendanceMode",
    "online": "OnlineEventAttendanceMode",
    "hybride": "MixedEventAttendanceMode",
}


def moment(value, all_day):
    """ISO 8601 in Dutch time with its offset ("2026-05-15T09:30:00+02:00"); a date all day."""
    if all_day:
        return local_day(value).isoformat()
    return timezone.localtime(value, AMSTERDAM).isoformat()


def postal_address(street, postcode, city):
    address = {"@type": "PostalAddress", "addressCountry": "NL"}
    if street:
        address["streetAddress"] = street
    if postcode:
        address["postalCode"] = postcode
    if city:
        address["addressLocality"] = city
    return address


def locations(event, url):
    """A Place per host location (or the event's venue), plus a VirtualLocation online."""
    places = []
    if event.is_on_site:
        for session in event.host_sessions:
            places.append(
                {
                    "@type": "Place",
                    "name": session.display_title,
                    "address": postal_address(
                        session.effective_street,
                        session.effective_postcode,
                        session.effective_city,
                    ),
                }
            )
        if not places and (event.venue or event.address):
            place = {
                "@type": "Place",
                "name": event.venue or event.city or event.address,
                "address": postal_address(event.street, event.postcode, event.city),
            }
            places.append(place)
    if event.is_online:
        # The meeting link goes to registrants only; the page is where to get it.
        places.append({"@type": "VirtualLocation", "url": url})
    return places


def event_data(event, request=None):
    url = seo.page_url(event, request)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": seo.description_for(event),
        "url": url,
        "image": [seo.share_image_for(event)["url"]],
        "inLanguage": "nl",
        "startDate": moment(event.start, event.all_day),
        "endDate": moment(event.end, event.all_day),
        "eventStatus": SCHEMA + STATUS.get(event.status, "EventScheduled"),
        "eventAttendanceMode": SCHEMA + ATTENDANCE.get(event.attendance, ATTENDANCE["op-locatie"]),
        "organizer": organiser(event, request),
        "isAccessibleForFree": True,
    }
    where = locations(event, url)
    if where:
        data["location"] = where[0] if len(where) == 1 else where
    for hook in hooks.get_hooks(HOOK_NAME):
        data.update(hook(event, request) or {})
    return data


def organiser(event, request=None):
    if event.organiser_id:
        organisation = event.organiser
        data = {"@type": "Organization", "name": organisation.name}
        if organisation.website:
            data["url"] = organisation.website
        return data
    return seo.organisation(request)
