# fenrir-attack: three sleeping daemons that ignore SIGHUP/SIGTERM or start their own session (nohup, setsid, a trapping subshell), then the script exits 0; they must not keep the job running
# expect-verdict: OK
# expect-stdout: DONE
# expect-wall-under-ms: 5000
# limits: cpuMs=5000 wallMs=20000 memoryMb=128
(trap '' HUP TERM INT QUIT; exec sleep 100000) &
setsid sleep 100000 &
nohup sleep 100000 >/dev/null 2>&1 &
disown -a
echo DONE
