#ifndef DNSH_CSYSCALLS_H
#define DNSH_CSYSCALLS_H

/* The namespace system calls that Glibc's Swift module does not export. Each returns 0 or -1
   with errno set, like the call it wraps. */
int dnsh_unshare_netns(void);
int dnsh_setns_net(int fd);

#endif
