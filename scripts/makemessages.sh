#!/usr/bin/env bash
# Refresh the zh_Hans catalogues from the code (templates, Python, widget sources) and compile them.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
IGNORE=(--ignore=.venv --ignore=node_modules --ignore=tests --ignore=bench --ignore=static_collected
        --ignore=media --ignore=var --ignore='*/static/*/widgets/*')
"$BIN/python" manage.py makemessages --locale=zh_Hans --no-obsolete --no-location "${IGNORE[@]}"
"$BIN/python" manage.py makemessages --locale=zh_Hans --no-obsolete --no-location --domain=djangojs \
    --extension=ts "${IGNORE[@]}"
"$BIN/python" scripts/compilemessages.py
