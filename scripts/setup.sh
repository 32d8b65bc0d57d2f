#!/usr/bin/env bash
# Installs what Greenlight needs on a fresh Debian machine (run as root): PROJ (geodesic.h), OpenSSL's
# libcrypto (SHA-256) and SQLite for the build, GeographicLib's tools for independent checks in the
# tests, Leaflet for the web map. Idempotent and quiet when done.
set -euo pipefail
need=()
for pkg in libproj-dev libgeos-dev libssl-dev geographiclib-tools libsqlite3-dev libjs-leaflet gdal-bin librsvg2-bin "$@"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "setup: swift is not on PATH (Swift 6.x toolchain expected)" >&2; exit 1; }
