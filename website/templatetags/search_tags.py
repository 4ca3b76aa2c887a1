"""``{{ text|highlight:query }}``: the words of a search query marked in a result."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

# Dutch plural and inflection endings, so "samenwerkingsverbanden" marks
# "samenwerkingsverband" and "thuiszitter" marks "thuiszitters".
ENDINGS = ("en", "s", "e")
MIN_STEM = 4


def stems(query):
    result = set()
    for word in re.findall(r"\w+", query.lower()):
        for ending in ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
                word = word[: -len(ending)]
                break
        if len(word) >= 3:
            result.add(word)
    return sorted(result, key=len, reverse=True)


@register.filter
def highlight(text, query):
    text = escape(str(text or ""))
    words = stems(str(query or ""))
    if not words:
        return mark_safe(text)
    pattern = re.compile(r"(\w*(?:" + "|".join(map(re.escape, words)) + r")\w*)", re.IGNORECASE)
    return mark_safe(pattern.sub(r"<mark>\1</mark>", text))
