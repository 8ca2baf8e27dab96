# Shared by the bench scripts (sourced, not run): installing missing Debian
# packages and finding the dermis binary. The sourcing script defines `log`,
# `die` and `ROOT` (the repository) first.

# Installs the packages named by the arguments with apt-get (sudo when not root).
install_missing() {
    [ "$#" -gt 0 ] || return 0
    log "installing: $*"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >&2
}

# Sets DERMIS to an absolute path: DERMIS_BIN if set, else a fresh release build.
find_dermis() {
    if [ -n "${DERMIS_BIN:-}" ]; then
        DERMIS=$DERMIS_BIN
        log "using DERMIS_BIN=$DERMIS (skipping cargo build)"
    else
        log "building dermis (cargo build --release)"
        (cd "$ROOT" && cargo build --release >&2)
        DERMIS=$ROOT/target/release/dermis
    fi
    [ -x "$DERMIS" ] || die "dermis binary not found or not executable: $DERMIS"
    DERMIS=$(cd "$(dirname "$DERMIS")" && pwd)/$(basename "$DERMIS")
}
