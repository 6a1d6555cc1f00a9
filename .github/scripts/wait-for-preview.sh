#!/usr/bin/env bash
# Wait until GitHub Pages serves the published version of a preview, so the comment's link
# works when the comment appears. Polls URL/hhz-versie.txt (written by gh-pages.sh) until it
# holds VERSION, at most PREVIEW_WAIT_TRIES times (default 30) PREVIEW_WAIT_SECONDS apart
# (default 10). Writes live=true or live=false to $GITHUB_OUTPUT; never fails the run.
set -euo pipefail

if [ "$#" -ne 2 ]; then
  echo "gebruik: wait-for-preview.sh URL VERSIE" >&2
  exit 2
fi
url="${1%/}" version="$2"
tries="${PREVIEW_WAIT_TRIES:-30}"
delay="${PREVIEW_WAIT_SECONDS:-10}"
output="${GITHUB_OUTPUT:-/dev/null}"

for ((try = 1; try <= tries; try++)); do
  # a new query string each time: GitHub Pages' CDN caches a URL for up to 10 minutes
  served="$(curl -fsSL --max-time 10 "$url/hhz-versie.txt?poging=$try-$RANDOM" 2>/dev/null | head -c 100 | tr -d '\r\n' || true)"
  if [ "$served" = "$version" ]; then
    echo "preview online: $url/ (poging $try)"
    echo "live=true" >>"$output"
    exit 0
  fi
  if [ "$try" -lt "$tries" ]; then sleep "$delay"; fi
done
echo "::warning::de preview stond na $tries pogingen nog niet online; de reactie zegt dat"
echo "live=false" >>"$output"
