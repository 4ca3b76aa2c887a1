"""The editorial workflow: Auteurs submit for moderation, Redactie approves and publishes."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from website.models import StandardPage

WORKFLOW = "Redactie keurt goed"


@pytest.fixture
def author(db, django_user_model):
    user = django_user_model.objects.create_user(email="auteur@example.nl", password="x")
    user.groups.add(Group.objects.get(name="Auteurs"))
    return user


@pytest.fixture
def redacteur(db, django_user_model):
    user = django_user_model.objects.create_user(email="eindredactie@example.nl", password="x")
    user.groups.add(Group.objects.get(name="Redactie"))
    return user


def page_form(title, slug, **extra):
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "intro": "Een korte inleiding.",
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    data.update(extra)
    return data


def add_standard_page(client, parent, title, slug, **extra):
    url = reverse("wagtailadmin_pages:add", args=("website", "standardpage", parent.pk))
    return client.post(url, page_form(title, slug, **extra))


def test_the_workflow_has_one_approval_task_for_redactie_and_covers_the_whole_tree(home):
    workflow = Workflow.objects.get(name=WORKFLOW)
    tasks = [workflow_task.task.specific for workflow_task in workflow.workflow_tasks.all()]

    assert workflow.active
    assert len(tasks) == 1
    assert isinstance(tasks[0], GroupApprovalTask)
    assert [group.name for group in tasks[0].groups.all()] == ["Redactie"]
    root = Page.get_first_root_node()
    assert WorkflowPage.objects.get(page=root).workflow == workflow
    assert home.get_workflow() == workflow


def test_page_permissions_walk_from_anonymous_to_author_to_redactie(home, author, redacteur):
    anonymous = home.permissions_for_user(AnonymousUser())
    as_author = home.permissions_for_user(author)
    as_editor = home.permissions_for_user(redacteur)

    assert not anonymous.can_edit()
    assert as_author.can_add_subpage() and as_author.can_edit()
    assert not as_author.can_publish()
    assert as_editor.can_edit() and as_editor.can_publish() and as_editor.can_lock()


def test_both_groups_reach_the_admin_and_only_redactie_manages_the_taxonomy(author, redacteur):
    assert author.has_perm("wagtailadmin.access_admin")
    assert redacteur.has_perm("wagtailadmin.access_admin")
    assert author.has_perm("website.view_theme")
    assert not author.has_perm("website.change_theme")
    for model in ("theme", "region", "audience", "organisation"):
        assert redacteur.has_perm(f"website.change_{model}")


def test_an_authors_page_submitted_for_moderation_is_not_published(client, home, author):
    client.force_login(author)

    response = add_standard_page(
        client, home, "Nieuwe werkwijze", "nieuwe-werkwijze", **{"action-submit": "1"}
    )

    assert response.status_code == 302
    page = StandardPage.objects.get(slug="nieuwe-werkwijze")
    assert not page.live
    assert page.first_published_at is None
    state = page.current_workflow_state
    assert state.workflow.name == WORKFLOW
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.current_workflow_task.name == "Goedkeuring door de redactie"
    client.logout()
    assert client.get("/nieuwe-werkwijze/").status_code == 404


def test_an_author_cannot_publish_by_posting_the_publish_action(client, home, author):
    client.force_login(author)

    add_standard_page(client, home, "Snel online", "snel-online", **{"action-publish": "1"})

    page = StandardPage.objects.get(slug="snel-online")
    assert not page.live
    assert page.first_published_at is None


def test_redactie_approves_and_the_page_goes_live(client, home, author, redacteur):
    client.force_login(author)
    add_standard_page(client, home, "Ter goedkeuring", "ter-goedkeuring", **{"action-submit": "1"})
    page = StandardPage.objects.get(slug="ter-goedkeuring")
    task_state = page.current_workflow_task_state
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)
    )

    # The author cannot approve their own page.
    client.post(approve_url, {})
    page.refresh_from_db()
    assert not page.live

    client.force_login(redacteur)
    client.post(approve_url, {})

    page.refresh_from_db()
    assert page.live
    assert page.current_workflow_state is None
    assert client.get("/ter-goedkeuring/").status_code == 200


def test_the_migration_is_idempotent(db):
    """Running the data migration's function again creates nothing twice."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("website.migrations.0003_editorial_workflow")
    counts = (
        Group.objects.count(),
        Workflow.objects.count(),
        GroupApprovalTask.objects.count(),
        WorkflowPage.objects.count(),
        Group.objects.get(name="Redactie").permissions.count(),
        Group.objects.get(name="Redactie").page_permissions.count(),
        Group.objects.get(name="Redactie").collection_permissions.count(),
    )

    migration.create_editorial_workflow(apps, None)

    assert counts == (
        Group.objects.count(),
        Workflow.objects.count(),
        GroupApprovalTask.objects.count(),
        WorkflowPage.objects.count(),
        Group.objects.get(name="Redactie").permissions.count(),
        Group.objects.get(name="Redactie").page_permissions.count(),
        Group.objects.get(name="Redactie").collection_permissions.count(),
    )


def test_reversing_the_migration_puts_the_root_back_on_wagtails_workflow(db):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("website.migrations.0003_editorial_workflow")
    root = Page.get_first_root_node()

    migration.remove_editorial_workflow(apps, None)

    assert WorkflowPage.objects.get(page=root).workflow.name == "Moderators approval"
    assert not Workflow.objects.get(name=WORKFLOW).active
    assert Group.objects.filter(name__in=["Auteurs", "Redactie"]).count() == 2  # members keep

    migration.create_editorial_workflow(apps, None)

    assert WorkflowPage.objects.get(page=root).workflow == Workflow.objects.get(name=WORKFLOW)
    assert Workflow.objects.get(name=WORKFLOW).active


def test_wagtails_moderation_mail_is_stored_in_the_outbox_then_delivered(
    client, home, author, redacteur, settings, django_capture_on_commit_callbacks
):
    """Wagtail's own mails take the outbox like every other mail: stored, then sent."""
    from django.core import mail as django_mail

    from website.models import OutgoingMail

    # As production configures it (the test environment makes every mailer locmem).
    settings.MAILERS = {
        "default": {"BACKEND": "website.mail.OutboxBackend"},
        "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    }
    client.force_login(author)
    with django_capture_on_commit_callbacks(execute=True):
        response = add_standard_page(
            client, home, "Ter goedkeuring", "ter-goedkeuring", **{"action-submit": "1"}
        )
    assert response.status_code == 302

    (row,) = OutgoingMail.objects.filter(to=redacteur.email)
    assert row.purpose == "django"
    assert "Ter goedkeuring" in row.subject
    assert row.status == OutgoingMail.Status.SENT
    (sent,) = [m for m in django_mail.outbox if m.to == [redacteur.email]]
    assert sent.subject == row.subject
    assert sent.extra_headers["Message-ID"] == row.message_id
