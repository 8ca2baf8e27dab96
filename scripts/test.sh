#!/usr/bin/env bash
# The project's test command (README.md, and .ci/run on a clean clone):
# installs the outside judges the tests use, then checks formatting and
# lints, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-tools.sh
cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked
