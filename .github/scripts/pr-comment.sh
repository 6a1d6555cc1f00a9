#!/usr/bin/env bash
# Place or update the one preview comment on a pull request.
#
# Environment (all set by the preview workflow):
#   GH_TOKEN      token with pull-requests: write
#   REPO          owner/name
#   PR_NUMBER     the pull request (already checked: digits only)
#   HEAD_SHA      the commit that was built
#   SUMMARY_FILE  the `hhz diff` summary from the build's artifact (data, never executed)
#   PREVIEW_URL   the preview's address, or empty when there is no preview
#   PREVIEW_LIVE  `false` when Pages did not yet serve the preview after waiting for it
#   PREVIEW_ALLOWED  `false` for a pull request from a fork (no preview on beheer/'s origin)
#   RUN_URL       the run of the check, for the link to its errors
#
# The comment is found by the hidden marker below and edited in place, so a pull
# request has one preview comment however often it is pushed to.
set -euo pipefail

marker='<!-- hhz-preview -->'
max_summary_bytes=60000

if ! [[ "${PR_NUMBER:-}" =~ ^[1-9][0-9]{0,8}$ ]]; then
  echo "fout: ongeldig PR-nummer" >&2
  exit 1
fi

body="$(mktemp)"
trap 'rm -f "$body"' EXIT
short_sha="${HEAD_SHA:0:7}"
{
  echo "$marker"
  if [ -n "${PREVIEW_URL:-}" ]; then
    echo "## Preview van deze wijziging"
    echo
    echo "De site met deze wijziging staat op **${PREVIEW_URL}** (commit \`${short_sha}\`)."
    echo "De preview wordt bij elke nieuwe commit bijgewerkt en verdwijnt als het pull request sluit."
    if [ "${PREVIEW_LIVE:-true}" = "false" ]; then
      echo
      echo "GitHub Pages was nog bezig met plaatsen. Werkt de link nog niet, probeer het dan over een paar minuten."
    fi
  elif [ "${PREVIEW_ALLOWED:-true}" = "false" ]; then
    echo "## Geen preview: pull request uit een fork"
    echo
    echo "Een preview zou code uit de fork draaien op het adres van de site en van beheer/, waar"
    echo "redacteuren met hun GitHub-account ingelogd zijn. Daarom krijgt een fork geen preview."
    echo "Of commit \`${short_sha}\` klopt, staat in de [controle](${RUN_URL:-}) en bij de regels onder"
    echo "*Files changed*; de gebouwde site is daar te downloaden (artefact \`site\`)."
  else
    echo "## Geen preview: de controle vond fouten"
    echo
    echo "Commit \`${short_sha}\` is niet gebouwd. De fouten staan bij de regels onder *Files changed*"
    echo "en in de [controle](${RUN_URL:-}). Los ze op en push opnieuw; dan volgt de preview."
  fi
  echo
  if [ -s "${SUMMARY_FILE:-}" ]; then
    # Data from an untrusted build: shortened, and every @ broken so that it mentions nobody.
    head -c "$max_summary_bytes" "$SUMMARY_FILE" | sed 's/@/@\xe2\x80\x8b/g'
    if [ "$(wc -c <"$SUMMARY_FILE")" -gt "$max_summary_bytes" ]; then
      echo
      echo "_(samenvatting ingekort)_"
    fi
  else
    echo "_Geen samenvatting van de wijzigingen beschikbaar._"
  fi
} >"$body"

ids="$(
  gh api --paginate "repos/${REPO}/issues/${PR_NUMBER}/comments" \
    --jq ".[] | select(.user.login == \"github-actions[bot]\" and (.body | startswith(\"${marker}\"))) | .id"
)"
comment_id="${ids%%$'\n'*}"

payload="$(jq -Rs '{body: .}' <"$body")"
if [ -n "$comment_id" ]; then
  printf '%s' "$payload" | gh api --method PATCH "repos/${REPO}/issues/comments/${comment_id}" --input - >/dev/null
  echo "reactie ${comment_id} bijgewerkt"
else
  printf '%s' "$payload" | gh api --method POST "repos/${REPO}/issues/${PR_NUMBER}/comments" --input - >/dev/null
  echo "reactie geplaatst"
fi
