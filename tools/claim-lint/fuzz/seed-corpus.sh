#!/usr/bin/env bash
# Seeds <dir>/<target>/ from the repository's real files; <dir> is the first argument,
# corpus/ (cargo fuzz's default) when none is given. Safe to run again: it only adds.
set -euo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$fuzz/../../.." && pwd)"
tests="$repo/tools/claim-lint/tests"
out="${1:-$fuzz/corpus}"

seed() { # target file...
  local target="$1"; shift
  mkdir -p "$out/$target"
  for f in "$@"; do
    [ -f "$f" ] || continue
    local name="${f#"$repo"/}"
    cp "$f" "$out/$target/seed-${name//\//_}"
  done
}

shopt -s nullglob globstar
pages=("$repo"/content/**/*.md "$tests"/fixtures/**/*.md "$fuzz"/fixtures/page.md)
seed page "${pages[@]}"
seed sentences "${pages[@]}" "$tests"/wordings/*.cases
seed claims "$repo"/claims.yaml "$tests"/fixtures/**/claims*.yaml "$fuzz"/fixtures/claims.yaml
seed config "$repo"/config.toml "$tests"/fixtures/**/config*.toml "$fuzz"/fixtures/config.toml
seed glossary "$repo"/glossary.yaml "$tests"/fixtures/**/glossary*.yaml "$fuzz"/fixtures/glossary.yaml
