#!/usr/bin/env bash
# make examples-check: every example is formatted, and every example folder validates against
# the provider built from this checkout, installed from a local filesystem mirror (no network).
#
# The examples under examples/resources and examples/data-sources are rendered into docs/ by
# tfplugindocs, one file per page, so they carry no terraform block: each is validated in a
# copy with a generated providers.tf. Every other folder is a configuration a user runs as it
# is, so it must declare its own required_providers.
#
# Validation uses the newest Terraform built (scripts/build-clis.sh), else the one on PATH,
# since examples may show features that need it (identity in import blocks, list blocks).
# Query files (*.tfquery.hcl) are validated too when that Terraform knows `validate -query`.
source "$(dirname "$0")/lib.sh"

tf=$(command -v terraform)
newest=$(bash "$ROOT/scripts/build-clis.sh" --paths | sed -n 1p)
if [ -x "$newest" ]; then tf=$newest; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
build_provider "$work"
echo "==> examples: $("$tf" version | sed -n 1p)"
query=""
if "$tf" validate -help 2>/dev/null | grep -q -- -query; then query=-query; fi

cd "$ROOT"
status=0
"$tf" fmt -check -recursive -diff examples || { echo "examples are not formatted: run 'terraform fmt -recursive examples'"; status=1; }

count=0
while read -r dir; do
  copy=$work/validate/$dir
  mkdir -p "$copy"
  cp "$dir"/*.tf "$dir"/*.tfquery.hcl "$copy"/ 2>/dev/null || true
  if ! grep -qs required_providers "$dir"/*.tf; then
    case $dir in
      examples/resources/* | examples/data-sources/* | examples/list-resources/*)
        cat >"$copy/providers.tf" <<'TF'
terraform {
  required_providers {
    hubspot = { source = "supportops/hubspot" }
  }
}
TF
        ;;
      *)
        echo "FAIL $dir: declares no required_providers for hubspot"
        status=1
        continue
        ;;
    esac
  fi
  if (cd "$copy" && "$tf" init -backend=false -input=false -no-color >init.log 2>&1 || { cat init.log; false; }) &&
    out=$(cd "$copy" && "$tf" validate $query -no-color 2>&1); then
    count=$((count + 1))
  else
    echo "FAIL $dir:"
    echo "${out:-}"
    status=1
  fi
  out=""
done < <(find examples \( -name '*.tf' -o -name '*.tfquery.hcl' \) -printf '%h\n' | sort -u)
echo "==> $count example folders valid"
exit $status
