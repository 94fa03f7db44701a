#ifndef SUBTOK_SHIM_H
#define SUBTOK_SHIM_H
/* The C ABI's thread-local last-error message (Swift 6 has no thread-local globals), and for the
   core the CPUs it may use (affinity and cgroup quota: macros Swift cannot call), a prefetch hint, a one-byte try-lock and the atomic words of a sequence lock, which Swift has no spelling for on raw memory. */
#include <stddef.h>
#include <stdint.h>
#include "../../../include/subtok.h" /* the C ABI's constants, for SubtokC */

/* SUBTOK_VERSION, and the description of a status code (subtok_status_string), in static storage:
   string constants Swift cannot point to without copying. */
const char *stshim_version(void);
const char *stshim_status_string(int status);

/* Stores a copy of message (length bytes, truncated to fit) as this thread's last error. */
void stshim_set_error(const char *message, size_t length);
/* This thread's last error message; "" when none was set. Valid until the next call on this thread. */
const char *stshim_last_error(void);

/* The CPUs this process may use: the affinity mask of the calling thread, capped by the cgroup's
   CPU quota (a container's --cpus), at least 1. Reads two small files. */
int stshim_available_cpus(void);

/* Asks the CPU to start loading the cache line at address for reading; no effect on results.
   Inlined into Swift callers. */
static inline void stshim_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

/* The masks that keep the first n bytes (n = 0 to 16; 17 to 31 as 16) of a piece read as two
   little-endian words: a table in the CPU's cache costs less than computing them per piece. */
typedef struct {
    uint64_t low;
    uint64_t high;
} stshim_mask_pair;
static inline stshim_mask_pair stshim_piece_masks(long n) {
    static const stshim_mask_pair masks[32] = {
        {0x0000000000000000ULL, 0x0000000000000000ULL},
        {0x00000000000000FFULL, 0x0000000000000000ULL},
        {0x000000000000FFFFULL, 0x0000000000000000ULL},
        {0x0000000000FFFFFFULL, 0x0000000000000000ULL},
        {0x00000000FFFFFFFFULL, 0x0000000000000000ULL},
        {0x000000FFFFFFFFFFULL, 0x0000000000000000ULL},
        {0x0000FFFFFFFFFFFFULL, 0x0000000000000000ULL},
        {0x00FFFFFFFFFFFFFFULL, 0x0000000000000000ULL},
        {0xFFFFFFFFFFFFFFFFULL, 0x0000000000000000ULL},
        {0xFFFFFFFFFFFFFFFFULL, 0x00000000000000FFULL},
        {0xFFFFFFFFFFFFFFFFULL, 0x000000000000FFFFULL},
        {0xFFFFFFFFFFFFFFFFULL, 0x0000000000FFFFFFULL},
        {0xFFFFFFFFFFFFFFFFULL, 0x00000000FFFFFFFFULL},
        {0xFFFFFFFFFFFFFFFFULL, 0x000000FFFFFFFFFFULL},
        {0xFFFFFFFFFFFFFFFFULL, 0x0000FFFFFFFFFFFFULL},
        {0xFFFFFFFFFFFFFFFFULL, 0x00FFFFFFFFFFFFFFULL},
        {0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFFFULL},
        {0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFFFULL},
        {0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFFFULL},
        {0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFFFULL},
        {0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFFFULL},
        {0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFFFULL},
        {0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFFFULL},
        {0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFFFULL},
        {0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFFFULL},
        {0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFFFULL},
        {0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFFFULL},
        {0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFFFULL},
        {0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFFFULL},
        {0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFFFULL},
        {0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFFFULL},
        {0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFFFULL},
    };
    return masks[n & 31];
}

/* 64-bit atomic accesses for a sequence lock over shared words (PieceCache): plain moves on
   x86-64, but atomic to the compiler and to ThreadSanitizer, so concurrent readers and a writer
   of one word are not a data race. */
