from django.template.loader import render_to_string
from django.urls import reverse
from wagtail import hooks

from communities import following


@hooks.register("register_personal_section")
def for_you(request, place):
    """ "Voor u": the next events matching what the signed-in person follows.

    Shown first on the home page and the agenda (``{% personal_sections %}``); with
    nothing followed yet, an invitation to choose.
    """
    profile = following.Profile.objects.filter(user=request.user).first()
    follows = profile is not None and any(following.followed(profile))
    events = following.for_you_events(request.user) if follows else []
    context = {
        "events": events,
        "follows": follows,
        "place": place,
        "follow_url": reverse("follow:page"),
    }
    return render_to_string("components/for_you.html", context, request=request)


for_you.order = 10
