from django import template

register = template.Library()


@register.filter
def squash(value):
    """One line, single spaces: allauth's title blocks come with newlines and indents."""
    return " ".join(str(value).split())
