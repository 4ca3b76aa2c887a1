"""Screenshots of the site at phone and desktop width, without setting anything up.

Builds a throwaway SQLite site with the demo content in a temporary folder, serves it
with runserver on a free port, and photographs the home page, the agenda, an
inspiratie-estafette, a werksessie, a verslag and the registration form at 375 and
1280 px wide with headless Chromium (Debian's /usr/bin/chromium, or $CHROMIUM_PATH).

    scripts/uv.sh run python scripts/screenshots.py               # into screenshots/
    scripts/uv.sh run python scripts/screenshots.py --out /tmp/s  # elsewhere
    scripts/uv.sh run python scripts/screenshots.py --readme      # also docs/*.png

``--readme`` refreshes the two small first-screen pictures the README shows.
Needs the test dependency group (Playwright), which ``uv sync`` installs by default.
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
WIDTHS = {"375": (375, 812), "1280": (1280, 800)}
README_SHOTS = [("home", "1280", "docs/home-1280.png"), ("agenda", "375", "docs/agenda-375.png")]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    subprocess.run(  # noqa: S603  (our own manage.py with fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def demo_paths(env):
    """The addresses to photograph, read from the demo database."""
    code = (
        "from django.utils import timezone\n"
        "from events.models import AgendaPage, EventPage, ReportPage\n"
        "live = EventPage.objects.live().public()"
        ".filter(end__gte=timezone.now()).order_by('start')\n"
        "estafette = live.filter(kind='inspiratie-estafette').first()\n"
        "werksessie = live.filter(kind='werksessie').first()\n"
        "report = ReportPage.objects.listing().filter(kind='verslag').first()\n"
        "print('SHOT', 'home', '/')\n"
        "print('SHOT', 'agenda', AgendaPage.objects.live().first().url)\n"
        "print('SHOT', 'estafette', estafette.url)\n"
        "print('SHOT', 'werksessie', werksessie.url)\n"
        "print('SHOT', 'verslag', report.url)\n"
        "print('SHOT', 'aanmelden', f'/aanmelden/{estafette.pk}/')\n"
    )
    output = subprocess.run(  # noqa: S603  (our own manage.py with fixed arguments)
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    shots = [line.split(" ")[1:] for line in output.splitlines() if line.startswith("SHOT ")]
    return dict(shots)


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310  (our own local server)
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The site did not answer at {url}")


def chromium_path():
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
    ):
        if candidate and Path(candidate).is_file():
            return candidate
    raise SystemExit("Chromium not found: install Debian's chromium or set CHROMIUM_PATH.")


def photograph(base_url, paths, out, readme):
    from PIL import Image
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=["--no-sandbox"]
        )
        for width, (w, h) in WIDTHS.items():
            context = browser.new_context(
                base_url=base_url,
                viewport={"width": w, "height": h},
                locale="nl-NL",
                timezone_id="Europe/Amsterdam",
            )
            page = context.new_page()
            for name, path in paths.items():
                page.goto(path)
                page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=True)
                print(out / f"{name}-{width}.png")
                for shot_name, shot_width, target in README_SHOTS if readme else []:
                    if (shot_name, shot_width) == (name, width):
                        target = BASE_DIR / target
                        page.screenshot(path=str(target))
                        # A 64-colour palette keeps the README's pictures small.
                        image = Image.open(target).convert("RGB")
                        image.quantize(64, dither=Image.Dither.NONE).save(target, optimize=True)
                        print(target)
            context.close()
        browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=BASE_DIR / "screenshots")
    parser.add_argument("--readme", action="store_true", help="also refresh docs/*.png")
    args = parser.parse_args()

    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="samenspel-screens-") as var_dir:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
        }
        env.update(
            SAMENSPEL_VAR_DIR=var_dir,
            DJANGO_SETTINGS_MODULE="website.settings.dev",
            WAGTAILADMIN_BASE_URL=base_url,
        )
        manage(env, "compile_translations")
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo")
        paths = demo_paths(env)
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(base_url + "/")
            photograph(base_url, paths, args.out, args.readme)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
