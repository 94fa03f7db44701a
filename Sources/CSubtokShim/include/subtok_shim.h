#ifndef SUBTOK_SHIM_H
#define SUBTOK_SHIM_H
/* The C ABI's thread-local last-error message (Swift 6 has no thread-local globals), and a
   prefetch hint, which Swift has no spelling for. */
#include <stddef.h>

/* Stores a copy of message (length bytes, truncated to fit) as this thread's last error. */
void stshim_set_error(const char *message, size_t length);
/* This thread's last error message; "" when none was set. Valid until the next call on this thread. */
const char *stshim_last_error(void);

/* Asks the CPU to start loading the cache line at address for reading; no effect on results.
   Inlined into Swift callers. */
static inline void stshim_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
