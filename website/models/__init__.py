from .cache import ContentVersion
from .forms import FormField, FormPage
from .limits import SubmissionCount
from .outbox import OutgoingMail, ScheduledJob
from .pages import ArticleIndexPage, ArticlePage, BasePage, HomePage, StandardPage, paginate
from .settings import SiteSettings
from .taxonomy import Audience, Organisation, Region, Theme
from .users import User

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "Audience",
    "BasePage",
    "ContentVersion",
    "FormField",
    "FormPage",
    "HomePage",
    "OutgoingMail",
    "ScheduledJob",
    "Organisation",
    "Region",
    "SiteSettings",
    "StandardPage",
    "SubmissionCount",
    "Theme",
    "User",
    "paginate",
]
