#!/usr/bin/env bash
# Install the Debian packages the tests need when they are missing: chromium for the browser
# tests, CJK and Tibetan fonts for pages and PDFs, gettext for compiling translations, Pango
# for WeasyPrint (notice PDFs) and poppler-utils (pdftotext, pdffonts) for the tests that read
# the PDFs back.
set -euo pipefail
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v msgfmt >/dev/null || missing+=(gettext)
[ -d /usr/share/fonts/opentype/noto ] && ls /usr/share/fonts/opentype/noto | grep -q CJK || missing+=(fonts-noto-cjk)
[ -f /usr/share/fonts/truetype/tibetan-machine/TibetanMachineUni.ttf ] || missing+=(fonts-tibetan-machine)
command -v fc-list >/dev/null || missing+=(fontconfig)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
/sbin/ldconfig -p | grep -q libpangoft2-1.0 || missing+=(libpangoft2-1.0-0)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
