#define _GNU_SOURCE
#include <sched.h>
#include "CSyscalls.h"

int dnsh_unshare_netns(void) { return unshare(CLONE_NEWNET); }

int dnsh_setns_net(int fd) { return setns(fd, CLONE_NEWNET); }
