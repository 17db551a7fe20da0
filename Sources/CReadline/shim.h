#ifndef DNSH_CREADLINE_SHIM_H
#define DNSH_CREADLINE_SHIM_H

/* GNU readline and its history library (Debian's libreadline-dev). */
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

#endif
