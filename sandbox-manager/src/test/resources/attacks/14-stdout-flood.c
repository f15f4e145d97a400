// fenrir-attack: stdout flood: 64 KiB writes forever; the agent keeps outputBytes of stdout, kills the step when it passes them and flags the truncation
// expect-verdict: OUTPUT_LIMIT
// expect-field: stdoutTruncated=true
// limits: cpuMs=10000 wallMs=10000 memoryMb=64 outputBytes=65536
#include <string.h>
#include <unistd.h>

int main(void) {
    static char block[65536];
    memset(block, 'x', sizeof block);
    for (;;) {
        if (write(STDOUT_FILENO, block, sizeof block) < 0) {
            return 4;
        }
    }
}
