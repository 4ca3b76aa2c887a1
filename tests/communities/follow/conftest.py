"""Groups as the groups' tests build them, for following, feeds and notifications."""

from tests.communities.groups.conftest import (  # noqa: F401
    add_member,
    client_for,
    clients,
    group,
    index,
    make_group,
    other_group,
    people,
    post,
)
from tests.registrations.conftest import agenda, make_event, publish, school  # noqa: F401
