#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <stdio.h>
#include <dirent.h>
#include "CSyscalls.h"

int dnsh_unshare_netns(void) { return unshare(CLONE_NEWNET); }

int dnsh_setns_net(int fd) { return setns(fd, CLONE_NEWNET); }

static volatile sig_atomic_t caught = 0;

static void record(int signal) {
    if (caught == 0) caught = signal;
}

void dnsh_catch_signals(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = record;
    sigemptyset(&action.sa_mask);
    caught = 0;
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
}

void dnsh_release_signals(void) {
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
}

int dnsh_caught_signal(void) { return caught; }

int dnsh_single_threaded(void) {
    DIR *tasks = opendir("/proc/self/task");
    if (!tasks) return 0;
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(tasks)) != NULL) {
        if (entry->d_name[0] != '.') count++;
    }
    closedir(tasks);
    return count == 1;
}
