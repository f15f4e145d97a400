# fenrir-attack: sleeps forever without using CPU; only the wall-clock limit can end it (WALL_TIME_LIMIT, not TIME_LIMIT)
# expect-verdict: WALL_TIME_LIMIT
# expect-stdout: SLEEPING
# limits: cpuMs=1000 wallMs=2000 memoryMb=64
import time

print("SLEEPING", flush=True)
time.sleep(10**9)
