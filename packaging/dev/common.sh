# Shared by start.sh and test.sh: system packages (Debian/Ubuntu) and the project's virtualenv.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/.venv"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "caseapp: need root (or sudo) to install: $*" >&2; return 1; fi
}

# Install Debian packages that are missing; quiet when everything is there already.
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || { echo "caseapp: please install: ${missing[*]}" >&2; return 0; }
  echo "caseapp: installing system packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Libraries Qt 6 widgets need on a bare Debian/Ubuntu (xcb for a real screen, EGL/fontconfig for offscreen).
QT_RUNTIME_PACKAGES=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0
  libxcb-xinerama0 libxcb-xkb1 libnss3)

pick_python() {
  for py in python3.13 python3.12 python3.11 python3; do
    if "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
      echo "$py"; return 0
    fi
  done
  echo "caseapp: Python 3.11 or newer is required" >&2; return 1
}

make_venv() {
  local extras="$1"
  local py; py="$(pick_python)"
  if [ ! -x "$VENV/bin/python" ]; then
    "$py" -m venv "$VENV" 2>/dev/null || { apt_install python3-venv; "$py" -m venv "$VENV"; }
  fi
  "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1 || true
  "$VENV/bin/python" -m pip install -q -e "$ROOT$extras" 2>&1 | grep -v "^WARNING: Location" || true
  "$VENV/bin/python" -c "import caseapp, sqlcipher3, PySide6" # fail loudly if the install did not work
}
