"""Compile every zh_Hans .po catalogue to .mo with polib (no GNU gettext needed)."""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "node_modules"}


def catalogues():
    for po in sorted(ROOT.rglob("locale/*/LC_MESSAGES/*.po")):
        if not SKIP.intersection(po.relative_to(ROOT).parts):
            yield po


def main():
    for po in catalogues():
        polib.pofile(str(po)).save_as_mofile(str(po.with_suffix(".mo")))
        print(f"compiled {po.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
