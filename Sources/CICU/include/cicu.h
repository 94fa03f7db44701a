#ifndef SUBTOK_CICU_H
#define SUBTOK_CICU_H
/* Plain-C view of the few ICU services Subtok needs. Only stdint types cross this header, so no
   Swift module ever sees ICU's own headers (their names are macros, and they clash with
   Foundation's private ICU copy on clean builds: DESIGN.md section 8). */
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bit set in a class byte when the code point has the Unicode White_Space property. */
#define CICU_WHITE_SPACE 0x20
/* Bit set in a class byte when the code point is NFC-stable: NFC_Quick_Check Yes and canonical
   combining class 0, so a text of such code points is in NFC, and so is every part of it. */
#define CICU_NFC_STABLE 0x40
/* Bit set in a class byte when the code point is its own NFD (NFD_Quick_Check Yes) and its own
   lowercase (not Changes_When_Lowercased): BERT's normalizer leaves it as it is, unless it strips
   it as a nonspacing mark. */
#define CICU_CASE_NFD_STABLE 0x80

/* Number of code points, U+0000 ... U+10FFFF. */
#define CICU_CODE_POINTS 0x110000

/* Fills out[c] for every code point c (out holds CICU_CODE_POINTS bytes) with the ICU general
   category (UCharCategory, 0...29) OR-ed with CICU_WHITE_SPACE, CICU_NFC_STABLE and
   CICU_CASE_NFD_STABLE. Walks ICU's
   property ranges, not code points: a few milliseconds (about 30, one code point at a time, when
   ICU cannot give its property maps, which happens only when out of memory). */
void cicu_fill_char_classes(uint8_t *out);

/* The Grapheme_Cluster_Break property of code point c (UGraphemeClusterBreak: 0 Other, 1 Control,
   2 CR, 3 Extend, 5 LF, 10 SpacingMark, 11 Prepend, 17 ZWJ, ...). Cost: one trie look-up. */
int32_t cicu_grapheme_break(uint32_t c);

/* The canonical decomposition (NFD) of code point c as code points into out (at most cap);
   returns the number written, or the needed count when larger than cap. Cost: O(length). */
int32_t cicu_nfd(uint32_t c, uint32_t *out, int32_t cap);

/* The compatibility decomposition (NFKD) of code point c; same convention as cicu_nfd. */
int32_t cicu_nfkd(uint32_t c, uint32_t *out, int32_t cap);

/* The canonical combining class of c (0 for starters). */
uint8_t cicu_combining_class(uint32_t c);

/* The primary composite of a + b, or -1 when they do not compose (canonical composition). */
int32_t cicu_compose(uint32_t a, uint32_t b);

/* The full, context-free lowercase mapping of code point c (SpecialCasing's unconditional
   mappings: U+0130 -> "i\u0307") as code points into out; same return convention as cicu_nfd. */
int32_t cicu_lowercase(uint32_t c, uint32_t *out, int32_t cap);

/* ICU regular expressions over UTF-8 text (match offsets are byte offsets). A compiled
   expression is not thread-safe: give each thread its own clone. */
typedef struct cicu_regex cicu_regex;
/* Compiles a UTF-8 pattern; NULL on failure with a message in `message`. */
cicu_regex *cicu_regex_compile(const uint8_t *pattern, int32_t length, char *message, int32_t capacity);
/* A copy sharing the compiled pattern, for another thread; NULL when out of memory. */
cicu_regex *cicu_regex_clone(const cicu_regex *regex);
void cicu_regex_close(cicu_regex *regex);
/* Starts matching in text[0 ..< length] (the text must outlive the matching); 0 on success. */
int32_t cicu_regex_reset(cicu_regex *regex, const uint8_t *text, int64_t length);
/* The next match: 1 with its byte range, 0 when there is none, -1 on error. */
int32_t cicu_regex_next(cicu_regex *regex, int64_t *start, int64_t *end);

/* The Unicode version of the linked ICU data, as "major.minor" into buf (NUL-terminated). */
/* The Unicode script of `c` as ICU numbers it (UScriptCode: 0 Common, 1 Inherited, 17 Han,
   20 Hiragana, 22 Katakana, ...); 0 for invalid code points. */
int32_t cicu_script(uint32_t c);

void cicu_unicode_version(char *buf, int32_t capacity);

#ifdef __cplusplus
}
#endif
#endif
