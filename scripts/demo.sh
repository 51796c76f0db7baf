#!/usr/bin/env bash
# make demo: apply the example portal configuration (examples/demo) against the built-in
# HubSpot emulator, print its outputs, show that a second plan has nothing to change, and stop
# the emulator.
source "$(dirname "$0")/lib.sh"

DEMO="$ROOT/.demo"
rm -rf "$DEMO"
mkdir -p "$DEMO/work"
echo "==> building the provider and the emulator"
build_provider "$DEMO"
start_emulator "$DEMO" "pat-demo-$(date +%s)" -rate-limit 100/10s -state "$DEMO/portal.json"

cp "$ROOT"/examples/demo/*.tf "$DEMO/work/"
cd "$DEMO/work"
echo "==> terraform init"
terraform init -input=false -no-color >/dev/null
echo "==> terraform apply"
terraform apply -input=false -auto-approve -no-color
echo "==> terraform output"
terraform output -no-color
echo "==> terraform plan (expecting no changes)"
set +e
terraform plan -input=false -detailed-exitcode -no-color >"$DEMO/plan.txt"
code=$?
set -e
case $code in
  0) echo "No changes: the portal matches the configuration." ;;
  2) cat "$DEMO/plan.txt"; echo "FAIL: the second plan has changes" >&2; exit 1 ;;
  *) cat "$DEMO/plan.txt"; echo "FAIL: terraform plan failed" >&2; exit 1 ;;
esac
