#!/usr/bin/env bash
# The CBS boundaries for CI, the same in every workflow and in .ci/run.
#
#   ci-geo.sh year        print the boundary year the generator uses (the cache key)
#   ci-geo.sh ensure DIR  make sure DIR holds the boundary files: kept when they are there,
#                         else fetched from PDOK with the project's own `hhz geo fetch`,
#                         else (PDOK down) downloaded from the pinned release asset of this
#                         repository and checked against .github/geodata-<year>.sha256.
#
# Environment: HHZ (the hhz command; default .venv/bin/hhz, else hhz on PATH),
# HHZ_GEO_RELEASE_URL (where the release assets are; default
# $GITHUB_SERVER_URL/$GITHUB_REPOSITORY/releases/download/geodata-<year>).
# Set-up of the release: hosting/github.md.
set -euo pipefail
cd "$(dirname "$0")/.."

year() {
  # From the source, so the cache key is known before anything is installed.
  local found
  found="$(grep -rhoE '^GEO_YEAR = [0-9]{4}$' generator/hhz | head -n 1)"
  if [ -z "$found" ]; then
    echo "fout: GEO_YEAR niet gevonden in generator/hhz" >&2
    exit 1
  fi
  printf '%s\n' "${found##* }"
}

complete() { [ -f "$1/gemeente_$2.topojson" ] && [ -f "$1/provincie_$2.topojson" ]; }

from_release() {
  local dir="$1" y="$2" sums tmp base file
  sums=".github/geodata-$y.sha256"
  if [ ! -f "$sums" ]; then
    echo "fout: geen vastgepinde geodata-release ($sums ontbreekt; zie hosting/github.md)" >&2
    return 1
  fi
  base="${HHZ_GEO_RELEASE_URL:-${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:-}/releases/download/geodata-$y}"
  tmp="$(mktemp -d)"
  for file in "gemeente_$y.topojson" "provincie_$y.topojson"; do
    if ! curl -fsSL --retry 3 --max-time 120 -o "$tmp/$file" "$base/$file"; then
      echo "fout: $file niet te downloaden van $base" >&2
      rm -rf "$tmp"
      return 1
    fi
  done
  if ! (cd "$tmp" && sha256sum --quiet --strict -c) <"$sums"; then
    echo "fout: de geodata van $base kloppen niet met $sums" >&2
    rm -rf "$tmp"
    return 1
  fi
  mkdir -p "$dir"
  mv "$tmp/gemeente_$y.topojson" "$tmp/provincie_$y.topojson" "$dir/"
  rm -rf "$tmp"
}

ensure() {
  local dir="$1" y hhz
  y="$(year)"
  if complete "$dir" "$y"; then
    echo "geodata $y aanwezig in $dir"
    return 0
  fi
  hhz="${HHZ:-}"
  if [ -z "$hhz" ]; then
    if [ -x .venv/bin/hhz ]; then hhz=.venv/bin/hhz; else hhz=hhz; fi
  fi
  if "$hhz" geo fetch --dest "$dir" -q && complete "$dir" "$y"; then
    echo "geodata $y opgehaald bij PDOK"
    return 0
  fi
  echo "PDOK niet bereikbaar; de geodata komen uit de release geodata-$y van deze repository"
  if from_release "$dir" "$y" && complete "$dir" "$y"; then
    echo "geodata $y uit de release"
    return 0
  fi
  echo "fout: geen geodata voor $y (PDOK en de release faalden)" >&2
  return 1
}

case "${1:-}" in
  year) year ;;
  ensure)
    if [ "$#" -ne 2 ]; then
      echo "gebruik: ci-geo.sh ensure MAP" >&2
      exit 2
    fi
    ensure "$2"
    ;;
  *)
    echo "gebruik: ci-geo.sh year | ensure MAP" >&2
    exit 2
    ;;
esac
