"""allauth's account adapter: its mails go through our outbox, in Dutch."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from website.mail import NORMAL, URGENT, queue_mail, register_secret_purpose

# Mails a person waits for at the screen: the code they are about to type. Their
# delivery task jumps the queue (website.mail.URGENT); see the README's "Accounts".
CODE_MAILS = {
    "account/email/login_code",
    "account/email/email_confirmation_signup",
    "account/email/email_confirmation",
    "account/email/password_reset_code",
    # Sent instead of a code when the address has (or has no) account, so the answer
    # on the screen and the speed of the mail say nothing about whether it has one.
    "account/email/account_already_exists",
    "account/email/unknown_account",
}


# Every allauth mail holds a code or a link for one person (sign in, confirm, reset):
# site admins reading the outbox must not be able to use it.
register_secret_purpose("account.")


def mail_purpose(template_prefix):
    """``account.login_code`` from ``account/email/login_code`` (OutgoingMail.purpose)."""
    app, _, name = template_prefix.partition("/email/")
    return f"{app}.{name}"[:60]


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Render allauth's mail in Dutch and store it in the outbox; sent after commit."""
        context = {
            "email": email,
            "site_name": settings.WAGTAIL_SITE_NAME,
            "site_url": settings.WAGTAILADMIN_BASE_URL,
            "current_site": _Site(),
            **context,
        }
        context.setdefault("request", self.request)
        with translation.override(settings.LANGUAGE_CODE):
            message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        queue_mail(
            to=email,
            subject=message.subject,
            text=message.body.strip() + "\n",
            html=html,
            purpose=mail_purpose(template_prefix),
            priority=URGENT if template_prefix in CODE_MAILS else NORMAL,
        )

    def get_login_redirect_url(self, request):
        """Staff to the admin, members to their profile (an explicit ?next= wins)."""
        if request.user.has_perm("wagtailadmin.access_admin"):
            return reverse("wagtailadmin_home")
        return super().get_login_redirect_url(request)


class _Site:
    """What allauth's mail templates call ``current_site``: our name and address."""

    @property
    def name(self):
        return settings.WAGTAIL_SITE_NAME

    @property
    def domain(self):
        return settings.WAGTAILADMIN_BASE_URL.split("://", 1)[-1].rstrip("/")
