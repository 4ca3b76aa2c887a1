from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from website.scheduler import SchedulerThread


class Command(DBWorkerCommand):
    help = (
        "Run the database task worker together with the scheduler for periodic jobs "
        "(outbox retries, scheduled publishing, reminders, retention). Ctrl-C stops it."
    )

    def handle(self, *args, **options):
        scheduler = SchedulerThread()
        scheduler.start()
        try:
            return super().handle(*args, **options)
        finally:
            scheduler.stopped.set()
