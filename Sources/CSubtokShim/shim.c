#define _GNU_SOURCE
#include "subtok_shim.h"
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static _Thread_local char last_error[1024];

void stshim_set_error(const char *message, size_t length) {
    if (length >= sizeof last_error) length = sizeof last_error - 1;
    if (message && length) memcpy(last_error, message, length);
    last_error[length] = 0;
}

const char *stshim_last_error(void) { return last_error; }

const char *stshim_version(void) { return SUBTOK_VERSION; }

const char *stshim_status_string(int status) {
    switch (status) {
    case SUBTOK_OK: return "ok";
    case SUBTOK_E_INVALID_ARGUMENT: return "invalid argument";
    case SUBTOK_E_IO: return "input/output error";
    case SUBTOK_E_FORMAT: return "malformed tokenizer file";
    case SUBTOK_E_BUFFER_TOO_SMALL: return "buffer too small";
    case SUBTOK_E_OUT_OF_RANGE: return "out of range";
    case SUBTOK_E_INVALID_UTF8: return "invalid UTF-8";
    case SUBTOK_E_UNSUPPORTED: return "unsupported";
    case SUBTOK_E_LIMIT: return "limit exceeded";
    default: return "unknown status";
    }
}

/* The smaller of the CPUs in the calling thread's affinity mask and the cgroup's CPU quota
   (cgroup v2 cpu.max, else v1 cpu.cfs_quota_us / cpu.cfs_period_us), rounded up; at least 1. */
int stshim_available_cpus(void) {
    cpu_set_t set;
    long n = 0;
    if (sched_getaffinity(0, sizeof set, &set) == 0) n = CPU_COUNT(&set);
    if (n <= 0) n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n <= 0) n = 1;
    long quota = -1, period = 0;
    FILE *f = fopen("/sys/fs/cgroup/cpu.max", "r");
    if (f) {
        char text[32];
        if (fscanf(f, "%31s %ld", text, &period) == 2 && strcmp(text, "max") != 0) quota = atol(text);
        fclose(f);
    } else if ((f = fopen("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "r"))) {
        if (fscanf(f, "%ld", &quota) != 1) quota = -1;
        fclose(f);
        if ((f = fopen("/sys/fs/cgroup/cpu/cpu.cfs_period_us", "r"))) {
            if (fscanf(f, "%ld", &period) != 1) period = 0;
            fclose(f);
        }
    }
    if (quota > 0 && period > 0) {
        long cpus = (quota + period - 1) / period;
        if (cpus < n) n = cpus;
    }
    return (int)n;
}
