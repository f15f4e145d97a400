# fenrir-attack: kill -STOP 0 stops every process of the script's process group, itself included; the agent is not in that group and ends the stopped step at its wall limit (a stopped process still dies of SIGKILL)
# expect-verdict: WALL_TIME_LIMIT
# expect-stdout: BEFORE
# expect-stdout-not: AFTER
# limits: cpuMs=1000 wallMs=3000 memoryMb=64
echo BEFORE
kill -STOP 0
echo AFTER
