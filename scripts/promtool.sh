#!/usr/bin/env bash
# Provides Prometheus' promtool, pinned by the wrapper Go module test-support/promtool, built once
# from the Go module proxy into ${PROMTOOL_DIR:-~/.cache/sandbox-egress-promtool}/<version>/promtool
# and reused (a second run takes a second). The tests check and unit-test the chart's alerting rules
# with it (PrometheusRuleTest). Test tooling: it never ships with the operator.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
module="$root/test-support/promtool"
version=$(sed -n 's#^\s*github.com/prometheus/prometheus \(v[^ ]*\).*#\1#p' "$module/go.mod")
[ -n "$version" ] || { echo "cannot read the pinned github.com/prometheus/prometheus version from $module/go.mod" >&2; exit 1; }
dir="${PROMTOOL_DIR:-$HOME/.cache/sandbox-egress-promtool}/$version"

if [ ! -x "$dir/promtool" ]; then
  command -v go >/dev/null || { echo "the Go toolchain is needed to build promtool" >&2; exit 1; }
  echo "building promtool ($version) into $dir; the first build takes several minutes"
  start=$SECONDS
  mkdir -p "$dir"
  # Prometheus 3.x.y is the Go module v0.3xx.y: promtool --version names the release
  release=$(echo "$version" | sed -n 's#^v0\.3\([0-9][0-9]\)\.\([0-9]*\)$#3.\1.\2#p' | sed 's#^3\.0\([0-9]\)#3.\1#')
  # Build to a temporary name so an interrupted build never leaves a half-written binary behind.
  (cd "$module" && CGO_ENABLED=0 go build -trimpath -mod=readonly \
    -ldflags "-s -w -X github.com/prometheus/common/version.Version=${release:-$version}" \
    -o "$dir/.promtool.tmp" github.com/prometheus/prometheus/cmd/promtool)
  mv "$dir/.promtool.tmp" "$dir/promtool"
  echo "built promtool in $((SECONDS - start)) s"
fi
"$dir/promtool" --version | head -1
