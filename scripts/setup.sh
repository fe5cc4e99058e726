#!/usr/bin/env bash
# Builds .venv/ from the pinned requirements with a Python 3.8-3.10 it finds by itself.
# Re-running is cheap: it reinstalls only when requirements.txt changed.
#   scripts/setup.sh            the assistant's environment
#   scripts/setup.sh --browser  also Chromium, for the browser tests (Debian's package, as root)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

python_ok() {  # prints the interpreter's path when it is Python 3.8-3.10
  "$1" -c 'import sys, venv; assert (3, 8) <= sys.version_info[:2] <= (3, 10); print(sys.executable)' 2>/dev/null
}

find_python() {
  local candidate
  for candidate in ${PYTHON:-} python3.10 python3.9 python3.8 \
      "$HOME"/.pyenv/versions/3.10*/bin/python3 "$HOME"/.pyenv/versions/3.9*/bin/python3 \
      "$HOME"/.pyenv/versions/3.8*/bin/python3 /usr/bin/python3.10 /usr/local/bin/python3.10 python3; do
    if command -v "$candidate" >/dev/null 2>&1 || [ -x "$candidate" ]; then
      python_ok "$candidate" && return 0
      PYENV_VERSION="$(basename "$(dirname "$(dirname "$candidate")")")" python_ok "$candidate" && return 0
    fi
  done
  return 1
}

if [ ! -x .venv/bin/python ] || ! python_ok .venv/bin/python >/dev/null; then
  if ! python=$(find_python); then
    echo "No Python 3.8, 3.9 or 3.10 found (Rasa 3.6 needs one of them)." >&2
    echo "Install Python 3.10, e.g. 'pyenv install 3.10.13' or your system's python3.10 package," >&2
    echo "or point PYTHON at one: PYTHON=/path/to/python3.10 make run" >&2
    exit 1
  fi
  say "Creating .venv with $python"
  rm -rf .venv
  "$python" -m venv .venv
fi

stamp=.venv/.requirements.sha256
wanted=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  say "Installing the pinned requirements into .venv (first time: about 2.8 GB, several minutes)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "pip==24.0"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  echo "$wanted" > "$stamp"
fi

if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "Installing Chromium for the browser tests (Debian package)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need Chromium at /usr/bin/chromium: sudo apt-get install chromium" >&2
    exit 1
  fi
fi
