#!/usr/bin/env bash
# Make sure a system package the course needs is present: "venv" (Python's venv
# module, Debian package python3-venv), "chromium" (the browser test's browser),
# "compiler" (gcc and binutils' nm, which build the float-noise guard) or "npm"
# (fetches Pyodide's core for the website's live mode, once). As root it installs what is missing with apt-get; otherwise it
# stops and says what to install. It never skips silently.
set -euo pipefail
what=${1:?usage: ensure-system-deps.sh venv|chromium|compiler|npm}
python=${PYTHON:-python3}

case "$what" in
  venv)
    check() { "$python" -c "import venv, ensurepip" 2>/dev/null; }
    package="python3-venv" ;;
  chromium)
    check() { [ -x /usr/bin/chromium ]; }
    package="chromium" ;;
  compiler)
    check() { command -v cc >/dev/null && command -v nm >/dev/null; }
    package="gcc" ;;
  npm)
    check() { command -v npm >/dev/null; }
    package="npm" ;;
  *) echo "ensure-system-deps.sh: unknown dependency '$what'" >&2; exit 2 ;;
esac

check && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian package $package ..."
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$package" >/dev/null
  check && exit 0
fi
echo "Missing: $package. Install it first, for example: sudo apt-get install -y $package" >&2
exit 1
