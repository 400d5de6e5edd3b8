#!/usr/bin/env bash
# Package the one-folder build (dist/caseapp, from build.sh) as dist/caseapp_<version>_<arch>.deb:
#   /opt/caseapp/                      the frozen program (read-only; nothing is written here at run time)
#   /usr/bin/caseapp, caseapp-cli      symlinks into /opt/caseapp
#   /usr/share/applications/caseapp.desktop, /usr/share/icons/hicolor/{48x48,256x256}/apps/caseapp.png
# xz level 3: 58 MB in ~100 s here, against 54 MB in ~170 s at the default level 6 (2 shared cores).
# Office data stay in each user's ~/.local/share/caseapp: removing or purging the package never touches them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
[ -x dist/caseapp/caseapp-cli ] || { echo "caseapp: dist/caseapp missing, run packaging/linux/build.sh first" >&2; exit 1; }

VERSION="$(dist/caseapp/caseapp-cli --version | awk '{print $2}')"
ARCH="$(dpkg --print-architecture)"
GLIBC="$(dpkg-query -W -f='${Version}' libc6 | sed -E 's/^([0-9]+\.[0-9]+).*/\1/')"
STAGE="build/deb/caseapp_${VERSION}_${ARCH}"
OUT="dist/caseapp_${VERSION}_${ARCH}.deb"

rm -rf "$STAGE" "$OUT"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/icons/hicolor/256x256/apps" "$STAGE/usr/share/icons/hicolor/48x48/apps" "$STAGE/usr/share/doc/caseapp"
cp -a dist/caseapp "$STAGE/opt/caseapp"
ln -s /opt/caseapp/caseapp "$STAGE/usr/bin/caseapp"
ln -s /opt/caseapp/caseapp-cli "$STAGE/usr/bin/caseapp-cli"
install -m 0644 packaging/linux/caseapp.desktop "$STAGE/usr/share/applications/caseapp.desktop"
install -m 0644 build/icons/caseapp.png "$STAGE/usr/share/icons/hicolor/256x256/apps/caseapp.png"
install -m 0644 build/icons/caseapp-48.png "$STAGE/usr/share/icons/hicolor/48x48/apps/caseapp.png"
{
  echo "caseapp ${VERSION} for UPTD PPA offices."
  echo
  echo "Bundled data and fonts keep their own licences, shipped in /opt/caseapp/_internal/resources:"
  echo "  wilayah/LICENSE.md and wilayah/SOURCE.md (region codes, ODbL 1.0)"
  echo "  fonts/LICENSE-Liberation-OFL.txt (Liberation fonts, SIL OFL 1.1)"
  echo "Qt 6 / PySide6 (LGPLv3), Python (PSF), SQLCipher (BSD-style), reportlab (BSD), cryptography"
  echo "(Apache-2.0/BSD), pyrage (MIT/Apache-2.0) are included as shared libraries in /opt/caseapp/_internal."
} > "$STAGE/usr/share/doc/caseapp/copyright"
chmod -R u+rwX,go+rX,go-w "$STAGE"

# Everything but the C library, OpenGL/EGL and libxcb is inside /opt/caseapp; Wayland support is optional
# (Qt falls back to X11/XWayland without it).
cat > "$STAGE/DEBIAN/control" <<CONTROL
Package: caseapp
Version: ${VERSION}
Architecture: ${ARCH}
Maintainer: caseapp developers <caseapp@localhost>
Installed-Size: $(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
Depends: libc6 (>= ${GLIBC}), libegl1, libgl1, libxcb1
Recommends: libwayland-client0, libwayland-cursor0, libwayland-egl1
Section: misc
Priority: optional
Homepage: https://example.invalid/caseapp
Description: case records for UPTD PPA (women and child protection) offices
 Encrypted case records, referral letters and office-to-office exchange for
 UPTD PPA units. Data are kept per user in ~/.local/share/caseapp and are not
 removed when the package is removed. Check an installation with:
 caseapp-cli selftest
CONTROL

nice -n 10 dpkg-deb --root-owner-group -Zxz -z3 --build "$STAGE" "$OUT" >/dev/null
rm -rf "$STAGE"
echo "caseapp: built $OUT ($(du -h "$OUT" | cut -f1); $(dpkg-deb -f "$OUT" Installed-Size) KiB installed)"
