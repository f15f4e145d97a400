# fenrir-attack: the largest argv the API accepts, 64 arguments of 4096 bytes (256 KiB); it is accepted and reaches the program intact, through argv and not a shell
# expect-verdict: OK
# expect-stdout: args=64 bytes=262144 same=True
# inflate: args=64x4096
# limits: cpuMs=5000 wallMs=10000 memoryMb=64
import sys

args = sys.argv[1:]
print(f"args={len(args)} bytes={sum(len(a) for a in args)} same={len(set(args)) == 1}")
