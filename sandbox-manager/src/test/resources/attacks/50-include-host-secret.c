// fenrir-attack: #include "/etc/shadow" to leak a secret through the compiler's error messages; the compiler runs as the job's uid, cannot open the file, and nothing of it reaches the compile output
// expect-verdict: COMPILE_ERROR
// expect-compile-output: Permission denied
// expect-compile-output-not: root:
// limits: cpuMs=1000 wallMs=2000 memoryMb=64
#include "/etc/shadow"

int main(void) {
    return 0;
}
