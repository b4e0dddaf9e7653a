#!/usr/bin/env bash
# Regenerates crd/ from the api classes (fabric8's CRD generator runs in the build), and the Helm
# chart's copy of it (helm/sandbox-egress-operator/crds/).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rm -f crd/sandboxegresses.sandboxegress.io-v1.yml
mvn -B -q test -Dtest=CommittedCrdTest -Dcrd.update=true -Dsurefire.failIfNoSpecifiedTests=false
cp crd/sandboxegresses.sandboxegress.io.yaml helm/sandbox-egress-operator/crds/
echo "crd/ and the chart's crds/ regenerated; review with git diff crd/ helm/"
