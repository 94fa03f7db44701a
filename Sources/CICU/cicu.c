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

int32_t cicu_nfd(uint32_t c, uint32_t *out, int32_t cap) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&status);
    UChar buffer[32];
    int32_t length = U_SUCCESS(status) ? unorm2_getDecomposition(nfd, (UChar32)c, buffer, 32, &status) : -1;
    if (U_FAILURE(status) || length < 0) {
        if (cap > 0) out[0] = c;
        return 1;
    }
    return to_code_points(buffer, length, out, cap);
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
