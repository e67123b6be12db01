#!/usr/bin/env bash
# Debian packages Gongjian uses outside Python: fonts for Chinese PDFs (WeasyPrint), Pango for
# WeasyPrint, Chromium for the browser tests, poppler-utils to read PDFs back in tests.
# Installs what is missing when run as root with apt-get; otherwise lists it (those tests skip).
set -euo pipefail
PACKAGES=(fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 chromium poppler-utils)
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "WARNING: missing Debian packages (install them for PDFs and browser tests): ${missing[*]}" >&2
fi
