#include "cicu.h"
#include <stdio.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/uversion.h>

void cicu_fill_char_classes(uint8_t *out, uint32_t first, uint32_t count) {
    for (uint32_t i = 0; i < count; i++) {
        UChar32 c = (UChar32)(first + i);
        uint8_t v = (uint8_t)u_charType(c);
        if (u_hasBinaryProperty(c, UCHAR_WHITE_SPACE)) v |= CICU_WHITE_SPACE;
        out[i] = v;
    }
}

void cicu_unicode_version(char *buf, int32_t capacity) {
    UVersionInfo v;
    u_getUnicodeVersion(v);
    if (capacity > 0) snprintf(buf, (size_t)capacity, "%u.%u", v[0], v[1]);
}

/* Copies UTF-16 text as code points into out; returns the count (or the needed count). */
static int32_t to_code_points(const UChar *text, int32_t length, uint32_t *out, int32_t cap) {
    int32_t n = 0;
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U16_NEXT(text, i, length, c);
        if (n < cap) out[n] = (uint32_t)c;
        n++;
    }
    return n;
}

static int32_t decompose(const UNormalizer2 *normalizer, UErrorCode status, uint32_t c, uint32_t *out, int32_t cap) {
    UChar buffer[64];
    int32_t length = U_SUCCESS(status) ? unorm2_getDecomposition(normalizer, (UChar32)c, buffer, 64, &status) : -1;
    if (U_FAILURE(status) || length < 0) {
        if (cap > 0) out[0] = c;
        return 1;
    }
    return to_code_points(buffer, length, out, cap);
}

int32_t cicu_nfd(uint32_t c, uint32_t *out, int32_t cap) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&status);
    return decompose(nfd, status, c, out, cap);
}

int32_t cicu_nfkd(uint32_t c, uint32_t *out, int32_t cap) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfkd = unorm2_getNFKDInstance(&status);
    return decompose(nfkd, status, c, out, cap);
}

uint8_t cicu_combining_class(uint32_t c) { return u_getCombiningClass((UChar32)c); }

int32_t cicu_compose(uint32_t a, uint32_t b) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&status);
    if (U_FAILURE(status)) return -1;
    UChar32 r = unorm2_composePair(nfc, (UChar32)a, (UChar32)b);
    return r < 0 ? -1 : (int32_t)r;
}

int32_t cicu_lowercase(uint32_t c, uint32_t *out, int32_t cap) {
    UChar source[2];
    int32_t sourceLength = 0;
    U16_APPEND_UNSAFE(source, sourceLength, (UChar32)c);
    UChar buffer[32];
    UErrorCode status = U_ZERO_ERROR;
    int32_t length = u_strToLower(buffer, 32, source, sourceLength, "", &status);
    if (U_FAILURE(status)) {
        if (cap > 0) out[0] = c;
        return 1;
    }
    return to_code_points(buffer, length, out, cap);
}
