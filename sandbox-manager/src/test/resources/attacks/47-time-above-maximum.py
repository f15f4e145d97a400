# fenrir-attack: asks for an hour of CPU and wall time, above the maxima (30 s, 60 s); refused with 422, never clamped silently
# expect-status: 422
# limits: cpuMs=3600000 wallMs=3600000
print("never runs")
