"""Groups: an index page, two groups, and one person per role (see ``people``)."""

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile

from communities import services
from communities.models import CommunityIndexPage, CommunityPage, Membership, Profile
from tests.communities.conftest import CommittingClient, last_mail, visible_text  # noqa: F401
from tests.registrations.conftest import agenda, make_event, publish, school  # noqa: F401

ROLES = ("anonymous", "outsider", "member", "other_trekker", "trekker", "admin")


@pytest.fixture(autouse=True)
def files_on_disk(settings, tmp_path):
    """Files on a real disk as in production: Wagtail serves documents from a path."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    settings.MEDIA_ROOT = str(tmp_path / "media")


def make_person(django_user_model, email, name, superuser=False, **profile):
    if superuser:
        user = django_user_model.objects.create_superuser(email=email, password="geheim-wachtwoord")
    else:
        user = django_user_model.objects.create_user(email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    Profile.objects.create(user=user, name=name, **profile)
    return user


@pytest.fixture
def index(home):
    page = CommunityIndexPage(title="Communities", slug="communities")
    home.add_child(instance=page)
    return publish(page)


@pytest.fixture
def make_group(index):
    def make(title="Inspiratieregio Flevoland", policy=CommunityPage.Policy.APPROVAL, **fields):
        page = CommunityPage(
            title=title,
            kind=fields.pop("kind", CommunityPage.Kind.INSPIRATIEREGIO),
            policy=policy,
            intro=fields.pop("intro", "Scholen en gemeenten in de regio leren van elkaar."),
            **fields,
        )
        index.add_child(instance=page)
        return publish(page)

    return make


def add_member(group, user, role=Membership.Role.MEMBER, listed=True):
    membership = Membership.objects.create(
        community=group, user=user, role=role, listed=listed, status=Membership.Status.PENDING
    )
    services.approve(membership, user)
    membership.refresh_from_db()
    return membership


@pytest.fixture
def group(make_group):
    return make_group()


@pytest.fixture
def other_group(make_group):
    return make_group(title="Themagroep OZA", kind=CommunityPage.Kind.THEMA)


@pytest.fixture
def people(db, django_user_model, group, other_group):
    """One person per role towards ``group``; the outsider is signed in but not a member."""
    make = lambda email, name, **kw: make_person(django_user_model, email, name, **kw)  # noqa: E731
    people = {
        "anonymous": None,
        "outsider": make("buiten@example.nl", "Olga Buiten", organisation="Gemeente Almere"),
        "member": make(
            "lid@example.nl", "Mirjam Lid", organisation="SWV Flevoland", job_title="Beleid"
        ),
        "other_trekker": make("trekker.oza@example.nl", "Otto Trekker"),
        "trekker": make("trekker@example.nl", "Tineke Trekker", organisation="Gemeente Lelystad"),
        "admin": make("beheer@example.nl", "Beheerder", superuser=True),
    }
    add_member(group, people["member"])
    add_member(group, people["trekker"], role=Membership.Role.TREKKER)
    add_member(other_group, people["other_trekker"], role=Membership.Role.TREKKER)
    return people


def client_for(user):
    client = CommittingClient()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def clients(people):
    return {role: client_for(user) for role, user in people.items()}


def upload(name="verslag.pdf", content=b"%PDF-1.4 besloten verslag"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def post(group, people):
    return services.create_post(
        group,
        people["member"],
        "Thuiszitters in Almere",
        "<p>Wie heeft ervaring met een <strong>doorbraakoverleg</strong>?</p>",
        [upload()],
    )


def sub(group, name, *args):
    return group.url + group.reverse_subpage(name, args=args)
