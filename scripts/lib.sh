# Shared by demo.sh and bench.sh: build the provider into a local filesystem mirror, start the
# emulator, and point Terraform at both. Nothing is fetched from the network: Terraform installs
# the provider from the mirror, and the emulator runs from this checkout.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VERSION=${VERSION:-0.1.0}
ADDRESS=registry.terraform.io/supportops/hubspot

# build_provider DIR: builds the provider into DIR/plugins as the filesystem mirror expects
# and writes DIR/terraformrc, which installs it from there and from nowhere else.
build_provider() {
  local dir=$1
  local os arch
  os=$(go env GOOS)
  arch=$(go env GOARCH)
  local plugdir="$dir/plugins/$ADDRESS/$VERSION/${os}_${arch}"
  mkdir -p "$plugdir"
  (cd "$ROOT" && go build -ldflags "-X main.version=$VERSION" -o "$plugdir/terraform-provider-hubspot_v$VERSION" .)
  cat >"$dir/terraformrc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$dir/plugins"
    include = ["$ADDRESS"]
  }
}
disable_checkpoint = true
RC
  export TF_CLI_CONFIG_FILE="$dir/terraformrc"
  export CHECKPOINT_DISABLE=1
  export TF_IN_AUTOMATION=1
}

# start_emulator DIR TOKEN [FLAGS...]: builds and starts the emulator on a free loopback port,
# waits for its "listening" line and exports HUBSPOT_BASE_URL and HUBSPOT_ACCESS_TOKEN.
start_emulator() {
  local dir=$1 token=$2
  shift 2
  (cd "$ROOT" && go build -o "$dir/hubspot-emulator" ./cmd/hubspot-emulator)
  local log="$dir/emulator.log"
  "$dir/hubspot-emulator" -addr 127.0.0.1:0 -token "$token" "$@" >"$log" 2>&1 &
  EMULATOR_PID=$!
  trap stop_emulator EXIT
  local url=""
  for _ in $(seq 1 100); do
    url=$(sed -n 's/^hubspot emulator listening on //p' "$log")
    [ -n "$url" ] && break
    kill -0 "$EMULATOR_PID" 2>/dev/null || { cat "$log"; echo "the emulator exited" >&2; return 1; }
    sleep 0.1
  done
  [ -n "$url" ] || { echo "the emulator did not start" >&2; return 1; }
  export HUBSPOT_BASE_URL=$url HUBSPOT_ACCESS_TOKEN=$token
  echo "==> emulator listening on $url"
}

stop_emulator() {
  if [ -n "${EMULATOR_PID:-}" ] && kill -0 "$EMULATOR_PID" 2>/dev/null; then
    kill "$EMULATOR_PID"
    wait "$EMULATOR_PID" 2>/dev/null || true
    echo "==> emulator stopped"
  fi
}
