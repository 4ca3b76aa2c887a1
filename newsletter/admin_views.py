"""The editor's send screen: preview links, a test, then send now or later after a
confirmation that shows the number of recipients; progress while it goes out."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.validators import validate_email
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages

from newsletter import sending
from newsletter.models import IssueSend, NewsletterIssuePage


class TestForm(forms.Form):
    addresses = forms.CharField(
        label=gettext_lazy("Send a test to"),
        help_text=gettext_lazy("One or more e-mail addresses, separated by commas."),
        max_length=1000,
    )

    def clean_addresses(self):
        addresses = [a.strip() for a in self.cleaned_data["addresses"].split(",") if a.strip()]
        if not addresses or len(addresses) > 10:
            raise forms.ValidationError(_("Give between one and ten e-mail addresses."))
        for address in addresses:
            try:
                validate_email(address)
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("“%(address)s” is not an e-mail address.") % {"address": address}
                ) from error
        return addresses


class SendForm(forms.Form):
    WHEN = [("now", gettext_lazy("Now")), ("later", gettext_lazy("At a later moment"))]
    when = forms.ChoiceField(label=gettext_lazy("When"), choices=WHEN, widget=forms.RadioSelect)
    moment = forms.DateTimeField(
        label=gettext_lazy("Send at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("when") == "later":
            moment = data.get("moment")
            if moment is None:
                self.add_error("moment", _("Choose the moment of sending."))
            elif moment <= timezone.now():
                self.add_error("moment", _("Choose a moment in the future."))
        return data


def _issue_for(request, page_id):
    issue = get_object_or_404(NewsletterIssuePage, pk=page_id)
    if not issue.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    return issue


def send_view(request, page_id):
    issue = _issue_for(request, page_id)
    send = IssueSend.objects.filter(issue=issue).first()
    test_form = TestForm(prefix="test")
    send_form = SendForm(prefix="send", initial={"when": "now"})
    confirm = False
    if request.method == "POST" and request.POST.get("action") == "test":
        test_form = TestForm(request.POST, prefix="test")
        if test_form.is_valid():
            count = sending.send_test(issue, test_form.cleaned_data["addresses"])
            messages.success(request, _("Test sent to %(count)s address(es).") % {"count": count})
            return redirect("newsletter_admin:send", page_id=issue.pk)
    elif request.method == "POST" and request.POST.get("action") == "cancel" and send:
        if sending.cancel_scheduled(send):
            messages.success(request, _("The scheduled send has been cancelled."))
        return redirect("newsletter_admin:send", page_id=issue.pk)
    elif request.method == "POST" and request.POST.get("action") == "send":
        send_form = SendForm(request.POST, prefix="send")
        if send_form.is_valid() and not issue.live:
            messages.error(request, _("Publish the newsletter before sending it."))
        elif send_form.is_valid() and send_form.cleaned_data["confirmed"]:
            later = send_form.cleaned_data["when"] == "later"
            at = send_form.cleaned_data["moment"] if later else None
            send, created = sending.schedule_send(issue, user=request.user, at=at)
            if created:
                messages.success(request, _("The newsletter is on its way."))
            else:
                messages.warning(request, _("This newsletter was already sent or scheduled."))
            return redirect("newsletter_admin:send", page_id=issue.pk)
        elif send_form.is_valid():
            confirm = True
            send_form = SendForm({**request.POST.dict(), "send-confirmed": "True"}, prefix="send")
            send_form.is_valid()
    return TemplateResponse(
        request,
        "newsletter/admin/send.html",
        {
            "page_title": _("Send: %(title)s") % {"title": issue.title},
            "header_title": _("Send newsletter"),
            "issue": issue,
            "send": send,
            "progress": sending.progress_of(send) if send else None,
            "recipient_count": sending.recipients(issue).count(),
            "test_form": test_form,
            "send_form": send_form,
            "confirm": confirm,
            "edit_url": reverse("wagtailadmin_pages:edit", args=[issue.pk]),
            "progress_url": reverse("newsletter_admin:progress", args=[send.pk]) if send else "",
        },
    )


def progress(request, send_id):
    send = get_object_or_404(IssueSend.objects.select_related("issue"), pk=send_id)
    _issue_for(request, send.issue_id)
    response = JsonResponse(sending.progress_of(send))
    response["Cache-Control"] = "no-store"
    return response
