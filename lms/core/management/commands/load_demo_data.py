"""`manage.py load_demo_data`: each installed app's demo.load(), in INSTALLED_APPS order."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load the demo term (idempotent: running it again changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=settings.LMS_DEMO_PASSWORD,
            help="Password of new demo accounts (default: DEMO_PASSWORD or the README's).",
        )

    def handle(self, *args, password, **options):
        loaded = []
        for app_config in apps.get_app_configs():
            if not app_config.name.startswith(("lms.", "cases", "simulations")):
                continue
            try:
                demo = import_module(f"{app_config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app_config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                demo.load(password=password, stdout=self.stdout)
            loaded.append(app_config.label)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded ({', '.join(loaded)})."))
