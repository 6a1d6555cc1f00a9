#!/usr/bin/env bash
# The site build of CI, one script for the pull request (pr-controle.yml) and for main
# (site-publiceren.yml), so what passes in a pull request also builds on main.
#
#   ci-build.sh install   hhz from constraints.txt, Decap CMS for beheer/ from cms/package-lock.json
#   ci-build.sh site      hhz build, and fail when beheer/ was built without the form
#
# The boundaries come first from scripts/ci-geo.sh (HHZ_GEO_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
  install)
    python -m pip install -q -c constraints.txt -e .
    npm ci --no-audit --no-fund --ignore-scripts --prefix cms
    ;;
  site)
    hhz build  # not -q: the grouped warnings (at most 3 lines) belong in the log
    if [ ! -f site/beheer/config.yml ]; then
      echo "::error::beheer/ ontbreekt in de site (npm ci --prefix cms)"
      exit 1
    fi
    ;;
  *)
    echo "gebruik: ci-build.sh install|site" >&2
    exit 2
    ;;
esac
