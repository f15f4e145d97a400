package io.fenrir.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * deploy/seccomp/fenrir-ARCH.json (the worker's allowlist) under real containerd + runc on the real rootfs
 * (read-only, tmpfs /tmp): every toolchain works, and the dangerous calls fail with EPERM (clone3 with
 * ENOSYS). Then the job filter (deploy/seccomp/job-filter.py, /etc/fenrir/job-seccomp.bpf in the rootfs)
 * installed by bubblewrap on top of it: what the worker must allow bubblewrap (namespaces, mounts,
 * netlink) is denied to the job. Programs run as the sandbox user (uid 1001) with no capabilities.
 */
@Tag("security")
class SeccompProfileTest {
    private static final int EPERM = 1;
    private static final int ENOSYS = 38;
    private static final int EAFNOSUPPORT = 97;
    private static final String NAMESPACE = "fenrir-seccomp-test";
    private static final String AS_SANDBOX_USER =
            "setpriv --reuid 1001 --regid 1001 --clear-groups --inh-caps=-all --bounding-set=-all";

    private static ContainerdDaemon containerd;
    private static Path rootfs;
    private static Path profile;
    private static Path work;

    @BeforeAll
    static void startContainerd() throws Exception {
        rootfs = Rootfs.path();
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "x86_64";
        profile = Repo.path("deploy/seccomp/fenrir-" + arch + ".json");
        work = TempDirs.create("fenrir-seccomp-");
        Files.writeString(work.resolve("Threads.java"), THREADS_JAVA);
        Files.writeString(work.resolve("probe.py"), PROBE_PY);
        containerd = new ContainerdDaemon().start();
    }

    @AfterAll
    static void stopContainerd() {
        if (containerd != null) {
            containerd.close();
        }
        TempDirs.delete(work);
    }

    @Test
    void aJvmStartsThreadsAndAChildProcessFromTheReadOnlyRootfsWithItsCdsArchive() {
        assertThat(run(profile, "sh", "-c", AS_SANDBOX_USER + " java -Xshare:auto -XX:TieredStopAtLevel=1 -version"))
                .contains("sharing");
        assertThat(run(profile, "sh", "-c", AS_SANDBOX_USER
                + " java -Xshare:auto -XX:TieredStopAtLevel=1 /work/Threads.java"))
                .contains("threads ok 16 child=0");
    }

    @Test
    void python3RunsWithThreadsSubprocessesAndMultiprocessing() {
        assertThat(run(profile, "sh", "-c", AS_SANDBOX_USER + " python3 -c '"
                + "import subprocess, threading, multiprocessing as mp; "
                + "t = threading.Thread(target=print, args=(\"thread\",)); t.start(); t.join(); "
                + "print(\"py\", subprocess.run([\"true\"]).returncode, mp.Pool(2).map(abs, [-1, -2]))'"))
                .contains("thread").contains("py 0 [1, 2]");
    }

    @Test
    void gccCompilesAndRunsAThreadedProgram() {
        assertThat(run(profile, "sh", "-c", AS_SANDBOX_USER + " sh -c 'cd /tmp"
                + " && printf \"#include <pthread.h>\\n#include <stdio.h>\\n"
                + "void *f(void *a) { return a; }\\n"
                + "int main(void) { pthread_t t; pthread_create(&t, 0, f, 0); pthread_join(t, 0); puts(\\\"c ok\\\"); }\\n\""
                + " > t.c && gcc -O2 -pthread t.c -o t && ./t'"))
                .contains("c ok");
    }

    @Test
    void nodeRunsWithWorkerThreadsAndChildProcesses() {
        assertThat(run(profile, "sh", "-c", AS_SANDBOX_USER + " node -e '"
                + "const { Worker } = require(\"worker_threads\");"
                + "const { execSync } = require(\"child_process\");"
                + "new Worker(\"require(`worker_threads`).parentPort.postMessage(7)\", { eval: true })"
                + ".on(\"message\", m => console.log(\"node ok\", m, execSync(\"echo child\").toString().trim()))'"))
                .contains("node ok 7 child");
    }

    @Test
    void ptraceKernelInterfacesSyncAndForeignSocketFamiliesAreDeniedToTheWorker() {
        String tools = run(profile, "sh", "-c", AS_SANDBOX_USER + " setarch -R true; echo setarch=$?");
        assertThat(tools).contains("setarch=1");

        Map<String, Integer> errno = errnos(run(profile, "sh", "-c", AS_SANDBOX_USER + " python3 /work/probe.py"));
        assertThat(errno).containsAllEntriesOf(Map.ofEntries(
                Map.entry("ptrace", EPERM), Map.entry("clone_fork", 0), Map.entry("clone3", ENOSYS),
                Map.entry("personality_no_aslr", EPERM), Map.entry("keyctl", EPERM), Map.entry("bpf", EPERM),
                Map.entry("perf_event_open", EPERM), Map.entry("io_uring_setup", EPERM),
                Map.entry("userfaultfd", EPERM), Map.entry("sync", EPERM), Map.entry("syncfs", EPERM),
                Map.entry("socket_vsock", EPERM), Map.entry("socket_alg", EPERM), Map.entry("socket_packet", EPERM),
                Map.entry("socket_unix", 0), Map.entry("socket_inet", 0), Map.entry("socket_inet6", 0)));
        // What bubblewrap needs is the worker's to use: a user namespace, and netlink for its loopback.
        assertThat(errno).containsEntry("clone_newuser", 0).containsEntry("socket_netlink", 0);
    }

    @Test
    void theJobFilterDeniesNamespacesMountsSyncSocketBuffersAndEveryOtherFamilyOnTopOfTheWorkerProfile() {
        // bubblewrap as the agent runs it, minus the fresh procfs and --disable-userns: ctr masks /proc paths
        // and mounts /proc/sys read-only, which forbid a new procfs and the write --disable-userns makes.
        Map<String, Integer> errno = errnos(run(profile, "sh", "-c", AS_SANDBOX_USER
                + " sh -c 'exec bwrap --unshare-user --unshare-ipc --unshare-net --dev-bind / /"
                + " --seccomp 3 -- python3 /work/probe.py 3</etc/fenrir/job-seccomp.bpf'"));

        assertThat(errno).containsAllEntriesOf(Map.ofEntries(
                Map.entry("clone_newuser", EPERM), Map.entry("clone_newnet", EPERM), Map.entry("clone_fork", 0),
                Map.entry("clone3", ENOSYS), Map.entry("unshare", EPERM), Map.entry("setns", EPERM),
                Map.entry("mount", EPERM), Map.entry("sync", EPERM), Map.entry("syncfs", EPERM),
                Map.entry("io_uring_setup", EPERM), Map.entry("ptrace", EPERM),
                Map.entry("socket_vsock", EAFNOSUPPORT), Map.entry("socket_alg", EAFNOSUPPORT),
                Map.entry("socket_netlink", EAFNOSUPPORT), Map.entry("socket_packet", EAFNOSUPPORT),
                Map.entry("socket_unix", 0), Map.entry("socket_inet", 0), Map.entry("socket_inet6", 0),
                Map.entry("setsockopt_sndbuf", EPERM), Map.entry("setsockopt_rcvbufforce", EPERM),
                Map.entry("setsockopt_reuseaddr", 0)));
    }

    @Test
    void containerdsDefaultProfileWouldHaveAllowedPtraceAndIoUringThatOursDenies() {
        Map<String, Integer> errno = errnos(run(null, "python3", "/work/probe.py"));

        assertThat(errno).containsEntry("ptrace", 0).containsEntry("clone3", ENOSYS);
        assertThat(errno.get("io_uring_setup")).isNotEqualTo(EPERM); // reached the kernel: EFAULT on a null pointer
    }

    /** The probe's NAME=ERRNO lines as a map. */
    private static Map<String, Integer> errnos(String probeOutput) {
        return probeOutput.lines().filter(line -> line.matches("\\w+=\\d+"))
                .collect(Collectors.toMap(line -> line.split("=")[0], line -> Integer.parseInt(line.split("=")[1])));
    }

    /** Runs COMMAND in a new container (seccomp PROFILE, or containerd's default profile when null). */
    private static String run(Path profile, String... command) {
        List<String> args = new ArrayList<>(List.of("--namespace", NAMESPACE, "run", "--rm", "--rootfs", "--read-only",
                "--seccomp"));
        if (profile != null) {
            args.addAll(List.of("--seccomp-profile", profile.toString()));
        }
        args.addAll(List.of("--env", "PATH=/usr/bin:/bin", "--env", "HOME=/tmp",
                "--mount", "type=tmpfs,src=tmpfs,dst=/tmp,options=rw:nosuid:nodev:size=64m",
                "--mount", "type=bind,src=" + work + ",dst=/work,options=rbind:ro",
                rootfs.toString(), "seccomp-" + UUID.randomUUID()));
        args.addAll(List.of(command));
        return containerd.ctr(args.toArray(String[]::new));
    }

    private static final String THREADS_JAVA = """
            import java.util.ArrayList;
            import java.util.List;
import java.util.Map;
            import java.util.concurrent.ExecutorService;
            import java.util.concurrent.Executors;
            import java.util.concurrent.Future;
            import java.util.stream.LongStream;

            public class Threads {
                public static void main(String[] args) throws Exception {
                    ExecutorService pool = Executors.newFixedThreadPool(4);
                    List<Future<Long>> results = new ArrayList<>();
                    for (int i = 0; i < 16; i++) {
                        results.add(pool.submit(() -> LongStream.range(0, 100_000).sum()));
                    }
                    int done = 0;
                    for (Future<Long> r : results) {
                        r.get();
                        done++;
                    }
                    pool.shutdown();
                    LongStream.range(0, 1_000_000).parallel().sum();
                    int child = new ProcessBuilder("true").start().waitFor();
                    System.out.println("threads ok " + done + " child=" + child);
                }
            }
            """;

    /** Calls each syscall directly and prints NAME=ERRNO (0 when it succeeded). */
    private static final String PROBE_PY = """
            import ctypes, os, platform
            libc = ctypes.CDLL(None, use_errno=True)
            libc.syscall.restype = ctypes.c_long
            import socket
            X86_64 = dict(ptrace=101, clone=56, clone3=435, unshare=272, setns=308, mount=165, personality=135,
                          keyctl=250, bpf=321, perf_event_open=298, io_uring_setup=425, userfaultfd=323,
                          sync=162, syncfs=306)
            AARCH64 = dict(ptrace=117, clone=220, clone3=435, unshare=97, setns=268, mount=40, personality=92,
                           keyctl=219, bpf=280, perf_event_open=241, io_uring_setup=425, userfaultfd=282,
                           sync=81, syncfs=267)
            NR = AARCH64 if platform.machine() == "aarch64" else X86_64
            SIGCHLD, NEWUSER, NEWNET, NO_ASLR = 17, 0x10000000, 0x40000000, 0x0040000

            def call(label, name, *args):
                r = libc.syscall(ctypes.c_long(NR[name]), *[ctypes.c_long(a) for a in args])
                if name == "clone" and r == 0:
                    os._exit(0)
                if name == "clone" and r > 0:
                    os.waitpid(r, 0)
                print(f"{label}={0 if r >= 0 else ctypes.get_errno()}", flush=True)

            call("clone_newuser", "clone", NEWUSER | SIGCHLD, 0, 0, 0, 0)
            call("clone_newnet", "clone", NEWNET | SIGCHLD, 0, 0, 0, 0)
            call("clone_fork", "clone", SIGCHLD, 0, 0, 0, 0)
            call("clone3", "clone3", 0, 0)
            call("unshare", "unshare", NEWUSER)
            call("setns", "setns", 0, 0)
            call("mount", "mount", 0, 0, 0, 0, 0)
            call("personality_no_aslr", "personality", NO_ASLR)
            call("keyctl", "keyctl", 0, 0, 0, 0)
            call("bpf", "bpf", 0, 0, 0)
            call("perf_event_open", "perf_event_open", 0, 0, -1, -1, 0)
            call("io_uring_setup", "io_uring_setup", 1, 0)
            call("userfaultfd", "userfaultfd", 0)
            call("sync", "sync")
            call("syncfs", "syncfs", 0)

            def attempt(label, action):
                try:
                    action()
                    print(f"{label}=0", flush=True)
                except OSError as e:
                    print(f"{label}={e.errno}", flush=True)

            for label, family, kind in [("unix", 1, 1), ("inet", 2, 1), ("inet6", 10, 1), ("netlink", 16, 3),
                                        ("packet", 17, 3), ("alg", 38, 5), ("vsock", 40, 1)]:
                attempt("socket_" + label, lambda: socket.socket(family, kind).close())
            tcp = socket.socket()
            attempt("setsockopt_sndbuf", lambda: tcp.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 22))
            attempt("setsockopt_rcvbufforce", lambda: tcp.setsockopt(socket.SOL_SOCKET, 33, 1 << 22))
            attempt("setsockopt_reuseaddr", lambda: tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1))
            pid = os.fork()  # last: a traced child would stop on signals
            if pid == 0:
                call("ptrace", "ptrace", 0, 0, 0, 0)
                os._exit(0)
            os.waitpid(pid, 0)
            """;
}
