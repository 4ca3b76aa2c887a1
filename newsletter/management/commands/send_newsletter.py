from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from newsletter import sending
from newsletter.models import IssueSend, NewsletterIssuePage


class Command(BaseCommand):
    help = (
        "Queue the send of a published nieuwsbrief issue (by slug, or --latest). "
        "--now runs it to the end in this process; --test ADDRESS only sends a test. "
        "An issue that was sent before is never sent again."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", help="the issue's slug")
        parser.add_argument("--latest", action="store_true", help="the latest published issue")
        parser.add_argument("--now", action="store_true", help="send to the end, here and now")
        parser.add_argument(
            "--test", metavar="ADDRESS", action="append", default=[], help="send a test only"
        )

    def handle(self, *args, slug=None, latest=False, now=False, test=(), **options):
        issue = self.find(slug, latest)
        if test:
            for address in test:
                try:
                    validate_email(address)
                except ValidationError as error:
                    raise CommandError(f"Not an e-mail address: {address}") from error
            sending.send_test(issue, test)
            self.stdout.write(f"Test of '{issue.title}' queued for {', '.join(test)}.")
            return
        try:
            send, created = sending.schedule_send(issue)
        except sending.NotSendable as error:
            raise CommandError(str(error)) from error
        if not created:
            self.stdout.write(
                f"'{issue.title}' was already sent or queued ({send.get_status_display()}); "
                "nothing is sent again."
            )
            if not (now and send.status == IssueSend.Status.SENDING):
                return
        if now:
            send = sending.send_now(send)
            progress = sending.progress_of(send)
            self.stdout.write(
                f"'{issue.title}': {progress['sent']} sent, {progress['failed']} failed, "
                f"{progress['skipped']} skipped, {progress['queued']} waiting."
            )
        else:
            count = sending.recipients(issue).count()
            self.stdout.write(f"'{issue.title}' queued for {count} subscribers.")

    def find(self, slug, latest):
        issues = NewsletterIssuePage.objects.live()
        if latest:
            issue = issues.order_by("-first_published_at", "-pk").first()
        elif slug:
            issue = issues.filter(slug=slug).first()
        else:
            raise CommandError("Name an issue by its slug, or use --latest.")
        if issue is None:
            raise CommandError("No published issue found.")
        return issue
