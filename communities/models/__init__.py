"""Communities: accounts' profiles, groups (inspiratieregio's and theme groups) and their
members-only exchange.

Page tree::

    HomePage
    └── CommunityIndexPage ("Communities", /communities/)
        └── CommunityPage (/communities/<slug>/), with CommunityEvent rows inline

Everything members share (posts, replies, attachments, group documents) is stored
beside the page, never as a page: it must never reach a public listing, feed or search.
"""

from .exchange import Attachment, Post, PostReport, Reply
from .groups import CommunityEvent, CommunityIndexPage, CommunityPage, Invitation, Membership
from .profile import Profile

__all__ = [
    "Attachment",
    "CommunityEvent",
    "CommunityIndexPage",
    "CommunityPage",
    "Invitation",
    "Membership",
    "Post",
    "PostReport",
    "Profile",
    "Reply",
]
