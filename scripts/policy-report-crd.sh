#!/usr/bin/env bash
# Provides the Policy WG's PolicyReport CRD (wgpolicyk8s.io/v1alpha2, the version Policy Reporter
# and Kyverno read), pinned, from the Go module sigs.k8s.io/wg-policy-prototypes, into
# ${POLICY_REPORT_CRD_DIR:-~/.cache/sandbox-egress-policy-report}/<version>/, named in
# policy-report-crd.env there. The tests install it into their API server; the operator never ships
# it (a cluster gets it with Kyverno or Policy Reporter). Nothing is fetched except through the Go
# module proxy; a second run finds the file and takes no time.
set -euo pipefail

module=sigs.k8s.io/wg-policy-prototypes
# The module has no release tags; this commit's v1alpha2 CRD is the one Kyverno's and Policy
# Reporter's v1alpha2 clients were written against.
version=v0.0.0-20210911211205-fb8f67bb6d38
# go.sum's hash of that module version: the download is checked against it as well as the checksum database.
sum='h1:kbAOrOwQbXFrgz1vd2NGMpGOY9aQMjGAZ/xv7wTxiMg='
file=policy-report/crd/v1alpha2/wgpolicyk8s.io_policyreports.yaml

base="${POLICY_REPORT_CRD_DIR:-$HOME/.cache/sandbox-egress-policy-report}"
target="$base/$version/wgpolicyk8s.io_policyreports.yaml"

if [ ! -f "$target" ]; then
  command -v go >/dev/null || { echo "the Go toolchain is needed to fetch the PolicyReport CRD" >&2; exit 1; }
  echo "fetching the PolicyReport CRD from $module@$version"
  # outside any module, so that no go.mod of the project's is read or changed
  outside=$(mktemp -d)
  trap 'rm -rf "$outside"' EXIT
  json=$(cd "$outside" && GOFLAGS=-mod=mod go mod download -json "$module@$version")
  dir=$(sed -n 's#^\s*"Dir": "\(.*\)",#\1#p' <<<"$json")
  got=$(sed -n 's#^\s*"Sum": "\(.*\)",#\1#p' <<<"$json")
  [ "$got" = "$sum" ] || { echo "$module@$version has hash $got, expected $sum" >&2; exit 1; }
  [ -f "$dir/$file" ] || { echo "$module@$version has no $file" >&2; exit 1; }
  mkdir -p "$(dirname "$target")"
  install -m 0644 "$dir/$file" "$target.tmp"
  mv "$target.tmp" "$target"
fi

# The tests (PolicyReportCrdFile) read where the file is from this one line.
echo "POLICY_REPORT_CRD=$target" > "$base/.policy-report-crd.env.tmp"
mv "$base/.policy-report-crd.env.tmp" "$base/policy-report-crd.env"
echo "PolicyReport CRD present: $target"
