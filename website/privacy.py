"""Who holds personal data about an e-mail address, for AVG export and erasure requests.

The privacy screen lives in ``registrations`` (``services.export_person`` and
``erase_person``), but other apps hold data about people too. Lower layers never import
higher ones, so each app registers what it holds here, in its ``AppConfig.ready()``::

    privacy.register("newsletter", export=export_person, erase=erase_person,
                     describe=describe_held)

``export(email)`` returns plain, JSON-ready data, or ``None`` when nothing is held;
``erase(email, now)`` removes it; ``describe(data)`` gives one readable line per thing
held, for the admin screen.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Holder:
    key: str
    export: Callable
    erase: Callable
    describe: Callable | None = None


_holders = {}


def register(key, *, export, erase, describe=None):
    _holders[key] = Holder(key, export, erase, describe)


def holders():
    return list(_holders.values())


def export_all(email):
    """``{key: data}`` for every registered holder that holds something about ``email``."""
    held = {}
    for holder in holders():
        data = holder.export(email)
        if data:
            held[holder.key] = data
    return held


def erase_all(email, now):
    return {holder.key: holder.erase(email, now) for holder in holders()}


def describe_all(held):
    """Readable lines for what the registered holders returned in ``held``."""
    lines = []
    for holder in holders():
        data = held.get(holder.key)
        if data and holder.describe is not None:
            lines.extend(holder.describe(data))
    return lines
