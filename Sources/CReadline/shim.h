#ifndef DNSH_CREADLINE_SHIM_H
#define DNSH_CREADLINE_SHIM_H

/* GNU readline and its history library (Debian's libreadline-dev). */
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

/* readline is configured through global variables, which Swift 6 will not touch directly
   (shared mutable state); these accessors do it in C. */
static inline void dnsh_rl_setup(rl_completion_func_t *complete, const char *name, const char *breaks) {
    rl_readline_name = name;
    rl_attempted_completion_function = complete;
    rl_basic_word_break_characters = breaks;
    rl_catch_signals = 0;
}

static inline void dnsh_rl_completion_over(void) { rl_attempted_completion_over = 1; }

static inline const char *dnsh_rl_line_buffer(void) { return rl_line_buffer; }

#endif
