"""The daily digest in real worker processes: run several times, by two workers at once,
each member still gets one summary that day (the outbox key per member and day)."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from communities import services
from communities.models import Membership
from communities.tasks import send_daily_digests
from tests.communities.groups.conftest import add_member, make_person
from tests.support.worker import wait_for
from website.models import OutgoingMail

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TASK = "communities.tasks.send_daily_digests"


@pytest.fixture
def busy_group(group, django_user_model):
    """A group where three members chose "once a day" and yesterday saw messages."""
    author = make_person(django_user_model, "auteur@example.nl", "Anna Auteur")
    add_member(group, author)
    daily = []
    for number in range(3):
        user = make_person(django_user_model, f"dagelijks{number}@example.nl", f"Lid {number}")
        membership = add_member(group, user)
        Membership.objects.filter(pk=membership.pk).update(notify=Membership.Notify.DAILY)
        daily.append(user)
    with time_machine.travel(timezone.now() - timedelta(days=1)):
        for number in range(3):
            services.create_post(group, author, f"Vraag {number}", "<p>Wie weet het?</p>")
    return daily


def enqueue_digest_tasks(times):
    for _ in range(times):
        send_daily_digests.enqueue()


def run_digest_tasks(times, workers, enqueue=True):
    if enqueue:
        enqueue_digest_tasks(times)
    wait_for(
        lambda: DBTaskResult.objects.filter(task_path=TASK).successful().count() == times,
        what=f"{times} digest runs",
        workers=workers,
    )
    assert not DBTaskResult.objects.filter(task_path=TASK).failed().exists()


def digests_per_member():
    counts = {}
    for mail in OutgoingMail.objects.filter(purpose="communities.digest"):
        counts[mail.to] = counts.get(mail.to, 0) + 1
    return counts


def test_a_worker_running_the_digest_three_times_sends_one_per_member(busy_group, start_worker):
    worker = start_worker(COMMUNITIES_DIGEST_HOUR=0)
    run_digest_tasks(3, [worker])
    assert digests_per_member() == {user.email: 1 for user in busy_group}
    mail = OutgoingMail.objects.filter(purpose="communities.digest").first()
    assert "Vraag 0" in mail.body_text and "Vraag 2" in mail.body_text


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallel workers need PostgreSQL's row locks"
)
def test_two_workers_at_once_send_one_digest_per_member(busy_group, start_worker):
    # Queued before the workers start, so that both find work waiting and take it in
    # turns (a run takes a few database round trips; 40 of them outlast a start-up).
    enqueue_digest_tasks(40)
    workers = [start_worker(COMMUNITIES_DIGEST_HOUR=0), start_worker(COMMUNITIES_DIGEST_HOUR=0)]
    run_digest_tasks(40, workers, enqueue=False)
    assert digests_per_member() == {user.email: 1 for user in busy_group}
    seen = set()
    for ids in DBTaskResult.objects.filter(task_path=TASK).values_list("worker_ids", flat=True):
        seen.update(ids)
    assert len(seen) == 2, "both workers ran the digest"
