"""`manage.py import_questions --format gift|moodlexml FILE --category NAME`: a file of questions
into the bank, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.quizzes import conf
from lms.quizzes.importing import FORMATS, guess_format, import_file
from lms.quizzes.services.bank import ImportRefused


class Command(BaseCommand):
    help = "Import questions from a GIFT or Moodle XML file into the question bank."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The GIFT (.gift, .txt) or Moodle XML (.xml) file.")
        parser.add_argument("--format", choices=sorted(FORMATS), default=None,
                            help="The file's format (default: by its extension).")
        parser.add_argument("--category", required=True, help=(
            "The bank category questions go to when the file names none ($CATEGORY:)."))
        parser.add_argument("--tag", action="append", default=[],
                            help="A tag for every imported question (repeatable).")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        if path.stat().st_size > conf.get("LMS_QUIZ_IMPORT_MAX_BYTES"):
            raise CommandError(_("The file is larger than %(limit)d bytes.") % {
                "limit": conf.get("LMS_QUIZ_IMPORT_MAX_BYTES")})
        fmt = options["format"] or guess_format(path.name)
        try:
            made = import_file(data=path.read_bytes(), fmt=fmt,
                               category_name=options["category"], tags=options["tag"] or None)
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(str(problem))
            raise CommandError(ngettext(
                "%(count)d question cannot be imported; nothing was imported.",
                "%(count)d questions cannot be imported; nothing was imported.",
                len(refused.problems)) % {"count": len(refused.problems)}) from refused
        self.stdout.write(ngettext("Imported %(count)d question.",
                                   "Imported %(count)d questions.", len(made)) % {
            "count": len(made)})
