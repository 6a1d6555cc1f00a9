#!/usr/bin/env bash
# Publish to or remove from the gh-pages branch, which GitHub Pages serves.
#
#   gh-pages.sh publish SITE_DIR .      MESSAGE   the site at the root; the pr-*/ previews stay
#   gh-pages.sh publish SITE_DIR pr-12  MESSAGE   a preview in pr-12/
#   gh-pages.sh remove  -        pr-12  MESSAGE   remove the preview in pr-12/
#
# Environment: GH_TOKEN (push rights; optional for a local remote), GITHUB_REPOSITORY and
# GITHUB_SERVER_URL (set by Actions), or GH_PAGES_REMOTE to push elsewhere (tests);
# GH_PAGES_VERSION: written to <target>/hhz-versie.txt, so a workflow can see when Pages
# serves this version (the commit that was built).
# The site is only copied: nothing from SITE_DIR is ever executed. Concurrent pushes
# (several previews and main at once) are retried on a fresh copy of the branch, after a
# growing wait with a random part (jitter), so publishers that collided do not collide again
# in lock-step: GH_PAGES_ATTEMPTS tries (default 10), GH_PAGES_RETRY_MS the base wait.
# A preview (pr-N) gets <meta name="robots" content="noindex"> in every page: search engines
# must not list a pull request's site (GitHub Pages cannot send an X-Robots-Tag header).
set -euo pipefail

if [ "$#" -ne 4 ]; then
  echo "gebruik: gh-pages.sh publish|remove SITE_DIR|- . |pr-N BERICHT" >&2
  exit 2
fi
action="$1" source_dir="$2" target="$3" message="$4"
branch="${GH_PAGES_BRANCH:-gh-pages}"
max_attempts="${GH_PAGES_ATTEMPTS:-10}"
retry_ms="${GH_PAGES_RETRY_MS:-2000}"
remote="${GH_PAGES_REMOTE:-${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:?GITHUB_REPOSITORY ontbreekt}.git}"

case "$action" in
  publish)
    if [ ! -f "$source_dir/index.html" ]; then
      echo "fout: $source_dir/index.html ontbreekt; is de site gebouwd?" >&2
      exit 1
    fi
    source_dir="$(cd "$source_dir" && pwd)"
    ;;
  remove) ;;
  *)
    echo "fout: onbekende actie '$action' (publish of remove)" >&2
    exit 2
    ;;
esac
if [ "$target" != "." ] && ! [[ "$target" =~ ^pr-[1-9][0-9]{0,8}$ ]]; then
  echo "fout: doel moet . of pr-<nummer> zijn, niet '$target'" >&2
  exit 2
fi
if [ "$action" = remove ] && [ "$target" = "." ]; then
  echo "fout: de hele site verwijderen kan niet met dit script" >&2
  exit 2
fi

git_auth=()
if [ -n "${GH_TOKEN:-}" ]; then
  basic="$(printf 'x-access-token:%s' "$GH_TOKEN" | base64 | tr -d '\n')"
  echo "::add-mask::$basic"
  git_auth=(-c "http.extraheader=AUTHORIZATION: basic $basic")
fi

attempt=0
while :; do
  attempt=$((attempt + 1))
  work="$(mktemp -d)"
  g() { git -C "$work" "${git_auth[@]}" -c core.hooksPath=/dev/null "$@"; }
  git init -q "$work"
  g remote add origin "$remote"
  g config user.name "github-actions[bot]"
  g config user.email "41898282+github-actions[bot]@users.noreply.github.com"

  status=0
  g ls-remote --exit-code --heads origin "$branch" >/dev/null || status=$?
  if [ "$status" -eq 0 ]; then
    g fetch -q --depth=1 origin "$branch"
    g checkout -q -B "$branch" FETCH_HEAD
  elif [ "$status" -eq 2 ]; then
    if [ "$action" = remove ]; then
      echo "geen branch $branch: niets te verwijderen"
      rm -rf "$work"
      exit 0
    fi
    g checkout -q --orphan "$branch"
  else
    echo "fout: kan de branch $branch niet lezen" >&2
    rm -rf "$work"
    exit 1
  fi

  if [ "$action" = publish ] && [ "$target" = "." ]; then
    # Replace the root site, but keep the previews and a custom domain.
    find "$work" -mindepth 1 -maxdepth 1 ! -name .git ! -name 'pr-*' ! -name CNAME -exec rm -rf {} +
    cp -R "$source_dir/." "$work/"
  elif [ "$action" = publish ]; then
    rm -rf "${work:?}/$target"
    mkdir -p "$work/$target"
    cp -R "$source_dir/." "$work/$target/"
  else
    rm -rf "${work:?}/$target"
  fi
  if [ "$action" = publish ]; then
    # The files are data: no links (they could point anywhere), no nested repositories.
    dest="$work"
    [ "$target" = "." ] || dest="$work/$target"
    find "$dest" -mindepth 1 -name .git -prune ! -path "$work/.git" -exec rm -rf {} +
    find "$dest" -path "$work/.git" -prune -o -type l -exec rm -f {} +
    if [ "$target" != "." ]; then
      # noindex in the <head> of every page; the precompressed copies would lack it (and
      # Pages compresses by itself), so they go
      find "$dest" -type f \( -name '*.html.gz' -o -name '*.html.br' \) -exec rm -f {} +
      find "$dest" -type f -name '*.html' -exec sed -i '0,/<head>/s//<head><meta name="robots" content="noindex">/' {} +
    fi
    if [ -n "${GH_PAGES_VERSION:-}" ]; then
      printf '%s\n' "$GH_PAGES_VERSION" >"$dest/hhz-versie.txt"
    fi
  fi
  touch "$work/.nojekyll" # serve folders that start with an underscore as they are

  g add -A
  if g diff --cached --quiet; then
    echo "geen wijzigingen op $branch"
    rm -rf "$work"
    exit 0
  fi
  g commit -q -m "$message"
  if g push -q origin "HEAD:$branch"; then
    echo "gepubliceerd op $branch: $target"
    rm -rf "$work"
    exit 0
  fi
  rm -rf "$work"
  if [ "$attempt" -ge "$max_attempts" ]; then
    echo "fout: pushen naar $branch lukte niet na $attempt pogingen" >&2
    exit 1
  fi
  # base × attempt, plus up to as much again at random
  wait_ms=$((retry_ms * attempt + (RANDOM * 32768 + RANDOM) % (retry_ms * attempt + 1)))
  printf -v wait_s '%d.%03d' $((wait_ms / 1000)) $((wait_ms % 1000))
  echo "push geweigerd (iemand anders publiceerde tegelijk); opnieuw over $wait_s s"
  sleep "$wait_s"
done
