#ifndef DNSH_CSYSCALLS_H
#define DNSH_CSYSCALLS_H

/* The namespace system calls that Glibc's Swift module does not export. Each returns 0 or -1
   with errno set, like the call it wraps. */
int dnsh_unshare_netns(void);
int dnsh_setns_net(int fd);

/* 1 when the process has a single thread (entering a network namespace is then cheap; in a
   process with several threads each setns waits for the kernel), else 0. */
int dnsh_single_threaded(void);

/* SIGINT, SIGTERM and SIGHUP (a dropped SSH session) during a transaction: the handler only records the signal (async-signal
   safe); the transaction polls it between batches and rolls back. */
void dnsh_catch_signals(void);
void dnsh_release_signals(void);
/* The signal caught since dnsh_catch_signals, or 0. */
int dnsh_caught_signal(void);

#endif
