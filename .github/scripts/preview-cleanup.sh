#!/usr/bin/env bash
# Remove the previews of pull requests that are no longer open from the gh-pages branch.
#
#   preview-cleanup.sh      every pr-N/ whose pull request is not open (the daily run: catches
#                           previews whose removal at closing failed or never ran)
#   preview-cleanup.sh N    pr-N/ only (pull request N was just closed)
#
# Environment: GH_TOKEN (pull-requests: read, contents: write), REPO (owner/name), and what
# gh-pages.sh reads (GH_PAGES_REMOTE for tests). Nothing from the branch is executed: the
# folder names are only matched against pr-<number>.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
branch="${GH_PAGES_BRANCH:-gh-pages}"
remote="${GH_PAGES_REMOTE:-${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:?GITHUB_REPOSITORY ontbreekt}.git}"

remove() {
  bash "$here/gh-pages.sh" remove - "pr-$1" "Preview van PR #$1 verwijderd"
}

if [ "$#" -eq 1 ]; then
  if ! [[ "$1" =~ ^[1-9][0-9]{0,8}$ ]]; then
    echo "fout: ongeldig PR-nummer" >&2
    exit 2
  fi
  remove "$1"
  exit 0
elif [ "$#" -ne 0 ]; then
  echo "gebruik: preview-cleanup.sh [PR-NUMMER]" >&2
  exit 2
fi

git_auth=()
if [ -n "${GH_TOKEN:-}" ]; then
  basic="$(printf 'x-access-token:%s' "$GH_TOKEN" | base64 | tr -d '\n')"
  echo "::add-mask::$basic"
  git_auth=(-c "http.extraheader=AUTHORIZATION: basic $basic")
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
g() { git -C "$work" "${git_auth[@]}" -c core.hooksPath=/dev/null "$@"; }
git init -q "$work"
status=0
g ls-remote --exit-code --heads "$remote" "$branch" >/dev/null || status=$?
if [ "$status" -eq 2 ]; then
  echo "geen branch $branch: niets op te ruimen"
  exit 0
elif [ "$status" -ne 0 ]; then
  echo "fout: kan de branch $branch niet lezen" >&2
  exit 1
fi
# First the folders, then the open pull requests: a preview published in between belongs
# to a pull request that is open, so it is never taken for a closed one.
g fetch -q --depth=1 --filter=blob:none "$remote" "$branch" 2>/dev/null || g fetch -q --depth=1 "$remote" "$branch"
mapfile -t folders < <(g ls-tree --name-only FETCH_HEAD | grep -E '^pr-[1-9][0-9]{0,8}$' || true)
if [ "${#folders[@]}" -eq 0 ]; then
  echo "geen previews op $branch"
  exit 0
fi
open_numbers=" $(gh api --paginate "repos/${REPO:?REPO ontbreekt}/pulls?state=open&per_page=100" --jq '.[].number' | tr '\n' ' ') "
failed=0
for folder in "${folders[@]}"; do
  number="${folder#pr-}"
  if [[ "$open_numbers" == *" $number "* ]]; then
    echo "$folder: pull request open, blijft staan"
  else
    remove "$number" || failed=1
  fi
done
exit "$failed"
