#include "cicu.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uregex.h>
#include <unicode/utext.h>
#include <unicode/uchar.h>
#include <unicode/ucpmap.h>
#include <unicode/uset.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/uversion.h>
#include <unicode/uscript.h>

static UBool fill_category(const void *context, UChar32 start, UChar32 limit, UCharCategory type) {
    memset((uint8_t *)context + start, (int)type, (size_t)(limit - start));
    return 1;
}

/* The per-code-point form of cicu_fill_char_classes's bits, for when ICU cannot give its maps. */
static void fill_bits_slowly(uint8_t *out) {
    for (UChar32 c = 0; c < CICU_CODE_POINTS; c++) {
        if (u_hasBinaryProperty(c, UCHAR_WHITE_SPACE)) out[c] |= CICU_WHITE_SPACE;
        if (u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) == UNORM_YES && u_getCombiningClass(c) == 0) {
            out[c] |= CICU_NFC_STABLE;
        }
        if (u_getIntPropertyValue(c, UCHAR_NFD_QUICK_CHECK) == UNORM_YES && !u_hasBinaryProperty(c, UCHAR_CHANGES_WHEN_LOWERCASED)) {
            out[c] |= CICU_CASE_NFD_STABLE;
        }
    }
}

/* ORs `bit` into out[c] for every code point c of `set`. */
static void set_bit_in(uint8_t *out, const USet *set, uint8_t bit, int on) {
    int32_t items = uset_getItemCount(set);
    for (int32_t i = 0; i < items; i++) {
        UChar32 first, last;
        UErrorCode status = U_ZERO_ERROR;
        if (uset_getItem(set, i, &first, &last, NULL, 0, &status) != 0) continue;
        for (UChar32 c = first; c <= last; c++) out[c] = on ? (uint8_t)(out[c] | bit) : (uint8_t)(out[c] & ~bit);
    }
}

void cicu_fill_char_classes(uint8_t *out) {
    UErrorCode status = U_ZERO_ERROR;
    u_enumCharTypes(fill_category, out);
    const USet *space = u_getBinaryPropertySet(UCHAR_WHITE_SPACE, &status);
    const UCPMap *quickCheck = u_getIntPropertyMap(UCHAR_NFC_QUICK_CHECK, &status);
    const UCPMap *combining = u_getIntPropertyMap(UCHAR_CANONICAL_COMBINING_CLASS, &status);
    const UCPMap *decomposing = u_getIntPropertyMap(UCHAR_NFD_QUICK_CHECK, &status);
    const USet *lowercased = u_getBinaryPropertySet(UCHAR_CHANGES_WHEN_LOWERCASED, &status);
    if (U_FAILURE(status)) {
        fill_bits_slowly(out);
        return;
    }
    set_bit_in(out, space, CICU_WHITE_SPACE, 1);
    for (UChar32 c = 0; c < CICU_CODE_POINTS;) {
        uint32_t check, ccc;
        UChar32 end1 = ucpmap_getRange(quickCheck, c, UCPMAP_RANGE_NORMAL, 0, NULL, NULL, &check);
        UChar32 end2 = ucpmap_getRange(combining, c, UCPMAP_RANGE_NORMAL, 0, NULL, NULL, &ccc);
        UChar32 end = end1 < end2 ? end1 : end2;
        if (check == UNORM_YES && ccc == 0) {
            for (UChar32 k = c; k <= end; k++) out[k] |= CICU_NFC_STABLE;
        }
        c = end + 1;
    }
    for (UChar32 c = 0; c < CICU_CODE_POINTS;) {
        uint32_t check;
        UChar32 end = ucpmap_getRange(decomposing, c, UCPMAP_RANGE_NORMAL, 0, NULL, NULL, &check);
        if (check == UNORM_YES) {
            for (UChar32 k = c; k <= end; k++) out[k] |= CICU_CASE_NFD_STABLE;
        }
        c = end + 1;
    }
    set_bit_in(out, lowercased, CICU_CASE_NFD_STABLE, 0);
}

int32_t cicu_grapheme_break(uint32_t c) {
    return u_getIntPropertyValue((UChar32)c, UCHAR_GRAPHEME_CLUSTER_BREAK);
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

struct cicu_regex {
    URegularExpression *regex;
    UText *text;
};

cicu_regex *cicu_regex_compile(const uint8_t *pattern, int32_t length, char *message, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    UParseError parse;
    UText *source = utext_openUTF8(NULL, (const char *)pattern, length, &status);
    URegularExpression *regex = U_SUCCESS(status) ? uregex_openUText(source, 0, &parse, &status) : NULL;
    if (source) utext_close(source);
    if (U_FAILURE(status) || !regex) {
        if (capacity > 0) snprintf(message, (size_t)capacity, "%s at offset %d", u_errorName(status), parse.offset);
        return NULL;
    }
    cicu_regex *r = calloc(1, sizeof *r);
    if (!r) {
        uregex_close(regex);
        if (capacity > 0) snprintf(message, (size_t)capacity, "out of memory");
        return NULL;
    }
    r->regex = regex;
    return r;
}

cicu_regex *cicu_regex_clone(const cicu_regex *source) {
    UErrorCode status = U_ZERO_ERROR;
    URegularExpression *regex = uregex_clone(source->regex, &status);
    if (U_FAILURE(status)) return NULL;
    cicu_regex *r = calloc(1, sizeof *r);
    if (!r) {
        uregex_close(regex);
        return NULL;
    }
    r->regex = regex;
    return r;
}

void cicu_regex_close(cicu_regex *r) {
    if (!r) return;
    uregex_close(r->regex);
    if (r->text) utext_close(r->text);
    free(r);
}

int32_t cicu_regex_reset(cicu_regex *r, const uint8_t *text, int64_t length) {
    UErrorCode status = U_ZERO_ERROR;
    static const char empty[1] = {0};
    r->text = utext_openUTF8(r->text, length > 0 ? (const char *)text : empty, length, &status);
    if (U_FAILURE(status)) return -1;
    uregex_setUText(r->regex, r->text, &status);
    return U_FAILURE(status) ? -1 : 0;
}

int32_t cicu_regex_next(cicu_regex *r, int64_t *start, int64_t *end) {
    UErrorCode status = U_ZERO_ERROR;
    if (!uregex_findNext(r->regex, &status)) return U_FAILURE(status) ? -1 : 0;
    *start = uregex_start64(r->regex, 0, &status);
    *end = uregex_end64(r->regex, 0, &status);
    return U_FAILURE(status) ? -1 : 1;
}

int32_t cicu_script(uint32_t c) {
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript((UChar32)c, &status);
    return U_FAILURE(status) ? 0 : (int32_t)script;
}
