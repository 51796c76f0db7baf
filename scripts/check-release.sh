#!/usr/bin/env bash
# make release-check: checks a goreleaser build in dist/ against what the Terraform Registry
# expects of a provider release: one terraform-provider-hubspot_<version>_<os>_<arch>.zip per
# platform holding terraform-provider-hubspot_v<version>, a SHA256SUMS file that covers every
# zip and the manifest, and the manifest naming the protocol the provider serves.
#
#   usage: scripts/check-release.sh [DIST]   (default dist)
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${1:-dist}
name=terraform-provider-hubspot
platforms="darwin_amd64 darwin_arm64 linux_amd64 linux_arm64 windows_amd64 windows_arm64"

fail() {
  echo "release-check: $*" >&2
  exit 1
}

version=$(jq -r .version "$dist/metadata.json")
[ -n "$version" ] && [ "$version" != null ] || fail "$dist/metadata.json names no version"

expected=()
for p in $platforms; do expected+=("${name}_${version}_$p.zip"); done
actual=()
while read -r f; do actual+=("$f"); done < <(cd "$dist" && ls -1 -- *.zip | sort)
[ "${actual[*]}" = "${expected[*]}" ] || fail "archives are: ${actual[*]}; expected: ${expected[*]}"

for p in $platforms; do
  zip=$dist/${name}_${version}_$p.zip
  binary=${name}_v$version
  case $p in windows_*) binary=$binary.exe ;; esac
  unzip -Z1 "$zip" | grep -qx "$binary" || fail "$zip does not hold $binary: $(unzip -Z1 "$zip" | tr '\n' ' ')"
done

# The version the binary reports to Terraform comes from a linker flag (main.version, "dev"
# without it), and -trimpath keeps linker flags out of the build info: look for the string.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unzip -q -d "$tmp" "$dist/${name}_${version}_$(go env GOOS)_$(go env GOARCH).zip"
grep -qaF -- "$version" "$tmp/${name}_v$version" || fail "the binary does not hold its version $version"
go version -m "$tmp/${name}_v$version" | grep -q "CGO_ENABLED=0" || fail "the binary was not built with CGO_ENABLED=0"

sums=$dist/${name}_${version}_SHA256SUMS
manifest=${name}_${version}_manifest.json
[ -f "$sums" ] || fail "no $sums"
listed=$(awk '{print $2}' "$sums" | sort | tr '\n' ' ')
want=$(printf '%s\n' "${expected[@]}" "$manifest" | sort | tr '\n' ' ')
[ "$listed" = "$want" ] || fail "$sums lists: $listed; expected: $want"
(cd "$dist" && grep -v " $manifest\$" "$(basename "$sums")" | sha256sum --quiet -c -) || fail "a zip does not match $sums"
manifest_sum=$(awk -v m="$manifest" '$2 == m {print $1}' "$sums")
[ "$manifest_sum" = "$(sha256sum terraform-registry-manifest.json | cut -d' ' -f1)" ] ||
  fail "$sums has a checksum for $manifest that is not terraform-registry-manifest.json's"

# The provider serves protocol 6 (tf6server); a manifest naming another would make the
# registry offer it to Terraform versions that cannot run it.
[ "$(jq -c .metadata.protocol_versions terraform-registry-manifest.json)" = '["6.0"]' ] ||
  fail "terraform-registry-manifest.json must name protocol_versions [\"6.0\"]"
[ "$(jq .version terraform-registry-manifest.json)" = 1 ] || fail "terraform-registry-manifest.json must be version 1"

echo "release-check: $version: ${#expected[@]} archives, SHA256SUMS and manifest as the registry expects"
printf '  %s\n' "${expected[@]}" "$(basename "$sums")" "$manifest"
