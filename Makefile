# The project's entry points. `make test` is what CI runs (.ci/run).
.PHONY: test-binaries build test demo crd

test-binaries:
	bash scripts/k8s-test-binaries.sh

build:
	mvn -B -q package -DskipTests

test: test-binaries
	mvn -B verify

crd:
	bash scripts/update-crd.sh

demo: test-binaries build
	java -jar target/sandbox-egress-operator.jar demo
