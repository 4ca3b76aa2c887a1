"""Read iCalendar files with ical.js, the parser of Thunderbird's and Nextcloud's calendars.

ical.js runs in node from ``tests/support/icaljs/`` (``npm ci --prefix tests/support/icaljs``;
``make test`` and ``bash .ci/run`` install it). Without node the tests that need it are
skipped, saying so; with node but without ical.js they fail, so a missing install is seen.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "icaljs"


def read(texts):
    """Per iCalendar text, its VEVENTs as ical.js reads them.

    Each a dict with ``uid``, ``status``, ``all_day`` and ``start`` / ``end``: UTC
    moments as ISO 8601 (``2030-04-30T09:00:00.000Z``), or dates (``2030-04-30``).
    """
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: ical.js (Thunderbird's parser) cannot read the files")
    if not (HERE / "node_modules" / "ical.js").is_dir():
        pytest.fail("ical.js is missing: run `npm ci --prefix tests/support/icaljs`")
    texts = [text.decode() if isinstance(text, bytes) else text for text in texts]
    done = subprocess.run(  # noqa: S603 - our own script on our own files
        [node, str(HERE / "read.mjs")],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        cwd=HERE,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
