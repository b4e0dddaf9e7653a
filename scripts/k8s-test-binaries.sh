#!/usr/bin/env bash
# Provides kube-apiserver, etcd and kubectl of one pinned Kubernetes version in the layout that
# fabric8's kube-api-test reads: ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<version>-linux-amd64/.
# They are built from their Go modules (test-support/k8s) with the Go toolchain; nothing is fetched
# except through the Go module proxy. Binaries already present (ours, or a user's envtest ones) are
# used as they are, so a second run takes seconds.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
module="$root/test-support/k8s"
version=$(sed -n 's#^\s*k8s.io/kubernetes v\([0-9.]*\)$#\1#p' "$module/go.mod")
[ -n "$version" ] || { echo "cannot read the pinned k8s.io/kubernetes version from $module/go.mod" >&2; exit 1; }

goos=$(go env GOOS)
goarch=$(go env GOARCH)
target="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/${version}-${goos}-${goarch}"
binaries=(kube-apiserver etcd kubectl)

missing=()
for b in "${binaries[@]}"; do
  [ -x "$target/$b" ] || missing+=("$b")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "Kubernetes $version test binaries present in $target"
  exit 0
fi

command -v go >/dev/null || { echo "the Go toolchain is needed to build ${missing[*]}" >&2; exit 1; }
echo "building ${missing[*]} (Kubernetes $version) into $target; the first build takes several minutes"
mkdir -p "$target"
ldflags="-s -w"
ldflags+=" -X k8s.io/component-base/version.gitVersion=v${version}"
ldflags+=" -X k8s.io/component-base/version.gitMajor=${version%%.*}"
minor=${version#*.}
ldflags+=" -X k8s.io/component-base/version.gitMinor=${minor%%.*}"
ldflags+=" -X k8s.io/component-base/version.gitTreeState=clean"
ldflags+=" -X k8s.io/client-go/pkg/version.gitVersion=v${version}"
ldflags+=" -X k8s.io/client-go/pkg/version.gitMajor=${version%%.*}"
ldflags+=" -X k8s.io/client-go/pkg/version.gitMinor=${minor%%.*}"

cd "$module"
for b in "${missing[@]}"; do
  start=$SECONDS
  # Build to a temporary name so an interrupted build never leaves a half-written binary behind.
  CGO_ENABLED=0 go build -trimpath -mod=readonly -ldflags "$ldflags" -o "$target/.$b.tmp" "./cmd/$b"
  mv "$target/.$b.tmp" "$target/$b"
  echo "built $b in $((SECONDS - start)) s"
done
"$target/kube-apiserver" --version
