#!/usr/bin/env bash
# Measures, with the real Terraform CLI against the emulator, how the provider behaves when
# HubSpot limits or Terraform is interrupted. It prints numbers; it asserts nothing.
#
#   daily      the first request past the 10th (during the plan), then past the 20th (during
#              the apply), answers a DAILY 429 and spends the daily budget, as another app of
#              the account would: how many requests are sent after it, and how many error
#              blocks the user sees.
#   stricter   30% of requests answer a TEN_SECONDLY 429 in bursts of 2 while the headers
#              report room: how many 429s HubSpot sent, how many reached the user, and whether
#              the apply succeeded.
#   interrupt  the first ticket batch create is answered 4 s late; Terraform gets SIGINT once
#              HubSpot holds its tickets: how long Terraform takes to exit, how many tickets land
#              in the state and in HubSpot, and how many HubSpot holds after a plain re-run.
#
#   usage: scripts/measure-faults.sh [daily|stricter|interrupt]...   (default: all three)
#   TERRAFORM=/path/to/terraform-or-tofu picks the CLI.
source "$(dirname "$0")/lib.sh"

TF=${TERRAFORM:-terraform}
WORK="$ROOT/.measure-faults"
TICKETS=20
rm -rf "$WORK"
mkdir -p "$WORK"
build_provider "$WORK"

# config writes the measured configuration into a fresh working directory, $WORK/$1.
config() {
  local dir="$WORK/$1"
  mkdir -p "$dir"
  cat >"$dir/main.tf" <<EOF
terraform {
  required_providers {
    hubspot = { source = "supportops/hubspot" }
  }
}

provider "hubspot" {}

resource "hubspot_ticket_property_group" "g" {
  name  = "measure"
  label = "Measure"
}

resource "hubspot_ticket_property" "p" {
  count      = 4
  name       = "measure_\${count.index}"
  label      = "Measure \${count.index}"
  type       = "string"
  field_type = "text"
  group_name = hubspot_ticket_property_group.g.name
}

resource "hubspot_ticket" "t" {
  count    = $TICKETS
  subject  = "Measured ticket \${count.index}"
  stage_id = "1"
  priority = "HIGH"
}
EOF
  (cd "$dir" && "$TF" init -input=false -no-color >/dev/null)
  echo "$dir"
}

api() { curl -sf -H "Authorization: Bearer $HUBSPOT_ACCESS_TOKEN" "$HUBSPOT_BASE_URL$1"; }
requests_json() { api /_emulator/requests; }
live_tickets() { api "/crm/v3/objects/tickets?limit=100&properties=subject" | jq '[.results[] | select(.properties.subject | startswith("Measured"))] | length'; }
error_blocks() { grep -cE '^(│ )?Error: ' "$1" || true; }
# mentions counts a phrase in the CLI's output, which wraps lines at spaces.
mentions() { tr '\n' ' ' <"$2" | sed 's/│ */ /g; s/  */ /g' | grep -o "$1" | wc -l; }

measure_daily() {
  for skip in 10 20; do measure_daily_after "$skip"; done
}

measure_daily_after() {
  echo "== daily: a DAILY 429 after $1 requests"
  start_emulator "$WORK" "pat-measure-daily" -rate-limit 100/1s -fault "429,p=1,policy=DAILY,skip=$1,max=1"
  local dir
  dir=$(config "daily$1")
  local code=0
  (cd "$dir" && "$TF" apply -auto-approve -no-color >"$dir/out.txt" 2>&1) || code=$?
  requests_json | jq -r --arg code "$code" '.results as $r
    | ($r | map(.status) | index(429)) as $first
    | "requests: \($r | length); the first DAILY 429 is request \($first + 1); requests sent after it: \($r | length - $first - 1)" +
      " (of which 429: \([$r[$first + 1:][] | select(.status == 429)] | length)); terraform exit \($code)"'
  echo "error blocks shown: $(error_blocks "$dir/out.txt"); mentions of the daily limit: $(mentions 'daily API request limit is spent' "$dir/out.txt")"
  stop_emulator
}

measure_stricter() {
  echo "== stricter: 30% of requests answer TEN_SECONDLY 429 (bursts of 2) while the headers report room"
  start_emulator "$WORK" "pat-measure-stricter" -rate-limit 100/1s -fault "429,p=0.3,burst=2"
  local dir
  dir=$(config stricter)
  local code=0
  (cd "$dir" && "$TF" apply -auto-approve -no-color >"$dir/out.txt" 2>&1) || code=$?
  requests_json | jq -r --arg code "$code" '.results as $r
    | "requests: \($r | length); 429s sent by HubSpot: \([$r[] | select(.status == 429)] | length); terraform exit \($code)"'
  echo "error blocks shown: $(error_blocks "$dir/out.txt"); mentions of a 429: $(mentions ': 429' "$dir/out.txt")"
  echo "tickets in HubSpot: $(live_tickets) of $TICKETS"
  stop_emulator
}

measure_interrupt() {
  echo "== interrupt: SIGINT while a ticket batch create is in flight (its answer comes 4 s late)"
  start_emulator "$WORK" "pat-measure-interrupt" -rate-limit 100/1s -fault "slow,p=1,method=POST,path=/crm/v3/objects/tickets/batch/create,delay=4s,max=1"
  local dir
  dir=$(config interrupt)
  (cd "$dir" && exec "$TF" apply -auto-approve -no-color >"$dir/out.txt" 2>&1) &
  local pid=$!
  for _ in $(seq 1 300); do
    [ "$(live_tickets)" -gt 0 ] && break
    sleep 0.1
  done
  local held sent
  held=$(live_tickets)
  sent=$(date +%s%N)
  kill -INT "$pid"
  local code=0
  wait "$pid" || code=$?
  local took
  took=$((($(date +%s%N) - sent) / 1000000))
  echo "HubSpot held $held tickets at SIGINT; terraform exited $code after ${took} ms"
  echo "tickets in the state: $(cd "$dir" && "$TF" state list | grep -c '^hubspot_ticket\.' || true); in HubSpot: $(live_tickets)"
  curl -sf -X PUT -d '{"rules":[]}' "$HUBSPOT_BASE_URL/_emulator/faults" >/dev/null
  local again=0
  (cd "$dir" && "$TF" apply -auto-approve -no-color >"$dir/again.txt" 2>&1) || again=$?
  echo "after one plain re-run (exit $again): tickets in the state: $(cd "$dir" && "$TF" state list | grep -c '^hubspot_ticket\.' || true); in HubSpot: $(live_tickets) of $TICKETS"
  stop_emulator
}

for m in "${@:-daily stricter interrupt}"; do
  for one in $m; do "measure_$one"; done
done
