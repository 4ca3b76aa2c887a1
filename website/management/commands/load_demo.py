"""Load the demo site (see website/demo/). Safe to run again: it duplicates nothing."""

import importlib
import importlib.util

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from website.demo import builder
from website.models import HomePage

# Other apps add their own demo content through a module with a load(stdout=...) function.
EXTRA_DEMOS = ("events.demo", "registrations.demo", "newsletter.demo", "communities.demo")


def find_demo_module(name):
    try:
        spec = importlib.util.find_spec(name)
    except ModuleNotFoundError:
        return None
    if spec is None:
        return None
    module = importlib.import_module(name)
    return module if callable(getattr(module, "load", None)) else None


class Command(BaseCommand):
    @property
    def help(self):
        return _(
            "Load the demo content: page tree, site settings, taxonomy, images and documents, "
            "then the demo content of the other apps. Running it again duplicates nothing."
        )

    def handle(self, *args, **options):
        existing_home = HomePage.objects.first()
        before = builder.Summary().totals(existing_home)
        try:
            summary, home = builder.build()
        except builder.DemoDataError as error:
            raise CommandError(
                _("The demo data is inconsistent: %(error)s") % {"error": error}
            ) from None

        for name in EXTRA_DEMOS:
            module = find_demo_module(name)
            if module is not None:
                module.load(stdout=self.stdout)

        home.refresh_from_db()
        builder.order_menu(home)

        totals = summary.totals(home)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo content loaded: pages %(pages)d (new %(new_pages)d), "
                    "images %(images)d (new %(new_images)d), documents %(documents)d, "
                    "themes %(themes)d, audiences %(audiences)d, regions %(regions)d, "
                    "organisations %(organisations)d."
                )
                % {
                    **totals,
                    "new_pages": totals["pages"] - before["pages"],
                    "new_images": totals["images"] - before["images"],
                }
            )
        )
