# The project's entry points. `make test` is what CI runs (.ci/run).
.PHONY: test-binaries lab-binaries build test demo crd bench faults

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

# The operator at scale (docs/benchmarks.md): its jar as a process of its own against the local API
# server, 1,000 SandboxEgresses and 10,000 pods unless BENCH_CRS / BENCH_PODS say otherwise. The
# report ends with key: value lines.
BENCH_CRS ?= 1000
BENCH_PODS ?= $(shell echo $$(( $(BENCH_CRS) * 10 )))
bench: build
	mvn -B -q test -Dbenchmark=true -Dtest=OperatorBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
		-Djacoco.skip=true -Dbenchmark.crs=$(BENCH_CRS) -Dbenchmark.pods=$(BENCH_PODS) > target/benchmark.log 2>&1 \
		|| { tail -50 target/benchmark.log; exit 1; }
	@cat target/benchmark.txt

# The full fault suite (docs/reliability.md): the operator as a process of its own SIGKILLed in
# bursts of 500 CRs, its API server restarted and unreachable, its leader killed, probe pods broken
# on the data-plane lab. Prints fault | expected | observed | recovery and `faults: N/M survived`.
FAULT_TESTS = io.sandboxegress.faults.*Test,io.sandboxegress.lab.ProbeFaultsLabTest
faults: test-binaries
	rm -rf target/faults
	mvn -B verify -Dfaults=full -Dtest='$(FAULT_TESTS)' -Dsurefire.failIfNoSpecifiedTests=false; \
	status=$$?; bash scripts/fault-table.sh target/faults/table.tsv && exit $$status
