#include "subtok_shim.h"
#include <string.h>

static _Thread_local char last_error[1024];

void stshim_set_error(const char *message, size_t length) {
    if (length >= sizeof last_error) length = sizeof last_error - 1;
    if (message && length) memcpy(last_error, message, length);
    last_error[length] = 0;
}

const char *stshim_last_error(void) { return last_error; }
