"""Before an editor unpublishes or deletes an event with registrations: ask whether the
registrants are told.

Wagtail asks "unpublish?" or "delete?" first; when the editor confirms, the hooks
``before_unpublish_page`` and ``before_delete_page`` (registered in ``wagtail_hooks``)
come here. While the event has active registrations and the editor has not chosen yet,
they answer with a second question: cancel the registrations and mail every registrant
(with the removal of their calendar entry), or leave the registrations as they are. The
choice is posted back to Wagtail's own view, with Wagtail's fields, which then carries
on. The calendar feeds keep the event's entries as cancelled either way (see
``events/models/withdrawn.py``).
"""

from django.shortcuts import redirect
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from events.models import EventPage
from registrations import services
from registrations.models import Registration

CHOICE = "aanmeldingen"
CANCEL = "annuleren"
KEEP = "behouden"


class QuestionView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "registrations/admin/withdrawal.html"
    page_title = gettext_lazy("Registrations for this meeting")
    header_icon = "warning"


def events_with_registrations(pages, below=True):
    """Titles of the events among ``pages`` (or below them) that have active registrations."""
    ids = set()
    for page in pages:
        if below:
            events = EventPage.objects.descendant_of(page, inclusive=True)
            ids.update(events.values_list("pk", flat=True))
        else:
            ids.add(page.pk)
    held = Registration.objects.filter(event_id__in=ids).active().values("event_id")
    return list(
        EventPage.objects.filter(pk__in=held).order_by("title").values_list("title", flat=True)
    )


def refuse_many(request, titles):
    """Tell the editor which events to take one by one, so each gets the question."""
    messages.error(
        request,
        gettext(
            "Nothing was changed: %(events)s still have registrations. Unpublish or delete "
            "these meetings one at a time, so you can choose whether their registrants are "
            "told."
        )
        % {"events": ", ".join(f"“{title}”" for title in titles)},
    )


def ask_in_bulk(request, action_type, objects, action):
    """Bulk unpublish or delete never takes events with registrations along unasked."""
    if action_type not in ("unpublish", "delete"):
        return None
    form = getattr(action, "cleaned_form", None)
    below = action_type == "delete" or bool(
        form is not None and form.cleaned_data.get("include_descendants")
    )
    titles = events_with_registrations(
        [page for page in objects if hasattr(page, "path")], below=below
    )
    if not titles:
        return None
    refuse_many(request, titles)
    return redirect(action.next_url)


def ask(request, page, action):
    """``None`` to let Wagtail go on, or the question as a response."""
    if request.method != "POST":
        return None
    if not isinstance(page, EventPage):
        # Deleting a section deletes the events in it: those are taken one at a time.
        titles = events_with_registrations([page]) if action == "delete" else []
        if titles:
            refuse_many(request, titles)
            return redirect("wagtailadmin_explore", page.pk)
        return None
    active = Registration.objects.filter(event_id=page.pk).active()
    count = active.count()
    if not count:
        return None
    choice = request.POST.get(CHOICE)
    if choice == CANCEL:
        cancelled = services.cancel_event(page)
        messages.success(
            request,
            ngettext(
                "%(count)s registration cancelled; the registrant gets a mail.",
                "%(count)s registrations cancelled; every registrant gets a mail.",
                cancelled,
            )
            % {"count": cancelled},
        )
        return None
    if choice == KEEP:
        return None
    view = QuestionView()
    view.setup(request)
    passed_on = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CHOICE)
        for value in values
    ]
    context = view.get_context_data(
        page=page,
        action=action,
        count=count,
        confirmed=active.filter(status=Registration.Status.CONFIRMED).count(),
        passed_on=passed_on,
        choice_name=CHOICE,
        cancel=CANCEL,
        keep=KEEP,
        error=choice is not None,
    )
    return view.render_to_response(context)
