"""Fixtures for the organisers' admin tests: users in three roles and an event with people.

Imported with ``from .admin_support import *`` by the ``test_admin_*`` modules; the
event fixtures (``estafette``, ``make_event``) come from this package's conftest.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from registrations import services
from registrations.models import RegistrationOrganiser

from .conftest import person, sessions_of

# The fixtures; test modules take them with ``from .admin_support import *``.
__all__ = ["full_estafette", "organiser", "other_editor"]

PASSWORD = "geheim-wachtwoord"  # noqa: S105


def admin_user(django_user_model, email, groups=()):
    user = django_user_model.objects.create_user(email=email, password=PASSWORD, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for name in groups:
        group = Group.objects.filter(name=name).first()
        if group is not None:
            user.groups.add(group)
    return user


@pytest.fixture
def organiser(db, django_user_model):
    """An admin user who organises the events they are assigned to (see ``assign``)."""
    return admin_user(django_user_model, "organisator@example.nl")


@pytest.fixture
def other_editor(db, django_user_model):
    """An editor who may edit pages but organises none of these events."""
    return admin_user(django_user_model, "redacteur@example.nl", groups=["Redactie", "Editors"])


def assign(event, user):
    RegistrationOrganiser.objects.create(event=event, user=user)
    return event


@pytest.fixture
def full_estafette(estafette, organiser):
    """The estafette with its first host location full (2 of 2), one person waiting,
    and one registration at the second location; ``organiser`` organises it."""
    first, second = sessions_of(estafette)
    people = [
        person(1, name="Anna de Vries", session=first, lunch=True, dietary="vegetarisch"),
        person(2, name="Bram Bakker", session=first),
        person(3, name="Chris Jansen", session=first),
        person(4, name="Dewi Pinas", session=second, organisation='=HYPERLINK("x")'),
    ]
    for registrant in people:
        services.register(estafette, registrant)
    return assign(estafette, organiser)


def event_form_data(event, *, sessions=(), settings=None, questions=(), organisers=()):
    """What the event's admin edit form posts when publishing.

    ``sessions`` are session form dicts (those with an ``id`` count as existing);
    ``settings`` is the "Aanmeldinstellingen" row (with ``id`` when it exists).
    """
    sessions = list(sessions)
    settings_rows = [settings] if settings else []
    return nested_form_data(
        {
            "title": event.title,
            "slug": event.slug,
            "kind": event.kind,
            "status": event.status,
            "status_note": "",
            "start": event.start.strftime("%Y-%m-%d %H:%M"),
            "end": event.end.strftime("%Y-%m-%d %H:%M"),
            "attendance": event.attendance,
            "intro": "",
            "body": streamfield([]),
            "downloads": streamfield([]),
            "sessions": inline_formset(
                sessions, initial=len([row for row in sessions if row.get("id")])
            ),
            "registration_settings": inline_formset(
                settings_rows, initial=len([row for row in settings_rows if row.get("id")])
            ),
            "registration_questions": inline_formset(list(questions)),
            "registration_organisers": inline_formset(
                [{"user": str(user.pk)} for user in organisers]
            ),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
