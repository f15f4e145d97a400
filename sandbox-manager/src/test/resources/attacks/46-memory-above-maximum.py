# fenrir-attack: asks for 4096 MiB of memory and 100000 processes, above the maxima (1024 MiB, 256); refused with 422, never clamped silently
# expect-status: 422
# limits: memoryMb=4096 pids=100000
print("never runs")
