from .forms import FormField, FormPage
from .pages import ArticleIndexPage, ArticlePage, BasePage, HomePage, StandardPage, paginate
from .settings import SiteSettings
from .taxonomy import Audience, Organisation, Region, Theme
from .users import User

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "Audience",
    "BasePage",
    "FormField",
    "FormPage",
    "HomePage",
    "Organisation",
    "Region",
    "SiteSettings",
    "StandardPage",
    "Theme",
    "User",
    "paginate",
]
