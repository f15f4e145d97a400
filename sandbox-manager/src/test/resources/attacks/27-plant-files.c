// fenrir-attack: plants traces for a later or concurrent job to find (files in /tmp, /sandbox and /dev/shm, System V shared memory, message queue and semaphores, a POSIX message queue, an abstract Unix socket, a TCP listener on loopback, a process named fenrir-plant) and holds them for 5 s; 28-find-planted looks for them from another job
// expect-verdict: OK
// expect-stdout: PLANTED /tmp/fenrir-plant
// expect-stdout: PLANTED sysv-shm
// expect-stdout: DONE
// limits: cpuMs=5000 wallMs=20000 memoryMb=64
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define KEY 0x46454e52 /* "FENR" */

static void planted(const char *what, long rc) {
    if (rc < 0) printf("could not plant %s: %s\n", what, strerrorname_np(errno));
    else printf("PLANTED %s\n", what);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    prctl(PR_SET_NAME, "fenrir-plant");
    const char *files[] = {"/tmp/fenrir-plant", "/sandbox/fenrir-plant", "/dev/shm/fenrir-plant"};
    for (size_t i = 0; i < 3; i++) planted(files[i], open(files[i], O_WRONLY | O_CREAT, 0666));
    planted("sysv-shm", shmget(KEY, 4096, IPC_CREAT | 0666));
    planted("sysv-msg", msgget(KEY, IPC_CREAT | 0666));
    planted("sysv-sem", semget(KEY, 1, IPC_CREAT | 0666));
    planted("posix-mq", mq_open("/fenrir-plant", O_CREAT | O_RDWR, 0666, NULL));
    struct sockaddr_un abstract = {.sun_family = AF_UNIX};
    memcpy(abstract.sun_path, "\0fenrir-plant", 13);
    int unix_socket = socket(AF_UNIX, SOCK_STREAM, 0);
    long rc = bind(unix_socket, (struct sockaddr *) &abstract, offsetof(struct sockaddr_un, sun_path) + 13);
    planted("abstract-socket", rc < 0 ? rc : listen(unix_socket, 8));
    struct sockaddr_in loopback = {.sin_family = AF_INET, .sin_port = htons(47474)};
    loopback.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int tcp = socket(AF_INET, SOCK_STREAM, 0);
    rc = bind(tcp, (struct sockaddr *) &loopback, sizeof loopback);
    planted("tcp-127.0.0.1:47474", rc < 0 ? rc : listen(tcp, 8));
    sleep(5); // long enough for the finder to run beside this job if a worker is free
    printf("DONE\n");
    return 0;
}
