from django.core.mail import EmailMessage
from django.tasks import task
from django.utils.translation import gettext as _
from wagtail.contrib.forms.models import FormSubmission


@task()
def send_form_submission_mail(submission_id):
    """Mail a stored form submission to the form's editors address."""
    submission = FormSubmission.objects.select_related("page").get(pk=submission_id)
    page = submission.page.specific
    data = submission.get_data()
    lines = []
    for field in page.get_form_fields():
        value = data.get(field.clean_name, "")
        if isinstance(value, list):
            value = ", ".join(value)
        lines.append(f"{field.label}: {value}")
    lines.append("")
    lines.append(_("Submitted on: %(date)s") % {"date": submission.submit_time})
    addresses = [a.strip() for a in page.to_address.split(",") if a.strip()]
    EmailMessage(
        subject=page.subject or _("New submission: %(title)s") % {"title": page.title},
        body="\n".join(lines),
        from_email=page.from_address or None,
        to=addresses,
    ).send()
