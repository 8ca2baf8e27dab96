#!/usr/bin/env bash
# The project's test command (README.md, and .ci/run on a clean clone):
# installs the outside judges the tests use, then checks formatting and
# lints, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-tools.sh
cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
# The pipeline without the dev server (no tokio, axum or notify) builds,
# lints and passes its unit tests on its own.
cargo clippy --all-targets --no-default-features --locked -- -D warnings
cargo test --no-default-features --locked --lib
cargo test --locked
