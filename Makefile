# The project's entry points. `make test` is what CI runs (.ci/run).
.PHONY: test-binaries lab-binaries build test demo crd

# kube-apiserver, etcd, kubectl; the Policy WG's PolicyReport CRD; then the data-plane lab's
# kube-router, istiod, pilot-agent, Envoy
test-binaries:
	bash scripts/k8s-test-binaries.sh
	bash scripts/policy-report-crd.sh
	bash scripts/lab-binaries.sh
	bash scripts/promtool.sh

lab-binaries:
	bash scripts/lab-binaries.sh

build:
	mvn -B -q package -DskipTests

test: test-binaries
	mvn -B verify

crd:
	bash scripts/update-crd.sh

demo: test-binaries build
	java -jar target/sandbox-egress-operator.jar demo
