# fenrir-attack: stdin of 1 MiB + 1 byte; refused with 413 before anything is queued
# expect-status: 413
# inflate: stdin=1048577
print("never runs")
