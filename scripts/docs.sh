#!/usr/bin/env bash
# make docs: regenerates docs/ with tfplugindocs (a go tool of this module) from the provider's
# schemas, examples/ and templates/.
#
# tfplugindocs reads the schemas through `terraform providers schema -json`, and a Terraform
# before 1.14 leaves list resources out of that output (and one before 1.12, identity schemas),
# so their pages would silently disappear. When it finds no terraform on PATH it downloads the
# latest release, and docs must not depend on the network. So this script chooses a Terraform
# 1.14 or later itself and puts it first on tfplugindocs' PATH:
#
#   1. DOCS_TERRAFORM, when set (a path to the binary);
#   2. the terraform on PATH, when it is 1.14 or later (CI's setup-terraform installs one);
#   3. the Terraform 1.14 that scripts/build-clis.sh (make clis) built.
#
# With none of these it stops and says so, rather than writing incomplete docs.
set -euo pipefail
cd "$(dirname "$0")/.."

export TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1

# terraform_version BINARY: prints "major minor" of a Terraform binary, nothing for OpenTofu or
# anything that is not a CLI: OpenTofu's list support is not Terraform's, and its version
# numbers do not compare with Terraform's.
terraform_version() {
  local first
  first=$("$1" version 2>/dev/null | sed -n 1p) || return 0
  sed -nE 's/^Terraform v([0-9]+)\.([0-9]+)\..*/\1 \2/p' <<<"$first"
}

# new_enough BINARY: whether BINARY is Terraform 1.14 or later.
new_enough() {
  local v major minor
  v=$(terraform_version "$1")
  [ -n "$v" ] || return 1
  read -r major minor <<<"$v"
  [ "$major" -gt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -ge 14 ]; }
}

tf=""
if [ -n "${DOCS_TERRAFORM:-}" ]; then
  new_enough "$DOCS_TERRAFORM" || {
    echo "DOCS_TERRAFORM=$DOCS_TERRAFORM is not Terraform 1.14 or later" >&2
    exit 1
  }
  tf=$DOCS_TERRAFORM
elif command -v terraform >/dev/null && new_enough "$(command -v terraform)"; then
  tf=$(command -v terraform)
else
  built=$(bash scripts/build-clis.sh --paths | sed -n 1p)
  if [ -x "$built" ] && new_enough "$built"; then tf=$built; fi
fi
if [ -z "$tf" ]; then
  cat >&2 <<EOF
make docs needs Terraform 1.14 or later: older versions leave the list resources out of the
provider schema, so their pages would be missing. Either
  - run 'make clis' once (builds Terraform 1.14 from source through the Go module proxy into
    ${CLI_CACHE:-~/.cache/tf-cli}; about 10 minutes on two cores), or
  - put Terraform 1.14+ on PATH, or name it: make docs DOCS_TERRAFORM=/path/to/terraform
EOF
  exit 1
fi
echo "==> docs: $(terraform_version "$tf" | tr ' ' .) ($tf)"

# tfplugindocs looks the CLI up as `terraform` on PATH; a directory holding only a link to the
# chosen binary makes that lookup find it whatever the binary is called.
bindir=$(mktemp -d)
trap 'rm -rf "$bindir"' EXIT
ln -s "$(cd "$(dirname "$tf")" && pwd)/$(basename "$tf")" "$bindir/terraform"

PATH="$bindir:$PATH" go tool tfplugindocs generate --provider-name hubspot --rendered-provider-name HubSpot