static inline uint64_t stshim_load_acquire(const uint64_t *word) { return __atomic_load_n(word, __ATOMIC_ACQUIRE); }
static inline uint64_t stshim_load_relaxed(const uint64_t *word) { return __atomic_load_n(word, __ATOMIC_RELAXED); }
static inline void stshim_store_relaxed(uint64_t *word, uint64_t value) { __atomic_store_n(word, value, __ATOMIC_RELAXED); }
static inline void stshim_store_release(uint64_t *word, uint64_t value) { __atomic_store_n(word, value, __ATOMIC_RELEASE); }
/* Sets *word from expected to desired if it holds expected, and returns 1; else returns 0. */
static inline int stshim_compare_exchange(uint64_t *word, uint64_t expected, uint64_t desired) {
    return __atomic_compare_exchange_n(word, &expected, desired, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}
/* Orders the loads before it before the loads after it (acquire fence). */
/* Atomic OR and AND of bits into a shared word (relaxed): PieceCache's "used" bit, which a
   reader sets and an inserting writer clears. */
static inline void stshim_or_relaxed(uint64_t *word, uint64_t bits) { __atomic_fetch_or(word, bits, __ATOMIC_RELAXED); }
static inline void stshim_and_relaxed(uint64_t *word, uint64_t bits) { __atomic_fetch_and(word, bits, __ATOMIC_RELAXED); }
static inline void stshim_fence_acquire(void) { __atomic_thread_fence(__ATOMIC_ACQUIRE); }
/* Orders the stores before it before the stores after it (release fence). */
static inline void stshim_fence_release(void) { __atomic_thread_fence(__ATOMIC_RELEASE); }

/* The classes of the 64 bytes at p (all readable) as bit masks, bit j for byte j, for
   ASCIIBlock: ASCII letters, upper-case letters, digits, white space (tab to carriage return,
   space), the space and the apostrophe, line feed and carriage return, the slash, and bytes of
   0x80 or above (the other masks
   are meaningless from the first of those on). Sixteen bytes per step with SSE2 byte compares
   and movemask on x86-64; a byte loop elsewhere. */
typedef struct {
    uint64_t letters, uppercase, digits, white, spaces_and_apostrophes, line_breaks, slashes, high;
} stshim_ascii_masks;

#if defined(__SSE2__)
#include <emmintrin.h>
static inline stshim_ascii_masks stshim_ascii_classes(const uint8_t *p) {
    stshim_ascii_masks m = {0, 0, 0, 0, 0, 0, 0, 0};
    for (int k = 0; k < 4; k++) {
        __m128i x = _mm_loadu_si128((const __m128i *)(p + 16 * k));
        /* Byte b is in [lo, lo + n) when b - lo + 0x80, as a signed byte, is below n - 0x80. */
        __m128i folded = _mm_add_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)), _mm_set1_epi8((char)(0x80 - 0x61)));
        __m128i letters = _mm_cmplt_epi8(folded, _mm_set1_epi8((char)(0x80 + 26)));
        __m128i uppercase = _mm_cmplt_epi8(_mm_add_epi8(x, _mm_set1_epi8((char)(0x80 - 0x41))), _mm_set1_epi8((char)(0x80 + 26)));
        __m128i digits = _mm_cmplt_epi8(_mm_add_epi8(x, _mm_set1_epi8((char)(0x80 - 0x30))), _mm_set1_epi8((char)(0x80 + 10)));
        __m128i space = _mm_cmpeq_epi8(x, _mm_set1_epi8(0x20));
        __m128i controls = _mm_cmplt_epi8(_mm_add_epi8(x, _mm_set1_epi8((char)(0x80 - 0x09))), _mm_set1_epi8((char)(0x80 + 5)));
        __m128i breaks = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(0x0A)), _mm_cmpeq_epi8(x, _mm_set1_epi8(0x0D)));
        __m128i marks = _mm_or_si128(space, _mm_cmpeq_epi8(x, _mm_set1_epi8(0x27)));
        int shift = 16 * k;
        m.letters |= (uint64_t)(uint16_t)_mm_movemask_epi8(letters) << shift;
        m.uppercase |= (uint64_t)(uint16_t)_mm_movemask_epi8(uppercase) << shift;
        m.digits |= (uint64_t)(uint16_t)_mm_movemask_epi8(digits) << shift;
        m.white |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_or_si128(space, controls)) << shift;
        m.spaces_and_apostrophes |= (uint64_t)(uint16_t)_mm_movemask_epi8(marks) << shift;
        m.line_breaks |= (uint64_t)(uint16_t)_mm_movemask_epi8(breaks) << shift;
        m.slashes |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(0x2F))) << shift;
        m.high |= (uint64_t)(uint16_t)_mm_movemask_epi8(x) << shift;
    }
    return m;
}
#else
static inline stshim_ascii_masks stshim_ascii_classes(const uint8_t *p) {
    stshim_ascii_masks m = {0, 0, 0, 0, 0, 0, 0, 0};
    for (int j = 0; j < 64; j++) {
        uint8_t b = p[j];
        uint64_t bit = (uint64_t)1 << j;
        if ((uint8_t)((b | 0x20) - 0x61) < 26) m.letters |= bit;
        if ((uint8_t)(b - 0x41) < 26) m.uppercase |= bit;
        if ((uint8_t)(b - 0x30) < 10) m.digits |= bit;
        if (b == 0x20 || (uint8_t)(b - 0x09) < 5) m.white |= bit;
        if (b == 0x20 || b == 0x27) m.spaces_and_apostrophes |= bit;
        if (b == 0x0A || b == 0x0D) m.line_breaks |= bit;
        if (b == 0x2F) m.slashes |= bit;
        if (b >= 0x80) m.high |= bit;
    }
    return m;
}
#endif

#endif
