#!/usr/bin/env bash
# The main job: set up, build, and run the flagship analysis of Western long-range weapons and
# Russian territory, 2024–2025 (Scenarios/ukraine-2024-2025). Writes the self-contained HTML report
# out/ukraine-2024-2025/report.html (consents, cases, the questions of the debate with the ISW comparison,
# reach tables per date and variant, timeline charts, maps) and prints the key answers.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "building (release)…" >&2
swift build -c release --product greenlight 2>&1 | grep -E "error|Build complete" >&2 || true
gl=.build/release/greenlight
scenario=Scenarios/ukraine-2024-2025/scenario.yaml
$gl validate "$scenario"
$gl check Scenarios/ukraine-2024-2025/cases.yaml
$gl report "$scenario" --out out/ukraine-2024-2025 --within RU --date 2024-09-12
echo
echo "== Storm Shadow strike ~150 km inside Russia, 12 September 2024 (synthetic target): who must say yes?"
$gl decide "$scenario" --recipient UA --item storm-shadow --use strike --date 2024-09-12 \
  --target 51.9,37.0,military/airfield --launch 49.98,36.25
echo
echo "== Russian territory within long-range ATACMS range (300 km), and what the US permitted on 12 September 2024"
$gl reach "$scenario" --item atacms-m39a1 --date 2024-09-12 --within RU
echo
echo "== The permitted zones on 20 November 2024, as a file for QGIS (GeoPackage)"
$gl zones "$scenario" --item atacms-m39a1 --date 2024-11-20 --within RU -o out/ukraine-2024-2025/zones-2024-11-20.gpkg
echo
echo "== What the hypothetical full lift (September 2024) would have moved"
$gl compare "$scenario" --item atacms-m39a1 --date 2024-09-12 --variant full-lift --within RU
echo
echo "Report: $(pwd)/out/ukraine-2024-2025/report.html"
