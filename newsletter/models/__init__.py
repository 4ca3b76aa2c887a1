from .issues import Delivery, IssueSend, NewsletterIndexPage, NewsletterIssuePage, TrackingEvent
from .subscribers import Subscriber, SubscriberEvent

__all__ = [
    "Delivery",
    "IssueSend",
    "NewsletterIndexPage",
    "NewsletterIssuePage",
    "Subscriber",
    "SubscriberEvent",
    "TrackingEvent",
]
