#!/usr/bin/env bash
# CI smoke test for the claim-lint fuzz targets: builds them all, replays every saved crash
# input in regressions/<target>/, then fuzzes each target for FUZZ_SECONDS (default 20)
# from a corpus seeded with the repository's real files. Exits non-zero if any target
# crashes, panics, times out or runs out of memory. It fuzzes from the seeds alone (in a
# temporary folder), not from a corpus grown by earlier runs, so its time stays bounded. Needs nightly Rust; installs
# cargo-fuzz from crates.io if it is missing. See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${FUZZ_SECONDS:-20}"

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "ci-smoke: nightly Rust is needed (cargo +nightly)" >&2
  exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi

dict_for() {
  case "$1" in
    page | sentences) echo dicts/page.dict ;;
    claims | glossary) echo dicts/yaml.dict ;;
    config) echo dicts/toml.dict ;;
  esac
}

seeds="$(mktemp -d)"
trap 'rm -rf "$seeds"' EXIT
./seed-corpus.sh "$seeds"
cargo +nightly fuzz build
targets=$(cargo +nightly fuzz list)

failed=()
for t in $targets; do
  shopt -s nullglob
  saved=(regressions/"$t"/*)
  shopt -u nullglob
  inputs=()
  for f in "${saved[@]}"; do
    [ "$(basename "$f")" = README.md ] || inputs+=("$f")
  done
  if [ "${#inputs[@]}" -gt 0 ]; then
    echo "== $t: replaying ${#inputs[@]} saved input(s)"
    for f in "${inputs[@]}"; do
      if ! cargo +nightly fuzz run "$t" "$f" -- -rss_limit_mb=2048 -timeout=10 >"/tmp/ci-smoke-$t.log" 2>&1; then
        echo "!! $t crashes on $f:" >&2
        grep -E "panicked at|ERROR: libFuzzer|ERROR: AddressSanitizer" "/tmp/ci-smoke-$t.log" | head -3 >&2 || true
        failed+=("$t:$f")
      fi
    done
  fi
  echo "== $t: fuzzing for ${seconds}s"
  dict="$(dict_for "$t")"
  args=(-max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10)
  [ -n "$dict" ] && args+=(-dict="$dict")
  if ! cargo +nightly fuzz run "$t" "$seeds/$t" -- "${args[@]}" >"/tmp/ci-smoke-$t.log" 2>&1; then
    echo "!! $t crashed while fuzzing; last lines of the log:" >&2
    tail -n 40 "/tmp/ci-smoke-$t.log" >&2
    failed+=("$t")
  else
    grep -E "^Done [0-9]+ runs" "/tmp/ci-smoke-$t.log" || true
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "ci-smoke: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "ci-smoke: all targets ran ${seconds}s without a crash"
