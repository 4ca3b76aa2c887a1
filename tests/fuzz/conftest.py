"""The registrations' event builders, for the fuzz tests of every public form."""

from tests.registrations.conftest import (  # noqa: F401  (fixtures)
    agenda,
    estafette,
    make_event,
    school,
)
