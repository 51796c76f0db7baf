#!/usr/bin/env bash
# make fuzz: a short run of every fuzz target in the module (the emulator's request decoding,
# the client's response and error decoding, ...), one after another, each for FUZZTIME (10s
# unless set) plus at most 10 runs to minimise a failing input. The targets are found in the
# sources, so a new one joins the run without a change here. A failure leaves the input that
# caused it in the package's testdata/fuzz/<target>/, where `go test` replays it from then on;
# commit it with the fix.
#
#   usage: scripts/fuzz.sh
#   env:   FUZZTIME (default 10s), a -fuzztime value
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime=${FUZZTIME:-10s}
failed=()
count=0
start=$SECONDS
while read -r dir; do
  pkg=./$dir
  for target in $(sed -nE 's/^func (Fuzz[A-Za-z0-9_]*)\(.*\*testing\.F\).*/\1/p' "$dir"/*_test.go); do
    count=$((count + 1))
    echo "==> $pkg $target ($fuzztime)"
    # -run '^$' leaves the package's other tests out; the seed corpus still runs first.
    if ! go test "$pkg" -run '^$' -fuzz "^$target\$" -fuzztime "$fuzztime" -fuzzminimizetime 10x -timeout 5m; then
      failed+=("$pkg $target")
    fi
  done
done < <(grep -rlE '^func Fuzz[A-Za-z0-9_]*\(.*\*testing\.F\)' --include='*_test.go' . | xargs -n1 dirname | sed 's#^\./##' | sort -u)
echo "==> fuzzed $count targets in $((SECONDS - start))s"
if [ ${#failed[@]} -gt 0 ]; then
  printf 'fuzzing found a failure in: %s\n' "${failed[@]}" >&2
  exit 1
fi
if [ "$count" -eq 0 ]; then
  echo "no fuzz targets found" >&2
  exit 1
fi
