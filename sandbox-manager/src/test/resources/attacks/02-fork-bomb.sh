# fenrir-attack: the shell fork bomb :(){ :|:& };: — the pids limit starves it while the main shell keeps running for 3 s and exits 0; every bomb process is killed when it does
# expect-verdict: OK
# expect-stdout: DONE
# expect-wall-under-ms: 15000
# limits: cpuMs=30000 wallMs=30000 memoryMb=512 pids=64
exec 2>/dev/null # each failed fork prints "fork: retry: Resource temporarily unavailable"
# In a subshell of its own: started in the main shell, ":|:&" would make it fork twice, and the bomb from
# the first fork can take every pid before the second; the main shell would then retry its fork for 15 s.
( :(){ :|:& };: ) &
while ((SECONDS < 3)); do true; done # builtins only: the main shell needs no fork to get here
echo DONE
