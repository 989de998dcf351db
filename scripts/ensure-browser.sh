#!/usr/bin/env bash
# The browser tests drive Debian's Chromium; the PDF reports need Pango (WeasyPrint draws
# with it) and their tests read PDFs back with poppler's pdftotext and pdftoppm. Install
# what is missing when we are root; otherwise say so (those tests then skip with the reason).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium fonts-thai-tlwg)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo ">> installing Debian's ${missing[*]} for the browser and PDF tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo ">> not installed and we are not root: ${missing[*]} (browser or PDF tests will be skipped)" >&2
fi
