from registrations import services

from .conftest import person, sessions_of


def test_register_confirms_then_waitlists(estafette, django_capture_on_commit_callbacks):
    school, _ = sessions_of(estafette)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.register(estafette, person(1, session=school, lunch=True))
        second = services.register(estafette, person(2, session=school))
        third = services.register(estafette, person(3, session=school))
    assert [first.shown, second.shown, third.shown] == ["confirmed", "confirmed", "waitlisted"]
