#!/bin/bash
# The nested-VM test's own part of the guest's user-data (deploy/vm-test/run.sh sends it beside
# multipass/cloud-init.yaml, unchanged, as a second MIME part). cloud-init runs it once, before the
# runcmd of cloud-init.yaml arms the provisioning. It stands in for `multipass transfer` and for the
# internet: the source tarball (with the jars built on the host) and S3Proxy's jar come on a disk
# labelled fenrir-src, the sandbox rootfs built on the host on a disk labelled fenrir-rootfs; vendor
# downloads are off (FENRIR_PROVISION_OFFLINE=1). What happens is reported on the serial console as
# lines starting with "FENRIR-VM-TEST", which run.sh reads.
set -euo pipefail

rootfs_key=@ROOTFS_KEY@ # replaced by run.sh: the key directory build-rootfs.sh looks for
time_scale=@TIME_SCALE@ # replaced by run.sh: how many times slower than the host the guest is taken to be
mkdir -p "/var/cache/fenrir/rootfs/$rootfs_key" /mnt/fenrir-src
mount -o ro LABEL=fenrir-rootfs "/var/cache/fenrir/rootfs/$rootfs_key"
mount -o ro LABEL=fenrir-src /mnt/fenrir-src

cat >>/etc/fenrir/provision.env <<'EOF'
# Added by deploy/vm-test/guest-hook.sh
FENRIR_PROVISION_OFFLINE=1
FENRIR_S3PROXY_JAR=/mnt/fenrir-src/s3proxy.jar
FENRIR_POOL_SIZE=1
FENRIR_PROVISION_WAIT_S=2400
EOF
# Under software emulation a worker's JVM takes minutes, not seconds, to be ready. And the manager's
# first call to containerd has a fixed 5 s deadline (ContainerdClient.version), which its JVM misses
# there while the optimizing compiler competes for the two emulated CPUs: the JVMs of the API and the
# manager run with the quick compiler only. A program's CPU time grows as much as its wall time under
# emulation: the attacks (CgroupV2AttackSuiteTest) ask for time limits time_scale times theirs, so the
# API's maxima and the compile step's time limits are time_scale times the defaults here.
cat >/etc/fenrir/local.env <<EOF
FENRIR_WORKER_READY_TIMEOUT_MS=900000
FENRIR_ACK_WAIT_MS=600000
JAVA_TOOL_OPTIONS=-XX:TieredStopAtLevel=1
FENRIR_LIMITS_MAX_CPU_MS=$((30000 * time_scale))
FENRIR_LIMITS_MAX_WALL_MS=$((60000 * time_scale))
FENRIR_COMPILE_CPU_MS=$((20000 * time_scale))
FENRIR_COMPILE_WALL_MS=$((30000 * time_scale))
EOF

cat >/usr/local/sbin/fenrir-vm-test-report <<'EOF'
#!/bin/bash
exec >/dev/ttyS0 2>&1
say() { echo "FENRIR-VM-TEST $*"; }
say "cgroup $(stat -fc %T /sys/fs/cgroup)"
say "apparmor $(cat /sys/module/apparmor/parameters/enabled 2>/dev/null || echo absent)"
journalctl -f -n 0 -o cat -u fenrir-provision.service | sed -u 's/^/FENRIR-VM-TEST log /' &
journalctl -f -n 0 -o cat -u fenrir-manager.service | sed -u 's/^/FENRIR-VM-TEST manager /' &
# What AppArmor refuses (or, in complain mode, would refuse): the kernel's audit lines.
journalctl -k -f -n 0 -o cat | grep --line-buffered 'apparmor=' | sed -u 's/^/FENRIR-VM-TEST kernel /' &
until grep -qE '^(ok|failed)' /var/lib/fenrir-provision/status 2>/dev/null; do sleep 5; done
status=$(cat /var/lib/fenrir-provision/status)
# FENRIR_VM_APPARMOR_COMPLAIN=1 (run.sh): the worker profile in complain mode, so that one run logs
# every access the profile lacks rather than stopping at the first.
if [ "$status" = ok ] && [ -e /mnt/fenrir-src/apparmor-complain ]; then
  apparmor_parser -r -C /etc/apparmor.d/fenrir-worker
  systemctl restart fenrir-manager.service
  until curl -fsS -o /dev/null http://127.0.0.1:8081/health; do sleep 5; done
  say "apparmor fenrir-worker in complain mode"
fi
say "apparmor-profile $(grep '^fenrir-worker ' /sys/kernel/security/apparmor/profiles 2>/dev/null || echo none)"
for unit in postgresql fenrir-containerd fenrir-nats fenrir-s3proxy fenrir-prometheus fenrir-api fenrir-manager; do
  say "unit $unit $(systemctl is-active "$unit")"
done
if [ "$status" != ok ]; then
  journalctl -n 60 -o cat -u fenrir-api.service | sed 's/^/FENRIR-VM-TEST api /'
fi
say "provision $status"
wait
EOF
chmod 0755 /usr/local/sbin/fenrir-vm-test-report
systemd-run --unit=fenrir-vm-test-report --no-block /usr/local/sbin/fenrir-vm-test-report

# As multipass/launch.sh hands the tarball over: renamed into place in one step.
install -D -m 0600 /mnt/fenrir-src/fenrir-src.tar.gz /var/lib/fenrir-provision/source.tar.gz.part
mv /var/lib/fenrir-provision/source.tar.gz.part /var/lib/fenrir-provision/source.tar.gz
