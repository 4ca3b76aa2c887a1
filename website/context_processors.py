from wagtail.models import Site

from website import memo


def site_chrome(request):
    """The header navigation: live top-level pages marked 'show in menus'."""
    site = Site.find_for_request(request)
    if site is None:
        return {"nav_pages": [], "site_root": None}
    root = site.root_page
    if memo.is_public_request(request):
        nav_pages = memo.menu_pages(site)
    else:
        nav_pages = root.get_children().live().in_menu().only("title", "url_path", "path")
    return {"site_root": root, "nav_pages": nav_pages}
