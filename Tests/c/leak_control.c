/* Negative control for `make leaks`: loads tokenizers and encodings and never frees them.
 * LeakSanitizer must report it (a non-zero exit), which shows the leak check can fail. */
#include <stdio.h>
#include <string.h>
#include "subtok.h"

static int leak_once(void) {
    subtok_tokenizer *tok = NULL;
    subtok_encoding *enc = NULL;
    if (subtok_tokenizer_from_file("../fixtures/tiny-bytelevel.json", &tok) != SUBTOK_OK) return 2;
    if (subtok_encode(tok, "hello world", 11, 0, &enc) != SUBTOK_OK) return 2;
    return 0;
}

/* Overwrites the stack the calls above used, so that no stale pointer keeps the leak reachable. */
static void clear_stack(void) {
    volatile char buffer[1 << 16];
    memset((char *)buffer, 0, sizeof buffer);
}

int main(void) {
    for (int i = 0; i < 4; i++)
        if (leak_once() != 0) return 2;
    clear_stack();
    printf("leaked 4 tokenizers and 4 encodings\n");
    return 0;
}
