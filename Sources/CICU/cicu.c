#include "cicu.h"
#include <stdio.h>
#include <unicode/uchar.h>
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
