// Shared by the attacks that go after the processes of other uids (13, 26, 29, 36): sent beside the
// attack as a second file of the job (header key "include: fenrir_targets.h").
#ifndef FENRIR_TARGETS_H
#define FENRIR_TARGETS_H
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct target {
    pid_t pid;
    char role[8];
};

/* Every process of another uid: "init" (pid 1), "agent" (its cmdline names agent.jar) or "other". */
static int find_targets(struct target *found, int max) {
    DIR *proc = opendir("/proc");
    int count = 0;
    for (struct dirent *entry; proc != NULL && count < max && (entry = readdir(proc)) != NULL;) {
        pid_t pid = (pid_t) atoi(entry->d_name);
        char path[64], cmdline[256] = "";
        struct stat owner;
        snprintf(path, sizeof path, "/proc/%d", pid);
        if (pid <= 0 || stat(path, &owner) != 0 || owner.st_uid == getuid()) continue;
        snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
        FILE *file = fopen(path, "r");
        size_t length = file != NULL ? fread(cmdline, 1, sizeof cmdline - 1, file) : 0;
        if (file != NULL) fclose(file);
        for (size_t i = 0; i < length; i++) cmdline[i] = cmdline[i] == '\0' ? ' ' : cmdline[i];
        found[count].pid = pid;
        strcpy(found[count].role, pid == 1 ? "init" : strstr(cmdline, "agent.jar") ? "agent" : "other");
        printf("TARGET %s pid=%d uid=%u %.100s\n", found[count].role, pid, owner.st_uid, cmdline);
        count++;
    }
    if (proc != NULL) closedir(proc);
    return count;
}

#endif
