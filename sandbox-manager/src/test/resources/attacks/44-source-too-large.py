# fenrir-attack: a source of 1 MiB + 1 byte (the runner pads this file with a comment); refused with 413 before anything is queued
# expect-status: 413
# inflate: source=1048577
print("never runs")
