#!/usr/bin/env bash
# Installs what the browser and workflow tests need beyond Python packages:
# Debian's chromium (for Playwright), nginx (with its Brotli module), caddy and apache2 (the
# hosting tests start each with the project's files from hosting/), the npm tools in tests/npm (axe-core, vnu-jar,
# decap-server, yaml-language-server, lighthouse) and the CMS bundle in cms/ (decap-cms).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages that are missing: chromium (browser tests), a Java runtime (Nu Html
# Checker), npm (axe-core, vnu-jar), shellcheck and jq (workflow scripts and their dry runs).
MISSING=()
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then MISSING+=(chromium); fi
if ! command -v java >/dev/null 2>&1; then MISSING+=(default-jre-headless); fi
if ! command -v npm >/dev/null 2>&1; then MISSING+=(npm); fi
# actionlint checks the run: scripts of the workflows with shellcheck (skipped without it)
if ! command -v shellcheck >/dev/null 2>&1; then MISSING+=(shellcheck); fi
# the workflow dry runs play GitHub's API with jq filters (tests/test_workflow_*.py)
if ! command -v jq >/dev/null 2>&1; then MISSING+=(jq); fi
# the web servers of tests/test_hosting.py (not started as services: the test runs them itself)
if [ ! -x /usr/sbin/nginx ]; then MISSING+=(nginx); fi
if [ ! -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ]; then MISSING+=(libnginx-mod-http-brotli-static); fi
if [ ! -x /usr/bin/caddy ]; then MISSING+=(caddy); fi
if [ ! -x /usr/sbin/apache2 ]; then MISSING+=(apache2); fi
if [ "${#MISSING[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
    echo "installeren (apt-get): ${MISSING[*]}…"
    $SUDO apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${MISSING[@]}" >/dev/null
  else
    echo "waarschuwing: ${MISSING[*]} ontbreekt en apt-get is er niet; de tests die het nodig hebben worden overgeslagen" >&2
  fi
fi

# npm ci only when the installed tree is older than its lock file or package.json (npm ci
# writes node_modules/.package-lock.json last): a second `make test` does not reinstall, a
# fresh machine or a changed lock file does.
installed() {
  local stamp="$1/node_modules/.package-lock.json"
  [ -f "$stamp" ] && [ "$stamp" -nt "$1/package-lock.json" ] && [ "$stamp" -nt "$1/package.json" ]
}

if [ -f tests/npm/package.json ] && command -v npm >/dev/null 2>&1 && ! installed tests/npm; then
  # Exact versions from the lockfile; --ignore-scripts: vnu-jar's postinstall would download a
  # JRE, the HTML test uses the system's java instead.
  if [ -f tests/npm/package-lock.json ]; then
    npm ci --silent --no-audit --no-fund --ignore-scripts --prefix tests/npm >/dev/null
  else
    npm install --silent --no-audit --no-fund --ignore-scripts --prefix tests/npm >/dev/null
  fi
fi

if [ -f cms/package-lock.json ] && command -v npm >/dev/null 2>&1 && ! installed cms; then
  # The form editor's bundle (decap-cms), copied into the site at beheer/ by hhz.
  npm ci --silent --no-audit --no-fund --ignore-scripts --prefix cms >/dev/null
fi
