// fenrir-attack: runs its own code in the compile step through compileArgs (gcc -wrapper makes gcc start every tool through a shell command of the client's); that code is still inside the sandbox (uid 1002, the compile step's own user, no network, the compile step's cgroup and limits) and, failing, makes the job a COMPILE_ERROR; what it prints reaches only the compile output
// expect-verdict: COMPILE_ERROR
// expect-compile-output: WRAPPED uid=1002 gid=1001
// expect-compile-output: network: lo
// expect-compile-output-not: ESCAPED
// compile-args: ["-wrapper", "/bin/sh,-c,echo WRAPPED uid=$(id -u) gid=$(id -g) >&2; echo network: $(tail -n +3 /proc/net/dev | cut -d: -f1) >&2; cat /etc/shadow >/dev/null 2>&1 && echo ESCAPED read /etc/shadow >&2; exit 3"]
// limits: cpuMs=1000 wallMs=2000 memoryMb=64
int main(void) {
    return 0;
}
