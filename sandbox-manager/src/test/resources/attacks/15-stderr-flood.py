# fenrir-attack: stderr flood from Python; the agent keeps outputBytes of stderr, kills the step when it passes them and flags the truncation of stderr (not stdout)
# expect-verdict: OUTPUT_LIMIT
# expect-field: stderrTruncated=true stdoutTruncated=false
# limits: cpuMs=10000 wallMs=10000 memoryMb=64 outputBytes=65536
import sys

line = "E" * 1023 + "\n"
while True:
    sys.stderr.write(line)
