#!/usr/bin/env bash
# Builds the embedded FerretDB server with our fix to FerretDB v1.24.0 applied.
#
# Usage: tools/ferretdb/build.sh [OUTPUT]      (default OUTPUT: <repo>/.data/bin/ferretdb)
#
# The fixes are replaced upstream files under _overlay/ (msg_update.go: update hang; sqlite/metadata/metadata.go:
# `_id` lookups use the `_id` index). `go build -overlay`
# refuses files in the module cache, so this copies the FerretDB module (3.4 MB) to
# <repo>/.data/build/, puts the patched file in, and builds with a throwaway go.mod
# (-modfile) that has a `replace` to that copy. The committed go.mod/go.sum stay as they are.
# A plain `go build` also works but gives the unpatched server, which hangs on update commands
# with more than ~100 statements.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${1:-$HERE/../../.data/bin/ferretdb}"
GO="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"
[[ -x "$GO" ]] || { echo "build.sh: Go toolchain not found (set GO=/path/to/go)" >&2; exit 1; }

# sha256 of the upstream files we replace, so a version bump cannot silently drop or misapply the fix.
declare -A UPSTREAM_SHA256=(
  [internal/handler/msg_update.go]=8758eeae40c6b02df7313ab10558a391adb86d2ede3fe480f7d8d5ef651ac096
  [internal/backends/sqlite/metadata/metadata.go]=2a831ed534120b6adf5c819fbfc002894efe54ee03490d8526b977653e73c527
)

cd "$HERE"
"$GO" mod download github.com/FerretDB/FerretDB
MOD_DIR="$("$GO" list -m -f '{{.Dir}}' github.com/FerretDB/FerretDB)"
MOD_VERSION="$("$GO" list -m -f '{{.Version}}' github.com/FerretDB/FerretDB)"

BUILD_DIR="$HERE/../../.data/build"
SRC="$BUILD_DIR/FerretDB@$MOD_VERSION"
mkdir -p "$BUILD_DIR"
BUILD_DIR="$(cd "$BUILD_DIR" && pwd)"
SRC="$BUILD_DIR/FerretDB@$MOD_VERSION"

rm -rf "$SRC.tmp"
cp -R "$MOD_DIR" "$SRC.tmp"
chmod -R u+w "$SRC.tmp"
for rel in "${!UPSTREAM_SHA256[@]}"; do
  got="$(sha256sum "$SRC.tmp/$rel" | cut -d' ' -f1)"
  if [[ "$got" != "${UPSTREAM_SHA256[$rel]}" ]]; then
    echo "build.sh: upstream $rel of FerretDB $MOD_VERSION is not the file the patch was made for;" >&2
    echo "build.sh: re-check tools/ferretdb/_overlay/$rel" >&2
    exit 1
  fi
  cp "$HERE/_overlay/$rel" "$SRC.tmp/$rel"
done
# Replace the copy only when it changed, so the Go build cache keeps hitting.
if ! diff -rq "$SRC.tmp" "$SRC" >/dev/null 2>&1; then
  rm -rf "$SRC"
  mv "$SRC.tmp" "$SRC"
else
  rm -rf "$SRC.tmp"
fi

cp go.mod "$BUILD_DIR/go.mod"
cp go.sum "$BUILD_DIR/go.sum"
echo "replace github.com/FerretDB/FerretDB => $SRC" >>"$BUILD_DIR/go.mod"

mkdir -p "$(dirname "$OUT")"
"$GO" build -trimpath -modfile "$BUILD_DIR/go.mod" -o "$OUT.tmp" .
mv -f "$OUT.tmp" "$OUT"
