# fenrir-attack: runs every setuid and setgid binary of the rootfs (su, mount, umount, passwd, chsh, chfn, gpasswd, newgrp, ...) with an LD_PRELOAD library that prints the real, effective and saved ids and AT_SECURE before main; no_new_privs makes the kernel ignore the set-id bits, so each runs as uid/gid 1001 and, not being a secure exec, honours the preload (a binary that ignored it would have been run set-id)
# expect-verdict: OK
# expect-stdout: DENIED setuid /usr/bin/su uid=1001,1001,1001 gid=1001,1001,1001 secure=0
# expect-stdout: DENIED setuid /usr/bin/mount
# expect-stdout: DENIED setuid /usr/bin/passwd
# expect-stdout: DONE
# expect-stdout-not: ESCAPED
# limits: cpuMs=20000 wallMs=40000 memoryMb=512 outputBytes=1048576
set -u
cd /tmp || exit 2
cat >ids.c <<'C'
#include <stdio.h>
#include <sys/auxv.h>
#include <unistd.h>
__attribute__((constructor)) static void ids(void) {
    uid_t r, e, s;
    gid_t rg, eg, sg;
    getresuid(&r, &e, &s);
    getresgid(&rg, &eg, &sg);
    int privileged = !r || !e || !s || !rg || !eg || !sg || getauxval(AT_SECURE);
    printf("%s uid=%d,%d,%d gid=%d,%d,%d secure=%lu\n", privileged ? "PRIVILEGED" : "ids", r, e, s, rg, eg, sg,
           getauxval(AT_SECURE));
    fflush(stdout);
    _exit(0);
}
C
gcc -O2 -shared -fPIC -o ids.so ids.c || exit 2
found=0
while IFS= read -r binary; do
  found=$((found + 1))
  ids=$(LD_PRELOAD=/tmp/ids.so "$binary" </dev/null 2>/dev/null)
  case "$ids" in
    ids\ *) echo "DENIED setuid $binary ${ids#ids }" ;;
    PRIVILEGED*) echo "ESCAPED setuid $binary ran privileged: $ids" ;;
    *) echo "ESCAPED setuid $binary ignored LD_PRELOAD: a secure (set-id) exec" ;;
  esac
done < <(find /usr /etc -xdev -type f \( -perm -4000 -o -perm -2000 \) 2>/dev/null | sort)
echo "set-id binaries: $found"
if [ "$found" -eq 0 ]; then
  echo "no set-id binary found: nothing was tested"
  exit 1
fi
echo DONE
