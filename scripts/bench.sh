#!/usr/bin/env bash
# make bench: the request-cost benchmark of the standard portal (see scripts/bench).
set -euo pipefail
cd "$(dirname "$0")/.."
go run ./scripts/bench "$@"
