#ifndef SUBTOK_SHIM_H
#define SUBTOK_SHIM_H
/* The C ABI's thread-local last-error message (Swift 6 has no thread-local globals). */
#include <stddef.h>

/* Stores a copy of message (length bytes, truncated to fit) as this thread's last error. */
void stshim_set_error(const char *message, size_t length);
/* This thread's last error message; "" when none was set. Valid until the next call on this thread. */
const char *stshim_last_error(void);

#endif
