#!/usr/bin/env bash
# Builds the two CLIs the acceptance tests run on besides the Terraform on PATH: Terraform
# 1.14 (the first with `terraform query`) and OpenTofu 1.11. Both are built from their Go
# module source, fetched through the Go module proxy, because that proxy is the one download
# source this project's machines and CI are guaranteed to reach. A CLI already in the cache
# is not rebuilt, so only the first run on a machine pays for the build (tens of minutes on
# two cores; see README).
#
#   usage: scripts/build-clis.sh           build what is missing, print one path per CLI
#          scripts/build-clis.sh --paths   print the paths only, building nothing
#   env:   CLI_CACHE (default ~/.cache/tf-cli): <cache>/terraform-<v>/terraform and
#          <cache>/tofu-<v>/tofu
#
# Terraform cannot be built with `go install module@version`: its go.mod replaces the modules
# of the cloud state backends (s3, gcs, azurerm, ...) and internal/legacy with nested
# directories, and a module zip leaves nested modules out. So the build copies the module
# source, drops those requirements and unregisters those backends; the local, http, inmem,
# remote and cloud backends remain, which is all the tests use. OpenTofu needs no patch, but
# `go install` refuses its go.mod replace line too, so it is built the same way, unpatched.
set -euo pipefail

TERRAFORM_VERSION=1.14.9
TOFU_VERSION=1.11.6
CACHE=${CLI_CACHE:-$HOME/.cache/tf-cli}
TERRAFORM=$CACHE/terraform-$TERRAFORM_VERSION/terraform
TOFU=$CACHE/tofu-$TOFU_VERSION/tofu

if [ "${1:-}" = "--paths" ]; then
  echo "$TERRAFORM"
  echo "$TOFU"
  exit 0
fi

if [ -x "$TERRAFORM" ] && [ -x "$TOFU" ]; then
  echo "$TERRAFORM"
  echo "$TOFU"
  exit 0
fi

mkdir -p "$CACHE"
# Two checkouts of this project on one machine share the cache: the second waits for the
# first's build instead of building the same CLI alongside it.
exec 9>"$CACHE/.build.lock"
if command -v flock >/dev/null; then flock 9; fi

export CGO_ENABLED=0 GOWORK=off GOFLAGS="-mod=readonly -buildvcs=false -trimpath"
work=$(mktemp -d "$CACHE/.src.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

# unlink_local_modules: in a copy of Terraform's source, removes each module that go.mod
# replaces with a nested directory, and the backend registrations that import one.
unlink_local_modules() {
  local init=internal/backend/init/init.go mod alias
  for mod in $(sed -nE 's#^replace ([^ ]+) => \./.*#\1#p' go.mod); do
    go mod edit -droprequire="$mod" -dropreplace="$mod"
    alias=$(sed -nE "s#^[[:space:]]*([A-Za-z0-9_]+) \"$mod\"\$#\1#p" "$init")
    if [ -n "$alias" ]; then
      sed -i -E "\#\"$mod\"\$#d; /[^A-Za-z0-9_]$alias\.New\(/d" "$init"
    fi
  done
}

# build NAME VERSION MODULE PACKAGE OUT [PATCH]: builds PACKAGE of MODULE@vVERSION into OUT,
# after running PATCH in the source copy, and checks that the binary reports VERSION.
build() {
  local name=$1 version=$2 module=$3 pkg=$4 out=$5 patch=${6:-}
  if [ -x "$out" ]; then return; fi
  echo "building $name $version from $module (once per machine) ..." >&2
  local dir src=$work/$name-$version
  dir=$(cd "$work" && go mod download -json "$module@v$version" | jq -r .Dir)
  cp -r "$dir" "$src"
  chmod -R u+w "$src"
  # The version packages print a "-dev" suffix unless told that this is a release build.
  (cd "$src" && if [ -n "$patch" ]; then $patch; fi &&
    nice -n 10 go build -ldflags "-s -w -X $module/version.dev=no" -o "$out.tmp" "$pkg")
  local reported
  reported=$(TF_CLI_CONFIG_FILE=/dev/null "$out.tmp" version | sed -n 1p)
  case $reported in
    *" v$version") ;;
    *) echo "$out.tmp reports '$reported', not v$version" >&2; exit 1 ;;
  esac
  mv "$out.tmp" "$out"
  rm -rf "$src"
}

mkdir -p "${TERRAFORM%/*}" "${TOFU%/*}"
build terraform "$TERRAFORM_VERSION" github.com/hashicorp/terraform . "$TERRAFORM" unlink_local_modules
build tofu "$TOFU_VERSION" github.com/opentofu/opentofu ./cmd/tofu "$TOFU"
echo "$TERRAFORM"
echo "$TOFU"
