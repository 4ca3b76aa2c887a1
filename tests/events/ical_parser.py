"""A small, strict RFC 5545 reader for the tests, independent of ``icalendar``.

It checks what calendar clients trip over (CRLF line ends, lines of at most 75
octets, folding, matching BEGIN/END) and reads times through the file's own
VTIMEZONE definition, not through the system's time zone database: so a wrong
VTIMEZONE shows up as wrong times.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone

from dateutil.rrule import rrulestr

MAX_OCTETS = 75


@dataclass
class Property:
    name: str
    params: dict
    value: str


@dataclass
class Component:
    name: str
    properties: list = field(default_factory=list)
    components: list = field(default_factory=list)

    def all(self, name):
        return [prop for prop in self.properties if prop.name == name]

    def get(self, name):
        found = self.all(name)
        assert len(found) <= 1, f"{name} occurs {len(found)} times in {self.name}"
        return found[0] if found else None

    def value(self, name):
        prop = self.get(name)
        return prop.value if prop else None

    def children(self, name):
        return [component for component in self.components if component.name == name]


def unfold(data: bytes):
    assert data.endswith(b"\r\n"), "the file must end with CRLF"
    physical = data[:-2].split(b"\r\n")
    logical = []
    for raw in physical:
        assert b"\n" not in raw and b"\r" not in raw, f"bare line break in {raw!r}"
        assert len(raw) <= MAX_OCTETS, f"line longer than {MAX_OCTETS} octets: {raw!r}"
        if raw[:1] in (b" ", b"\t"):
            assert logical, "a continuation line cannot come first"
            logical[-1] += raw[1:]
        else:
            logical.append(raw)
    return [line.decode("utf-8") for line in logical]


def split_line(line):
    """``NAME;PARAM=a;PARAM2="b:c":value`` into its parts (quotes respected)."""
    in_quotes = False
    for index, char in enumerate(line):
        if char == '"':
            in_quotes = not in_quotes
        elif char == ":" and not in_quotes:
            head, value = line[:index], line[index + 1 :]
            break
    else:
        raise AssertionError(f"no value in {line!r}")
    parts = re.findall(r'(?:[^;"]|"[^"]*")+', head)
    name = parts[0].upper()
    assert re.fullmatch(r"[A-Z0-9-]+", name), f"bad property name {name!r}"
    params = {}
    for part in parts[1:]:
        key, _, param_value = part.partition("=")
        params[key.upper()] = param_value.strip('"')
    return name, params, value


def parse(data: bytes) -> Component:
    stack = []
    root = None
    for line in unfold(data):
        name, params, value = split_line(line)
        if name == "BEGIN":
            component = Component(value.upper())
            if stack:
                stack[-1].components.append(component)
            else:
                assert root is None, "more than one top-level component"
                root = component
            stack.append(component)
        elif name == "END":
            assert stack and stack[-1].name == value.upper(), f"END:{value} does not match"
            stack.pop()
        else:
            assert stack, f"property {name} outside a component"
            stack[-1].properties.append(Property(name, params, value))
    assert not stack, "unclosed component"
    assert root is not None and root.name == "VCALENDAR"
    return root


def text(value):
    """Unescape a TEXT value."""
    out = []
    chars = iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def split_list(value):
    """A comma-separated TEXT list (CATEGORIES) into unescaped items."""
    return [text(item) for item in re.split(r"(?<!\\),", value)]


def _naive(value):
    return datetime.strptime(value, "%Y%m%dT%H%M%S")


def _offset(value):
    sign = -1 if value[0] == "-" else 1
    return sign * timedelta(hours=int(value[1:3]), minutes=int(value[3:5]))


def utc_offset(vtimezone, local):
    """The UTC offset at naive ``local`` time, from STANDARD/DAYLIGHT onsets (DTSTART, RDATE,
    RRULE expanded by dateutil up to ``local``)."""
    onsets = []
    for part in vtimezone.components:
        assert part.name in ("STANDARD", "DAYLIGHT")
        offset = _offset(part.value("TZOFFSETTO"))
        first = _naive(part.value("DTSTART"))
        onsets.append((first, offset))
        for rdate in part.all("RDATE"):
            onsets += [(_naive(item), offset) for item in rdate.value.split(",")]
        if part.get("RRULE") is not None:
            rule = rrulestr(part.value("RRULE"), dtstart=first)
            onsets += [(onset, offset) for onset in rule.between(first, local, inc=True)]
    earlier = [onset for onset in onsets if onset[0] <= local]
    assert earlier, f"the VTIMEZONE does not cover {local}"
    return max(earlier)[1]


def moment(prop, calendar):
    """A DATE or DATE-TIME property as ``date`` or aware UTC ``datetime``."""
    if prop.params.get("VALUE") == "DATE":
        return date(int(prop.value[:4]), int(prop.value[4:6]), int(prop.value[6:8]))
    if prop.value.endswith("Z"):
        return _naive(prop.value[:-1]).replace(tzinfo=UTC)
    tzid = prop.params.get("TZID")
    assert tzid, f"{prop.name} is floating: no TZID and no Z"
    [vtimezone] = [tz for tz in calendar.children("VTIMEZONE") if tz.value("TZID") == tzid]
    local = _naive(prop.value)
    offset = utc_offset(vtimezone, local)
    return local.replace(tzinfo=timezone(offset)).astimezone(UTC)
