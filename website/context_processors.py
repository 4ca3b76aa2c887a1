from wagtail.models import Site


def site_chrome(request):
    """The header navigation: live top-level pages marked 'show in menus'."""
    site = Site.find_for_request(request)
    if site is None:
        return {"nav_pages": [], "site_root": None}
    root = site.root_page
    return {
        "site_root": root,
        "nav_pages": root.get_children().live().in_menu().only("title", "url_path", "path"),
    }
