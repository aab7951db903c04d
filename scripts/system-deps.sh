#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages vnplan needs when they are missing: Python venv support and
# Tesseract with its Vietnamese model (OCR of scans), LibreOffice Writer (legacy .doc, RTF, ODT); with
# --test also LibreOffice Calc and Chromium. Uses apt-get as root, or sudo when available.
set -eu
need=()
python3 -m venv --help >/dev/null 2>&1 && python3 -c "import ensurepip" >/dev/null 2>&1 || need+=(python3-venv python3-pip)
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
langs=$(tesseract --list-langs 2>/dev/null || true)
echo "$langs" | grep -qx vie || need+=(tesseract-ocr-vie)
echo "$langs" | grep -qx eng || need+=(tesseract-ocr-eng)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
# Word 97-2003 .doc, RTF and ODT are converted to DOCX by LibreOffice headless
command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
if [ "${1:-}" = "--test" ]; then
  # the test set-up: LibreOffice Calc converts dataset.xlsx as a user's spreadsheet would open it,
  # and headless Chromium opens the report and review pages (tests skip, saying so, without them)
  soffice --version >/dev/null 2>&1 && [ -e /usr/lib/libreoffice/program/libscfiltlo.so ] || need+=(libreoffice-calc-nogui)
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
fi
if [ "${1:-}" = "--model" ]; then
  # rebuilding the repair model: the syllable list and the fonts whose OCR damage it learns from
  [ -f /usr/share/hunspell/vi_VN.dic ] || need+=(hunspell-vi)
  [ -d /usr/share/fonts/truetype/liberation2 ] || need+=(fonts-liberation2)
  [ -d /usr/share/fonts/truetype/freefont ] || need+=(fonts-freefont-ttf)
fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
  echo "vnplan: please install these packages (no root, no sudo here): ${need[*]}" >&2; exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "vnplan: not a Debian/Ubuntu system; please install: ${need[*]}" >&2; exit 0; fi
echo "vnplan: installing ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
