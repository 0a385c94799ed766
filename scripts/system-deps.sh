#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages faq-export needs, when they are missing.
#   system-deps.sh build   Pango and HarfBuzz (with its subsetter) for WeasyPrint, and the
#                          fonts besides Atkinson: DejaVu (code, rare characters), Noto Sans
#                          Arabic and Hebrew (fonts-noto-core), Noto Sans CJK SC (fonts-noto-cjk);
#                          liblouis with its tables and python3-louis (braille, --format brf)
#   system-deps.sh test    + Java (EPUBCheck), Maven (fetches veraPDF), poppler-utils
#                          (pdftotext), chromium and npm (DAISY Ace), LibreOffice Writer
#                          (opens the DOCX) for the tests
# Not root, or not Debian/Ubuntu: prints the command to run and exits 2.
set -euo pipefail

need=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib 'libpango-1.0.so.0' || need+=(libpango-1.0-0)
have_lib 'libpangoft2-1.0.so.0' || need+=(libpangoft2-1.0-0)
have_lib 'libharfbuzz-subset.so.0' || need+=(libharfbuzz-subset0)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
[ -f /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf ] || need+=(fonts-noto-core)
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
# Braille (--format brf): liblouis, its tables and Debian's Python binding of it.
have_lib 'liblouis.so.20' || need+=(liblouis20)
[ -d /usr/share/liblouis/tables ] || need+=(liblouis-data)
[ -f /usr/lib/python3/dist-packages/louis/__init__.py ] || need+=(python3-louis)
if [ "${1:-build}" = test ]; then
  command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
  command -v mvn >/dev/null 2>&1 || need+=(maven)
  command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
  [ -x /usr/bin/chromium ] || need+=(chromium)
  command -v npm >/dev/null 2>&1 || need+=(npm)
  command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer)
fi
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
  exit 0
fi
echo "faq-export needs these system packages: ${need[*]}" >&2
echo "Install them, then run make again:" >&2
echo "  sudo apt-get install ${need[*]}" >&2
exit 2
