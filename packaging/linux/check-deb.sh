#!/usr/bin/env bash
# Install dist/caseapp_<version>_<arch>.deb on this machine and check it as an IT officer would, then purge it:
#   caseapp-cli --version prints the pyproject version; caseapp-cli selftest passes; the GUI starts offscreen to
#   the unlock window; nothing is written under /opt/caseapp; the .desktop entry is valid; purging the package
#   removes the program but keeps the office data in ~/.local/share/caseapp.
source "$(dirname "${BASH_SOURCE[0]}")/../dev/common.sh"
cd "$ROOT"
apt_install desktop-file-utils
EXPECTED="$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml | head -n1)"
DEB="$(ls dist/caseapp_"$EXPECTED"_*.deb)"
WORK="$(mktemp -d)"
purge() { DEBIAN_FRONTEND=noninteractive as_root apt-get purge -y -qq caseapp >/dev/null 2>&1 || true; }
trap 'purge; rm -rf "$WORK"' EXIT  # a failed check does not leave the package on the machine
export HOME="$WORK/home"   # a fresh user: default data folder $HOME/.local/share/caseapp
mkdir -p "$HOME"
unset CASEAPP_DATA_DIR CASEAPP_RESOURCES CASEAPP_PASSWORD CASEAPP_USER

step() { echo "caseapp: [deb] $*"; }
fail() { echo "caseapp: [deb] FAILED: $*" >&2; exit 1; }

step "installing $DEB"
DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends --reinstall "./$DEB" >/dev/null
[ "$(command -v caseapp-cli)" = /usr/bin/caseapp-cli ] || fail "caseapp-cli is not on PATH"
[ "$(command -v caseapp)" = /usr/bin/caseapp ] || fail "caseapp is not on PATH"
snapshot() { find /opt/caseapp -printf '%p %s %T@ %m\n' | sort; }
snapshot > "$WORK/opt-before"

VERSION_OUT="$(caseapp-cli --version)"
[ "$VERSION_OUT" = "caseapp $EXPECTED" ] || fail "caseapp-cli --version printed '$VERSION_OUT', expected 'caseapp $EXPECTED'"
step "caseapp-cli --version: $VERSION_OUT"

# Temporary folder with spaces and non-ASCII letters, as under a Windows user name like "Wa Ode Ñ".
SELFTEST_TMP="$WORK/Wa Ode Nurhayati Ñ/Temp"
mkdir -p "$SELFTEST_TMP"
step "caseapp-cli selftest (TMPDIR=$SELFTEST_TMP)"
(cd "$WORK" && TMPDIR="$SELFTEST_TMP" caseapp-cli selftest) || fail "selftest"
[ -z "$(ls -A "$SELFTEST_TMP")" ] || fail "selftest left files in $SELFTEST_TMP"

step "GUI start offscreen (setup wizard on an empty data folder, unlock window on an office)"
PROBE="$(QT_QPA_PLATFORM=offscreen CASEAPP_STARTUP_PROBE=1 caseapp 2>/dev/null)"
[ "$(echo "$PROBE" | awk '{print $2}')" = SetupWizard ] || fail "GUI without an office: '$PROBE'"
CASEAPP_PASSWORD="sandi-uji-paket-rahasia" CASEAPP_KDF_CALIBRATE=0 caseapp-cli init --office-code 74.06 \
  --office-name "UPTD PPA Uji Paket" --admin admin >/dev/null
DATA="$HOME/.local/share/caseapp"
[ -f "$DATA/caseapp.keys" ] || fail "no office in the default data folder $DATA"
PROBE="$(QT_QPA_PLATFORM=offscreen CASEAPP_STARTUP_PROBE=1 caseapp 2>/dev/null)"
[ "$(echo "$PROBE" | awk '{print $2}')" = UnlockWindow ] || fail "GUI with an office: '$PROBE'"
step "GUI: $PROBE"

snapshot > "$WORK/opt-after"
diff -u "$WORK/opt-before" "$WORK/opt-after" || fail "files under /opt/caseapp changed at run time"
step "nothing written under /opt/caseapp"
desktop-file-validate /usr/share/applications/caseapp.desktop || fail ".desktop entry"

step "purging the package"
purge
[ ! -e /opt/caseapp ] && [ ! -e /usr/bin/caseapp ] && [ ! -e /usr/bin/caseapp-cli ] || fail "files left after purge"
[ -f "$DATA/caseapp.keys" ] && [ -f "$DATA/caseapp.db" ] || fail "purge removed the office data"
step "purged; office data kept in $DATA"
