#!/usr/bin/env bash
# The test run of CI, one script for both places it runs, so they cannot drift:
# .ci/run (the project's own CI) and .github/workflows/tests.yml (GitHub).
#
#   ci-tests.sh full   the whole suite: `make test`, the README's test command
#   ci-tests.sh fast   the fast tier: `make test-fast` (no full builds, no browser)
#
# HHZ_GEO_DIR: the CBS boundaries; default ../shared/geo beside the repository (the
# project's CI). When they are missing they are fetched first (scripts/ci-geo.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

tier="${1:-full}"
case "$tier" in
  full) target="test" ;;
  fast) target="test-fast" ;;
  *)
    echo "gebruik: ci-tests.sh full|fast" >&2
    exit 2
    ;;
esac

export CI="${CI:-true}"
export HHZ_GEO_DIR="${HHZ_GEO_DIR:-$(cd .. && pwd)/shared/geo}"
year="$(bash scripts/ci-geo.sh year)"
if [ ! -f "$HHZ_GEO_DIR/gemeente_$year.topojson" ] || [ ! -f "$HHZ_GEO_DIR/provincie_$year.topojson" ]; then
  make install # hhz itself fetches the boundaries
  bash scripts/ci-geo.sh ensure "$HHZ_GEO_DIR"
fi
exec make "$target"
