#!/usr/bin/env bash
# The main job: set up, build, and run the flagship analysis of Western long-range weapons and
# Russian territory in 2024 (Scenarios/ukraine-2024): validate the scenario, run its cases, and
# answer the questions of the debate with decisions and consent lists.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product greenlight 2>&1 | grep -E "error|warning: unre|Compiling greenlight|Build" >&2 || true
gl=.build/release/greenlight
scenario=Scenarios/ukraine-2024/scenario.yaml
echo "== scenario"; $gl validate "$scenario"
echo; echo "== cases"; $gl check Scenarios/ukraine-2024/cases.yaml
echo; echo "== whose consent does Storm Shadow in Ukraine's hands need?"
$gl consents "$scenario" --item storm-shadow --recipient UA --date 2024-09-12
echo; echo "== Storm Shadow strike ~150 km inside Russia, 12 September 2024 (synthetic target)"
$gl decide "$scenario" --recipient UA --item storm-shadow --use strike --date 2024-09-12 \
  --target 51.9,37.0,military/airfield --launch 49.98,36.25
echo; echo "== the same strike under the hypothetical full lift"
$gl decide "$scenario" --recipient UA --item storm-shadow --use strike --date 2024-09-12 \
  --target 51.9,37.0,military/airfield --launch 49.98,36.25 --variant full-lift
echo; echo "== distance of that target inside Russia, and the size of the territories (km²)"
echo "51.9 37.0" | $gl geo distance --country RU
echo "RU $($gl geo area --country RU)  UA $($gl geo area --country UA)  Kharkiv oblast $($gl geo area --region UA-63)"
