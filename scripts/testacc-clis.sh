#!/usr/bin/env bash
# Runs the acceptance tests on each CLI the provider supports: the Terraform on PATH, then
# Terraform 1.14 and OpenTofu 1.11 where scripts/build-clis.sh has built them (it says so in
# one line where it has not). Every CLI runs even when one fails, so that one run shows every
# difference between them; the exit status is non-zero when any failed.
#
#   usage: scripts/testacc-clis.sh [go test flags...]
set -euo pipefail
cd "$(dirname "$0")/.."

clis=()
if command -v terraform >/dev/null; then clis+=("$(command -v terraform)"); fi
missing=()
while read -r cli; do
  if [ -x "$cli" ]; then clis+=("$cli"); else missing+=("$cli"); fi
done < <(bash scripts/build-clis.sh --paths)
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> not built, so not tested: ${missing[*]} (scripts/build-clis.sh builds them)"
fi
if [ ${#clis[@]} -eq 0 ]; then
  echo "no Terraform CLI on PATH" >&2
  exit 1
fi

failed=()
for cli in "${clis[@]}"; do
  echo "==> acceptance tests on $(TF_CLI_CONFIG_FILE=/dev/null "$cli" version | sed -n 1p) ($cli)"
  start=$SECONDS
  if TF_ACC=1 TF_ACC_TERRAFORM_PATH=$cli go test ./internal/provider -count=1 "$@"; then
    echo "==> passed on $cli in $((SECONDS - start))s"
  else
    echo "==> FAILED on $cli in $((SECONDS - start))s"
    failed+=("$cli")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "acceptance tests failed on: ${failed[*]}" >&2
  exit 1
fi
