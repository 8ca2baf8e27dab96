#!/usr/bin/env bash
# Installs the outside judges the test suite runs against built sites:
#   - the W3C Nu HTML Checker (npm package vnu-jar, run on the machine's Java)
#   - headless Chromium (Debian's package) and playwright-core to drive it
#   - axe-core, the accessibility checker run in that browser
#   - commonmark-spec, the CommonMark 0.31.2 examples (spec.json) the Markdown test runs
# Idempotent: does nothing when they are already installed.
# Location: $DERMIS_TOOLS (default: <repo>/.test-tools), git-ignored.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
tools=${DERMIS_TOOLS:-$repo/.test-tools}
vnu_version=26.9.27
playwright_version=1.65.1
axe_version=4.14.1
commonmark_spec_version=0.31.2

need_apt=()
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jre-headless)
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
[ -x /usr/bin/chromium ] || need_apt+=(chromium fonts-dejavu-core)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing with apt-get: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

jar="$tools/node/node_modules/vnu-jar/build/dist/vnu.jar"
if [ ! -f "$jar" ]; then
  echo "installing vnu-jar@$vnu_version into $tools/node"
  mkdir -p "$tools/node"
  # --ignore-scripts: the package's postinstall downloads a JDK we do not need
  # (vnu.jar ships inside the package and runs on the system Java).
  npm install --prefix "$tools/node" --ignore-scripts --no-audit --no-fund --loglevel=error \
    "vnu-jar@$vnu_version" >/dev/null
fi
[ -f "$jar" ] || { echo "vnu.jar missing after install: $jar" >&2; exit 1; }
if [ ! -d "$tools/node/node_modules/playwright-core" ]; then
  echo "installing playwright-core@$playwright_version into $tools/node (no browser download: Debian's chromium is used)"
  npm install --prefix "$tools/node" --ignore-scripts --no-audit --no-fund --loglevel=error \
    "playwright-core@$playwright_version" >/dev/null
fi
if [ ! -d "$tools/node/node_modules/axe-core" ]; then
  echo "installing axe-core@$axe_version into $tools/node"
  npm install --prefix "$tools/node" --ignore-scripts --no-audit --no-fund --loglevel=error \
    "axe-core@$axe_version" >/dev/null
fi
# The package ships spec.txt and its own example extractor (index.js); the
# examples are written out once as JSON, with the spec's `→` turned back into tabs.
cm_dir="$tools/node/node_modules/commonmark-spec"
spec="$tools/commonmark-spec/spec.json"
if [ ! -f "$cm_dir/package.json" ] || ! grep -q "\"version\": \"$commonmark_spec_version\"" "$cm_dir/package.json"; then
  echo "installing commonmark-spec@$commonmark_spec_version into $tools/node"
  npm install --prefix "$tools/node" --ignore-scripts --no-audit --no-fund --loglevel=error \
    "commonmark-spec@$commonmark_spec_version" >/dev/null
  rm -f "$spec"
fi
if [ ! -f "$spec" ]; then
  mkdir -p "$(dirname "$spec")"
  node -e '
    const tests = require(process.argv[1]).tests.map(t => ({
      ...t, markdown: t.markdown.replace(/\u2192/g, "\t"), html: t.html.replace(/\u2192/g, "\t") }));
    require("fs").writeFileSync(process.argv[2], JSON.stringify(tests, null, 1));
  ' "$cm_dir" "$spec.tmp"
  mv "$spec.tmp" "$spec"
fi
[ -f "$spec" ] || { echo "spec.json missing after install: $spec" >&2; exit 1; }
echo "test tools ready in $tools"
