"""Small builders for website pages, used by several test modules."""

from website.models import ArticleIndexPage, ArticlePage, FormField, FormPage


def add_article_index(home, **kwargs):
    kwargs.setdefault("title", "Actueel")
    kwargs.setdefault("slug", "actueel")
    return home.add_child(instance=ArticleIndexPage(**kwargs))


def add_article(index, title, themes=(), regions=(), **kwargs):
    article = index.add_child(instance=ArticlePage(title=title, **kwargs))
    if themes or regions:
        article.themes.set(themes)
        article.regions.set(regions)
        article.save_revision().publish()
    return article


def add_question_form(home, **kwargs):
    kwargs.setdefault("title", "Stel uw vraag")
    kwargs.setdefault("slug", "stel-uw-vraag")
    kwargs.setdefault("privacy_notice", "<p>We gebruiken uw gegevens alleen om te antwoorden.</p>")
    form_page = home.add_child(instance=FormPage(**kwargs))
    fields = [
        ("Naam", "singleline", True),
        ("E-mail", "email", True),
        ("Vraag", "multiline", True),
    ]
    for order, (label, field_type, required) in enumerate(fields):
        FormField.objects.create(
            page=form_page, sort_order=order, label=label, field_type=field_type, required=required
        )
    return form_page


def add_practice_form(home, index, **kwargs):
    """The "Praktijkvoorbeeld insturen" form: drafts under ``index``, a name field."""
    kwargs.setdefault("title", "Praktijkvoorbeeld insturen")
    kwargs.setdefault("slug", "praktijkvoorbeeld-insturen")
    form_page = home.add_child(instance=FormPage(draft_parent=index, **kwargs))
    fields = [
        ("Naam", "name", True),
        ("E-mailadres", "email", True),
        ("Titel", "singleline", True),
        ("Beschrijving", "multiline", True),
    ]
    for order, (label, field_type, required) in enumerate(fields):
        FormField.objects.create(
            page=form_page, sort_order=order, label=label, field_type=field_type, required=required
        )
    return form_page
