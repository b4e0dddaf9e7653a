#!/usr/bin/env bash
# Regenerates crd/ from the api classes (fabric8's CRD generator runs in the build).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rm -f crd/sandboxegresses.sandboxegress.io-v1.yml
mvn -B -q test -Dtest=CommittedCrdTest -Dcrd.update=true -Dsurefire.failIfNoSpecifiedTests=false
echo "crd/ regenerated; review with git diff crd/"
