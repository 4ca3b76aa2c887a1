"""A check of JSON-LD against a small part of schema.org's vocabulary.

Only the types and properties our pages use, copied from https://schema.org (each
type's own and inherited properties, the enumerations' members and the expected
value types). A property that schema.org does not define on a type, an unknown type,
a member outside its enumeration or a date without a time-zone offset is an error.
"""

import re

SCHEMA = "https://schema.org/"
THING = {"name", "description", "url", "image", "sameAs", "identifier"}
CREATIVE_WORK = THING | {
    "headline",
    "author",
    "publisher",
    "datePublished",
    "dateModified",
    "inLanguage",
    "mainEntityOfPage",
    "about",
    "keywords",
}
TYPES = {
    "Event": THING
    | {
        "startDate",
        "endDate",
        "eventStatus",
        "eventAttendanceMode",
        "location",
        "organizer",
        "offers",
        "inLanguage",
        "isAccessibleForFree",
        "previousStartDate",
        "performer",
        "subEvent",
    },
    "Article": CREATIVE_WORK | {"articleSection", "articleBody", "wordCount"},
    "Place": THING | {"address", "geo"},
    "VirtualLocation": THING,
    "PostalAddress": THING
    | {"streetAddress", "postalCode", "addressLocality", "addressRegion", "addressCountry"},
    "Organization": THING | {"logo", "address", "email", "telephone"},
    "Person": THING | {"email", "jobTitle", "affiliation"},
    "Offer": THING
    | {
        "price",
        "priceCurrency",
        "availability",
        "validFrom",
        "validThrough",
        "inventoryLevel",
        "availabilityStarts",
        "availabilityEnds",
    },
    "QuantitativeValue": THING | {"value", "minValue", "maxValue", "unitCode", "unitText"},
}
ENUMERATIONS = {
    "eventStatus": {
        "EventScheduled",
        "EventCancelled",
        "EventRescheduled",
        "EventPostponed",
        "EventMovedOnline",
    },
    "eventAttendanceMode": {
        "OfflineEventAttendanceMode",
        "OnlineEventAttendanceMode",
        "MixedEventAttendanceMode",
    },
    "availability": {
        "BackOrder",
        "Discontinued",
        "InStock",
        "InStoreOnly",
        "LimitedAvailability",
        "MadeToOrder",
        "OnlineOnly",
        "OutOfStock",
        "PreOrder",
        "PreSale",
        "Reserved",
        "SoldOut",
    },
}
# Which types a property's value may have (when it is an object).
RANGES = {
    "location": {"Place", "VirtualLocation", "PostalAddress"},
    "address": {"PostalAddress"},
    "organizer": {"Organization", "Person"},
    "author": {"Organization", "Person"},
    "publisher": {"Organization", "Person"},
    "offers": {"Offer"},
    "inventoryLevel": {"QuantitativeValue"},
}
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z))?$")
DATE_PROPERTIES = {
    "startDate",
    "endDate",
    "datePublished",
    "dateModified",
    "validFrom",
    "validThrough",
}


def errors(node, path="$"):
    """Every way ``node`` (a JSON-LD object, list or value) departs from the vocabulary."""
    found = []
    if isinstance(node, list):
        for index, item in enumerate(node):
            found += errors(item, f"{path}[{index}]")
        return found
    if not isinstance(node, dict):
        return found
    kind = node.get("@type")
    if kind not in TYPES:
        return [f"{path}: unknown type {kind!r}"]
    for key, value in node.items():
        if key.startswith("@"):
            continue
        where = f"{path}.{key}"
        if key not in TYPES[kind]:
            found.append(f"{where}: {kind} has no property {key!r}")
            continue
        if key in ENUMERATIONS:
            member = value.removeprefix(SCHEMA) if isinstance(value, str) else value
            if not isinstance(value, str) or not value.startswith(SCHEMA):
                found.append(f"{where}: {value!r} is not a schema.org URL")
            elif member not in ENUMERATIONS[key]:
                found.append(f"{where}: {member!r} is not a member of {key}")
        if key in DATE_PROPERTIES and not (isinstance(value, str) and DATE_TIME.match(value)):
            found.append(f"{where}: {value!r} is not an ISO 8601 date (with offset)")
        if (
            key in DATE_PROPERTIES
            and "T" in str(value)
            and not re.search(r"([+-]\d{2}:\d{2}|Z)$", value)
        ):
            found.append(f"{where}: {value!r} has no time-zone offset")
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                if key in RANGES and item.get("@type") not in RANGES[key]:
                    found.append(f"{where}: {item.get('@type')!r} is not allowed here")
                found += errors(item, where)
    return found


def json_ld(html, base_url="http://testserver/"):
    """The JSON-LD objects in ``html``, as a structured-data extractor reads them."""
    import extruct

    return extruct.extract(html, base_url=base_url, syntaxes=["json-ld"], uniform=True)["json-ld"]
