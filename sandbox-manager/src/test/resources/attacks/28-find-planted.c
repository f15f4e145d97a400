// fenrir-attack: looks for what 27-plant-files planted, submitted once that job has started (so it runs beside it or after it, in another container): files, System V and POSIX IPC, the abstract socket, the loopback listener and the fenrir-plant process; fresh tmpfs, IPC, network and pid namespaces per container make every lookup fail
// expect-verdict: OK
// expect-stdout: DENIED stat /tmp/fenrir-plant ENOENT
// expect-stdout: DENIED sysv-shm ENOENT
// expect-stdout: DENIED abstract-socket ECONNREFUSED
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// after-start: 27-plant-files
// limits: cpuMs=5000 wallMs=10000 memoryMb=64
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define KEY 0x46454e52

static void found(const char *what, long rc) {
    if (rc < 0) printf("DENIED %s %s\n", what, strerrorname_np(errno));
    else printf("ESCAPED %s found\n", what);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    struct stat st;
    found("stat /tmp/fenrir-plant", stat("/tmp/fenrir-plant", &st));
    found("stat /sandbox/fenrir-plant", stat("/sandbox/fenrir-plant", &st));
    found("stat /dev/shm/fenrir-plant", stat("/dev/shm/fenrir-plant", &st));
    found("sysv-shm", shmget(KEY, 0, 0));
    found("sysv-msg", msgget(KEY, 0));
    found("sysv-sem", semget(KEY, 0, 0));
    found("posix-mq", mq_open("/fenrir-plant", O_RDONLY));
    struct sockaddr_un abstract = {.sun_family = AF_UNIX};
    memcpy(abstract.sun_path, "\0fenrir-plant", 13);
    int unix_socket = socket(AF_UNIX, SOCK_STREAM, 0);
    found("abstract-socket", connect(unix_socket, (struct sockaddr *) &abstract, offsetof(struct sockaddr_un, sun_path) + 13));
    struct sockaddr_in loopback = {.sin_family = AF_INET, .sin_port = htons(47474)};
    loopback.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int tcp = socket(AF_INET, SOCK_STREAM, 0);
    found("tcp-127.0.0.1:47474", connect(tcp, (struct sockaddr *) &loopback, sizeof loopback));
    DIR *proc = opendir("/proc");
    int processes = 0;
    for (struct dirent *entry; proc != NULL && (entry = readdir(proc)) != NULL;) {
        char path[300], name[64] = "";
        if (entry->d_name[0] < '1' || entry->d_name[0] > '9') continue;
        processes++;
        snprintf(path, sizeof path, "/proc/%s/comm", entry->d_name);
        FILE *comm = fopen(path, "r");
        if (comm != NULL && fgets(name, sizeof name, comm) != NULL && strncmp(name, "fenrir-plant", 12) == 0) {
            printf("ESCAPED process %s is fenrir-plant\n", entry->d_name);
        }
        if (comm != NULL) fclose(comm);
    }
    printf("DENIED process fenrir-plant not among %d visible processes\n", processes);
    printf("DONE\n");
    return 0;
}
