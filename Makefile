# Fenrir: build, run locally and test. Everything runs as root on Debian 12 (see deploy/README.md).
#
#   make deps     Debian packages (deploy/install-deps.sh --vm-test: with the nested-VM test's; idempotent)
#   make rootfs   the sandbox root filesystem (cached in /var/cache/fenrir/rootfs)
#   make build    all modules, without tests
#   make up       deps + build + rootfs, then deploy/local/up.sh (loopback only)
#   make down     deploy/local/down.sh (data kept in /var/lib/fenrir)
#   make test     deps + rootfs, then every test with ./mvnw verify: unit tests (surefire, no root, no
#                 services) and the tagged e2e, security, chaos and host tests (failsafe); the tiers and
#                 how to run each are in integration-tests/README.md. Then, after it, the nested-VM test
#                 of `make vm-test` on the jars verify built (about 8 minutes more; VM_TEST=0 leaves it
#                 out for a quicker local run; CI runs it)
#   make chaos    deps + rootfs, then the fault-injection suite alone (it is part of `make test` too);
#                 counts in integration-tests/target/chaos-report.md
#   make bench    deps + rootfs, then builds and runs the benchmarks (tag bench, not part of `make test`):
#                 throughput, worker creation and per-job overhead on the real stack; prints the figures
#                 and writes them into docs/benchmarks.md (BENCH_POOL, BENCH_JOBS)
#   make lint     deploy/lint.sh: shellcheck on the scripts, cloud-init schema on the VM's user-data,
#                 systemd-analyze verify on deploy/systemd, Tempo's config against its documented keys
#   make init     the whole platform in a Multipass VM (multipass/README.md): VM_NAME, VM_CPUS,
#                 VM_MEMORY, VM_DISK; prints the API, Grafana and Prometheus URLs
#   make init-down  deletes that VM and its data
#   make vm-test  deps + build + rootfs, then the provisioning proven in a nested qemu VM on cgroup v2,
#                 and the adversarial suite run against it (deploy/vm-test/run.sh; CPU-heavy, about 8
#                 minutes with its guest image cached, 3 more to build it; part of `make test`)
#   make clean    Maven build output (not the rootfs cache, not /var/lib/fenrir)

SHELL := /bin/bash
MVNW := ./mvnw -B --no-transfer-progress
BENCH_POOL ?= 2
BENCH_JOBS ?= 200
VM_NAME ?= fenrir
VM_CPUS ?= 2
VM_MEMORY ?= 4G
VM_DISK ?= 20G
VM_TEST ?= 1

.PHONY: deps rootfs build up down test chaos bench lint init init-down vm-test clean

deps:
	deploy/install-deps.sh --vm-test

rootfs:
	deploy/rootfs/build-rootfs.sh

build:
	$(MVNW) -q -DskipTests package

up: deps build rootfs
	deploy/local/up.sh

down:
	deploy/local/down.sh

# The nested-VM test after the Maven suite, never beside it (two cores). Both take the integration-test
# lock through with-it-lock.sh, which also works under a caller's own `flock /tmp/fenrir-it.lock`.
test: deps rootfs
	$(MVNW) verify
ifneq ($(VM_TEST),0)
	deploy/with-it-lock.sh deploy/vm-test/run.sh
endif

# -am builds and packages the modules integration-tests starts; -DskipUTs leaves their unit tests out.
chaos: deps rootfs
	$(MVNW) -pl integration-tests -am verify -DskipUTs -Dit.test=FaultInjectionTest

# Benchmarks are JUnit classes tagged "bench" in integration-tests; -Pbench makes failsafe run them alone.
bench: deps rootfs
	$(MVNW) -pl integration-tests -am -Pbench verify -DskipUTs -Dfenrir.bench.pool=$(BENCH_POOL) \
		-Dfenrir.bench.jobs=$(BENCH_JOBS)

lint:
	deploy/lint.sh

init:
	VM_NAME=$(VM_NAME) VM_CPUS=$(VM_CPUS) VM_MEMORY=$(VM_MEMORY) VM_DISK=$(VM_DISK) multipass/launch.sh

init-down:
	VM_NAME=$(VM_NAME) multipass/launch.sh --delete

# Under the integration-test lock: two CPU-heavy runs on one machine slow each other several-fold.
vm-test: deps build rootfs
	deploy/with-it-lock.sh deploy/vm-test/run.sh

clean:
	$(MVNW) -q clean
