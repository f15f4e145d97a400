// fenrir-attack: a CPU loop that never ends; the run step's cgroup CPU time passes cpuMs long before wallMs
// expect-verdict: TIME_LIMIT
// limits: cpuMs=1000 wallMs=10000 memoryMb=64
int main(void) {
    for (volatile unsigned long spins = 0;; spins++) {
    }
}
