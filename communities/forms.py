from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from communities.models import Membership

MAX_UPLOAD_BYTES = getattr(settings, "COMMUNITIES_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)


def allowed_extensions():
    return [extension.lower() for extension in settings.WAGTAILDOCS_EXTENSIONS]


def check_upload(upload):
    extension = upload.name.rpartition(".")[2].lower()
    if extension not in allowed_extensions():
        raise forms.ValidationError(
            _("Files of this kind cannot be added. Allowed: %(kinds)s.")
            % {"kinds": ", ".join(allowed_extensions())}
        )
    if upload.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(
            _("This file is too large (at most %(size)s MB).")
            % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    return upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [check_upload(super(MultipleFileField, self).clean(item, initial)) for item in items]


class JoinForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["message", "listed", "notify"]
        labels = {"message": _("Message to the trekkers (optional)")}
        widgets = {
            "message": forms.Textarea(attrs={"rows": 3}),
            "notify": forms.RadioSelect,
        }


class OpenJoinForm(JoinForm):
    class Meta(JoinForm.Meta):
        fields = ["listed", "notify"]


class MembershipSettingsForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["listed", "notify"]
        widgets = {"notify": forms.RadioSelect}


class PostForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Plain text, or simple HTML: bold, italic, lists, quotes and links. "
            "Anything else is removed."
        ),
    )
    files = MultipleFileField(label=_("Attachments (optional)"), required=False)

    def clean_body(self):
        from communities.models.exchange import clean_html

        body = self.cleaned_data["body"]
        if "<" not in body:
            # Plain text: keep the member's paragraphs and line breaks.
            from django.utils.html import linebreaks

            body = linebreaks(body)
        if not clean_html(body):
            raise forms.ValidationError(_("Write a message."))
        return body


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 4}))

    clean_body = PostForm.clean_body


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Why should the trekkers look at this?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class ContactForm(forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_(
            "Sent by e-mail through the site. The recipient sees your name and can reply to "
            "your e-mail address; you do not see theirs."
        ),
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    file = forms.FileField(label=_("File"))

    def clean_file(self):
        return check_upload(self.cleaned_data["file"])


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
