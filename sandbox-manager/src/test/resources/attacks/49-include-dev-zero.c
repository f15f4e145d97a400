// fenrir-attack: compile-time bomb: #include "/dev/zero" makes the preprocessor read an endless file of NUL bytes; the compile step's own limits (or cpp noticing it is not a regular file) stop it and the job is a COMPILE_ERROR
// expect-verdict: COMPILE_ERROR
// limits: cpuMs=1000 wallMs=2000 memoryMb=64
#include "/dev/zero"

int main(void) {
    return 0;
}
