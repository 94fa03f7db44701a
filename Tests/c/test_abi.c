/* C ABI test: compiled against the installed subtok.h and libsubtok.so (make test-c).
   Exercises every call, every error path a C host can hit, and concurrent use of one handle. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <subtok.h>

static int failures = 0, checks = 0;

#define CHECK(cond, ...)                                                     \
    do {                                                                     \
        checks++;                                                            \
        if (!(cond)) {                                                       \
            failures++;                                                      \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                    \
            fprintf(stderr, "\n");                                           \
        }                                                                    \
    } while (0)

static const char *fixture = "../fixtures/tiny-bytelevel.json";

static void test_loading_errors(void) {
    subtok_tokenizer *tok = NULL;
    CHECK(subtok_tokenizer_from_file(NULL, &tok) == SUBTOK_E_INVALID_ARGUMENT, "NULL path");
    CHECK(strstr(subtok_last_error(), "NULL") != NULL, "message: %s", subtok_last_error());
    CHECK(subtok_tokenizer_from_file(fixture, NULL) == SUBTOK_E_INVALID_ARGUMENT, "NULL out");
    CHECK(subtok_tokenizer_from_file("/nonexistent/tokenizer.json", &tok) == SUBTOK_E_IO, "missing file");
    const char *truncated = "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0";
    CHECK(subtok_tokenizer_from_buffer(truncated, strlen(truncated), &tok) == SUBTOK_E_FORMAT, "truncated json");
    const char *wrong_type = "{\"model\": {\"type\": \"BPE\", \"vocab\": [1, 2], \"merges\": []}}";
    CHECK(subtok_tokenizer_from_buffer(wrong_type, strlen(wrong_type), &tok) == SUBTOK_E_FORMAT, "vocab of wrong type");
    CHECK(strstr(subtok_last_error(), "model.vocab") != NULL, "message names the field: %s", subtok_last_error());
    const char *unknown_merge = "{\"pre_tokenizer\": {\"type\": \"ByteLevel\"}, \"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0, \"b\": 1}, \"merges\": [\"a c\"]}}";
    CHECK(subtok_tokenizer_from_buffer(unknown_merge, strlen(unknown_merge), &tok) == SUBTOK_E_FORMAT, "merge of unknown token");
    const char *dup = "{\"pre_tokenizer\": {\"type\": \"ByteLevel\"}, \"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0, \"b\": 0}, \"merges\": []}}";
    CHECK(subtok_tokenizer_from_buffer(dup, strlen(dup), &tok) == SUBTOK_E_FORMAT, "duplicate ids");
    const char *huge = "{\"pre_tokenizer\": {\"type\": \"ByteLevel\"}, \"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 4000000000}, \"merges\": []}}";
    CHECK(subtok_tokenizer_from_buffer(huge, strlen(huge), &tok) == SUBTOK_E_LIMIT, "absurd vocabulary size");
    const char *unsupported = "{\"model\": {\"type\": \"CharLevel\", \"vocab\": {}}}";
    CHECK(subtok_tokenizer_from_buffer(unsupported, strlen(unsupported), &tok) == SUBTOK_E_UNSUPPORTED, "unsupported model");
    CHECK(strstr(subtok_last_error(), "CharLevel") != NULL, "message names the model: %s", subtok_last_error());
    CHECK(subtok_tokenizer_from_buffer(NULL, 5, &tok) == SUBTOK_E_INVALID_ARGUMENT, "NULL data with a length");
    CHECK(tok == NULL, "no handle after failures");
    subtok_tokenizer_free(NULL);
    subtok_encoding_free(NULL);
    CHECK(subtok_vocab_size(NULL) == 0, "vocab size of NULL");
}

static void test_fixture(void) {
    subtok_tokenizer *tok = NULL;
    int rc = subtok_tokenizer_from_file(fixture, &tok);
    CHECK(rc == SUBTOK_OK, "load fixture: %s", subtok_last_error());
    if (rc) return;
    CHECK(subtok_vocab_size(tok) == 266, "vocab size %zu", subtok_vocab_size(tok));

    const char *text = "hello world<|end|>";
    uint32_t ids[8];
    size_t n = 0;
    CHECK(subtok_encode_ids(tok, text, strlen(text), SUBTOK_ADD_SPECIAL_TOKENS, ids, 8, &n) == SUBTOK_OK, "encode ids");
    CHECK(n == 3 && ids[0] == 259 && ids[1] == 264 && ids[2] == 265, "ids %zu: %u %u %u", n, ids[0], ids[1], ids[2]);

    uint32_t small[2] = {7, 7};
    CHECK(subtok_encode_ids(tok, text, strlen(text), 0, small, 2, &n) == SUBTOK_E_BUFFER_TOO_SMALL, "too small");
    CHECK(n == 3 && small[0] == 7, "needed count reported, buffer untouched");
    CHECK(subtok_encode_ids(tok, text, strlen(text), 0, NULL, 0, &n) == SUBTOK_E_BUFFER_TOO_SMALL && n == 3, "size query");

    const char bad[] = {'h', 'i', (char)0xFF, 'x'};
    CHECK(subtok_encode_ids(tok, bad, 4, 0, ids, 8, &n) == SUBTOK_E_INVALID_UTF8, "invalid UTF-8");
    CHECK(strstr(subtok_last_error(), "byte 2") != NULL, "offset in message: %s", subtok_last_error());
    CHECK(subtok_encode_ids(tok, NULL, 3, 0, ids, 8, &n) == SUBTOK_E_INVALID_ARGUMENT, "NULL text with length");
    CHECK(subtok_encode_ids(tok, NULL, 0, 0, ids, 8, &n) == SUBTOK_OK && n == 0, "empty text");
    CHECK(subtok_encode_ids(NULL, text, 3, 0, ids, 8, &n) == SUBTOK_E_INVALID_ARGUMENT, "NULL tokenizer");
    CHECK(subtok_encode_ids(tok, text, (size_t)-1, 0, ids, 8, &n) == SUBTOK_E_INVALID_ARGUMENT, "SIZE_MAX length");

    uint32_t *owned = NULL;
    CHECK(subtok_encode_ids_alloc(tok, text, strlen(text), 0, &owned, &n) == SUBTOK_OK && n == 3 && owned[1] == 264, "alloc");
    subtok_ids_free(owned);
    CHECK(subtok_count(tok, text, strlen(text), 0, &n) == SUBTOK_OK && n == 3, "count");

    subtok_encoding *enc = NULL;
    CHECK(subtok_encode(tok, text, strlen(text), SUBTOK_ADD_SPECIAL_TOKENS, &enc) == SUBTOK_OK, "encode");
    CHECK(subtok_encoding_len(enc) == 3, "len");
    const size_t *off = subtok_encoding_offsets(enc);
    CHECK(off[0] == 0 && off[1] == 5 && off[2] == 5 && off[3] == 11 && off[4] == 11 && off[5] == 18, "offsets");
    CHECK(strcmp(subtok_encoding_token(enc, 1), "\xC4\xA0world") == 0, "token 1 %s", subtok_encoding_token(enc, 1));
    CHECK(subtok_encoding_token(enc, 3) == NULL, "token index out of range");
    CHECK(subtok_encoding_attention_mask(enc)[2] == 1 && subtok_encoding_type_ids(enc)[0] == 0, "masks");
    subtok_encoding_free(enc);

    char buf[64];
    size_t len = 0;
    CHECK(subtok_decode(tok, ids, 3, 0, buf, sizeof buf, &len) == SUBTOK_OK && strcmp(buf, text) == 0, "decode '%s'", buf);
    CHECK(subtok_decode(tok, ids, 3, SUBTOK_SKIP_SPECIAL_TOKENS, buf, sizeof buf, &len) == SUBTOK_OK && strcmp(buf, "hello world") == 0, "skip special '%s'", buf);
    CHECK(subtok_decode(tok, ids, 3, 0, buf, 4, &len) == SUBTOK_E_BUFFER_TOO_SMALL && len == strlen(text), "decode too small");
    uint32_t wrong[2] = {259, 999999};
    CHECK(subtok_decode(tok, wrong, 2, 0, buf, sizeof buf, &len) == SUBTOK_E_OUT_OF_RANGE, "out-of-range id");
    CHECK(strstr(subtok_last_error(), "999999") != NULL, "message names the id: %s", subtok_last_error());
    CHECK(subtok_decode(tok, NULL, 2, 0, buf, sizeof buf, &len) == SUBTOK_E_INVALID_ARGUMENT, "NULL ids");
    char *owned_text = NULL;
    CHECK(subtok_decode_alloc(tok, ids, 2, 0, &owned_text, &len) == SUBTOK_OK && strcmp(owned_text, "hello world") == 0, "decode alloc");
    subtok_string_free(owned_text);

    uint32_t id = 0;
    CHECK(subtok_token_to_id(tok, "hello", 5, &id) == SUBTOK_OK && id == 259, "token_to_id");
    CHECK(subtok_token_to_id(tok, "<|end|>", 7, &id) == SUBTOK_OK && id == 265, "added token_to_id");
    CHECK(subtok_token_to_id(tok, "zzz", 3, &id) == SUBTOK_E_OUT_OF_RANGE, "unknown token");
    CHECK(subtok_id_to_token(tok, 264, buf, sizeof buf, &len) == SUBTOK_OK && strcmp(buf, "\xC4\xA0world") == 0, "id_to_token");
    CHECK(subtok_id_to_token(tok, 264, buf, 3, &len) == SUBTOK_E_BUFFER_TOO_SMALL && len == 7, "id_to_token small");
    CHECK(subtok_id_to_token(tok, 5000, buf, sizeof buf, &len) == SUBTOK_E_OUT_OF_RANGE, "id_to_token range");

    char path[] = "/tmp/subtok-test-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0, "mkstemp");
    if (fd >= 0) {
        CHECK(subtok_tokenizer_save(tok, path) == SUBTOK_OK, "save: %s", subtok_last_error());
        subtok_tokenizer *again = NULL;
        CHECK(subtok_tokenizer_from_file(path, &again) == SUBTOK_OK, "reload: %s", subtok_last_error());
        uint32_t ids2[8];
        CHECK(subtok_encode_ids(again, text, strlen(text), 0, ids2, 8, &n) == SUBTOK_OK && n == 3 && ids2[2] == 265, "reloaded ids");
        subtok_tokenizer_free(again);
        close(fd);
        remove(path);
    }
    CHECK(subtok_tokenizer_save(tok, "/nonexistent-dir/x.json") == SUBTOK_E_IO, "save to a missing folder");
    char *json = NULL;
    size_t json_len = 0;
    CHECK(subtok_tokenizer_to_json(tok, &json, &json_len) == SUBTOK_OK && json && json_len == strlen(json), "to_json");
    subtok_tokenizer *from_json = NULL;
    CHECK(json && subtok_tokenizer_from_buffer(json, json_len, &from_json) == SUBTOK_OK, "from_buffer(to_json)");
    uint32_t ids3[8];
    CHECK(from_json && subtok_encode_ids(from_json, text, strlen(text), 0, ids3, 8, &n) == SUBTOK_OK && n == 3 && ids3[2] == 265,
          "ids after a JSON round trip");
    subtok_tokenizer_free(from_json);
    subtok_string_free(json);
    json = (char *)1;
    json_len = 7;
    CHECK(subtok_tokenizer_to_json(NULL, &json, &json_len) == SUBTOK_E_INVALID_ARGUMENT && json == NULL && json_len == 0,
          "to_json of NULL clears its out-pointers");
    subtok_tokenizer_free(tok);
}

static void test_words(void) {
    subtok_tokenizer *tok = NULL;
    if (subtok_tokenizer_from_file(fixture, &tok) != SUBTOK_OK) return;
    /* Input 0: the words hello, world; input 1: hello with the pair world. As tokenizers gives
       them with is_pretokenized: ids 259 119 261 263, offsets within each word. */
    const char *words[] = {"hello", "world", "hello", "world"};
    const size_t lens[] = {5, 5, 5, 5}, counts[] = {2, SIZE_MAX, 1, 1};
    subtok_encoding *out[2] = {NULL, NULL};
    size_t failed = 9;
    CHECK(subtok_encode_words_batch(tok, words, lens, counts, 2, 0, 1, out, &failed) == SUBTOK_OK, "encode words");
    int32_t ids[4];
    for (int k = 0; k < 2 && out[k]; k++) {
        const uint32_t *got = subtok_encoding_ids(out[k]);
        const size_t *offsets = subtok_encoding_offsets(out[k]);
        CHECK(subtok_encoding_len(out[k]) == 4 && got[0] == 259 && got[1] == 119 && got[3] == 263, "words %d: ids", k);
        CHECK(offsets[2] == 0 && offsets[3] == 1 && offsets[6] == 3 && offsets[7] == 5, "words %d: offsets within the word", k);
        /* Word ids 0 1 1 1 for the two words; 0 0 0 0 for a word and its pair of one word. */
        int word = k == 0 ? 1 : 0;
        CHECK(subtok_encoding_word_ids(tok, out[k], NULL, 0, NULL, 0, 0, ids) == SUBTOK_OK && ids[0] == 0 && ids[1] == word &&
                  ids[3] == word,
              "words %d: word ids %d %d", k, ids[1], ids[3]);
        CHECK(subtok_encoding_sequence_ids(out[k])[3] == k, "words %d: sequence", k);
        subtok_encoding_free(out[k]);
    }
    const char bad[] = {'o', 'k', (char)0xFF};
    const char *bad_words[] = {"fine", bad};
    const size_t bad_lens[] = {4, 3}, bad_counts[] = {1, SIZE_MAX, 1, SIZE_MAX};
    CHECK(subtok_encode_words_batch(tok, bad_words, bad_lens, bad_counts, 2, 0, 1, out, &failed) == SUBTOK_E_INVALID_UTF8 &&
              failed == 1 && out[0] == NULL && out[1] == NULL,
          "a bad word names its input and leaves nothing allocated");
    CHECK(subtok_encode_words_batch(tok, words, lens, NULL, 1, 0, 1, out, &failed) == SUBTOK_E_INVALID_ARGUMENT, "NULL counts");
    subtok_tokenizer_free(tok);
}

static void test_truncation_and_padding(void) {
    subtok_tokenizer *tok = NULL, *cut = NULL, *padded = NULL, *plain = NULL;
    if (subtok_tokenizer_from_file(fixture, &tok) != SUBTOK_OK) return;
    CHECK(subtok_tokenizer_with_truncation(tok, 2, 1, SUBTOK_TRUNCATE_LONGEST_FIRST, SUBTOK_RIGHT, &cut) == SUBTOK_OK, "truncation");
    CHECK(subtok_tokenizer_with_truncation(tok, 2, 0, 7, SUBTOK_RIGHT, &plain) == SUBTOK_E_INVALID_ARGUMENT, "bad strategy");
    CHECK(subtok_tokenizer_with_truncation(tok, 4, 4, SUBTOK_TRUNCATE_LONGEST_FIRST, SUBTOK_RIGHT, &plain) == SUBTOK_E_INVALID_ARGUMENT,
          "stride not below max_length");
    CHECK(subtok_tokenizer_with_padding(cut, 4, 0, 5, 0, NULL, SUBTOK_LEFT, &padded) == SUBTOK_OK, "padding");
    const char *text = "hello world<|end|>";
    subtok_encoding *enc = NULL;
    CHECK(subtok_encode(padded, text, strlen(text), 0, &enc) == SUBTOK_OK, "encode padded");
    const uint32_t *ids = subtok_encoding_ids(enc);
    CHECK(subtok_encoding_len(enc) == 4 && ids[0] == 5 && ids[1] == 5 && ids[2] == 259 && ids[3] == 264, "left padding");
    CHECK(subtok_encoding_attention_mask(enc)[0] == 0 && subtok_encoding_attention_mask(enc)[3] == 1, "attention");
    CHECK(subtok_encoding_sequence_ids(enc)[0] == -1 && subtok_encoding_sequence_ids(enc)[2] == 0, "sequence ids");
    CHECK(subtok_encoding_overflowing_len(enc) == 1, "one overflowing part");
    const subtok_encoding *part = subtok_encoding_overflowing(enc, 0);
    CHECK(part && subtok_encoding_len(part) == 4 && subtok_encoding_ids(part)[3] == 265, "overflowing part padded");
    CHECK(subtok_encoding_overflowing(enc, 1) == NULL, "overflowing index out of range");
    /* Word ids as tokenizers gives them for this file and setting: [None, None, 0, 1], part [None, None, 1, 2]. */
    int32_t words[4] = {7, 7, 7, 7};
    CHECK(subtok_encoding_word_ids(padded, enc, text, strlen(text), NULL, 0, 0, words) == SUBTOK_OK &&
              words[0] == -1 && words[1] == -1 && words[2] == 0 && words[3] == 1,
          "word ids %d %d %d %d", words[0], words[1], words[2], words[3]);
    CHECK(subtok_encoding_word_ids(padded, part, text, strlen(text), NULL, 0, 0, words) == SUBTOK_OK && words[1] == -1 &&
              words[2] == 1 && words[3] == 2,
          "word ids of the overflowing part %d %d", words[2], words[3]);
    CHECK(subtok_encoding_word_ids(padded, enc, "\xff", 1, NULL, 0, 0, words) == SUBTOK_E_INVALID_UTF8, "word ids of bad UTF-8");
    CHECK(subtok_encoding_word_ids(padded, enc, text, strlen(text), NULL, 0, 0x80000000u, words) == SUBTOK_E_INVALID_ARGUMENT,
          "word ids with an unknown flag");
    CHECK(subtok_encoding_word_ids(padded, NULL, text, strlen(text), NULL, 0, 0, words) == SUBTOK_E_INVALID_ARGUMENT &&
              subtok_encoding_word_ids(padded, enc, text, strlen(text), NULL, 0, 0, NULL) == SUBTOK_E_INVALID_ARGUMENT,
          "word ids of NULL");
    CHECK(subtok_tokenizer_has_post_processor(padded) == 1 && subtok_tokenizer_has_post_processor(NULL) == 0, "has post-processor");
    subtok_encoding_free(enc);
    CHECK(subtok_tokenizer_without_padding(padded, &plain) == SUBTOK_OK, "without padding");
    size_t n = 0;
    uint32_t buf[8];
    CHECK(subtok_encode_ids(plain, text, strlen(text), 0, buf, 8, &n) == SUBTOK_OK && n == 2, "truncated ids %zu", n);
    subtok_tokenizer_free(plain);
    subtok_tokenizer_free(padded);
    subtok_tokenizer_free(cut);
    subtok_tokenizer_free(tok);
}

/* Many threads share one handle; each compares its results with the single-threaded ones. */
enum { THREADS = 8, TEXTS = 64 };
static subtok_tokenizer *shared_tok;
static char texts[TEXTS][96];
static uint32_t expected[TEXTS][96];
static size_t expected_n[TEXTS];

static void *worker(void *arg) {
    long mismatches = 0;
    for (int round = 0; round < 200; round++) {
        for (int k = 0; k < TEXTS; k++) {
            uint32_t ids[96];
            size_t n = 0;
            if (subtok_encode_ids(shared_tok, texts[k], strlen(texts[k]), 0, ids, 96, &n) != SUBTOK_OK ||
                n != expected_n[k] || memcmp(ids, expected[k], n * sizeof ids[0]) != 0)
                mismatches++;
            if (subtok_decode(shared_tok, ids, 1, 0, NULL, 0, &n) != SUBTOK_E_BUFFER_TOO_SMALL ||
                strstr(subtok_last_error(), "need") == NULL)
                mismatches++;
        }
    }
    *(long *)arg = mismatches;
    return NULL;
}

static void test_threads(const char *path) {
    if (subtok_tokenizer_from_file(path, &shared_tok) != SUBTOK_OK) {
        CHECK(0, "load %s: %s", path, subtok_last_error());
        return;
    }
    const char *words[] = {"hello", "world", "tokenizer", "naïve", "東京", "😀", "don't", "  ", "x1", "!!"};
    const char *batch[TEXTS];
    size_t lens[TEXTS];
    for (int k = 0; k < TEXTS; k++) {
        snprintf(texts[k], sizeof texts[k], "%s %s%s %d", words[k % 10], words[(k * 7) % 10], words[(k * 3) % 10], k);
        CHECK(subtok_encode_ids(shared_tok, texts[k], strlen(texts[k]), 0, expected[k], 96, &expected_n[k]) == SUBTOK_OK, "seed");
        batch[k] = texts[k];
        lens[k] = strlen(texts[k]);
    }
    subtok_encoding *out[TEXTS];
    size_t failed = 0;
    CHECK(subtok_encode_batch(shared_tok, batch, lens, TEXTS, 0, 3, out, &failed) == SUBTOK_OK, "batch");
    for (int k = 0; k < TEXTS; k++) {
        CHECK(subtok_encoding_len(out[k]) == expected_n[k] &&
                  memcmp(subtok_encoding_ids(out[k]), expected[k], expected_n[k] * sizeof(uint32_t)) == 0,
              "batch result %d equals the single result", k);
        subtok_encoding_free(out[k]);
    }
    const char *with_bad[2] = {"fine", "\xC3"};
    size_t bad_lens[2] = {4, 1};
    CHECK(subtok_encode_batch(shared_tok, with_bad, bad_lens, 2, 0, 2, out, &failed) == SUBTOK_E_INVALID_UTF8 && failed == 1,
          "batch names the bad text");

    /* Pairs in a batch: each equals subtok_encode_pair, a NULL pair subtok_encode; a bad pair is named. */
    const char *pairs[TEXTS];
    size_t pair_lens[TEXTS];
    for (int k = 0; k < TEXTS; k++) {
        pairs[k] = k % 3 == 0 ? NULL : texts[(k + 1) % TEXTS];
        pair_lens[k] = pairs[k] ? strlen(pairs[k]) : 0;
    }
    CHECK(subtok_encode_batch_pairs(shared_tok, batch, lens, pairs, pair_lens, TEXTS, 0, 2, out, &failed) == SUBTOK_OK, "pair batch");
    for (int k = 0; k < TEXTS; k++) {
        subtok_encoding *one = NULL;
        int status = pairs[k] ? subtok_encode_pair(shared_tok, batch[k], lens[k], pairs[k], pair_lens[k], 0, &one)
                              : subtok_encode(shared_tok, batch[k], lens[k], 0, &one);
        CHECK(status == SUBTOK_OK && subtok_encoding_len(out[k]) == subtok_encoding_len(one) &&
                  memcmp(subtok_encoding_ids(out[k]), subtok_encoding_ids(one), subtok_encoding_len(one) * sizeof(uint32_t)) == 0 &&
                  memcmp(subtok_encoding_type_ids(out[k]), subtok_encoding_type_ids(one), subtok_encoding_len(one) * sizeof(uint32_t)) == 0,
              "pair batch result %d equals the single call", k);
        subtok_encoding_free(one);
        subtok_encoding_free(out[k]);
    }
    const char *bad_pairs[2] = {NULL, "\xC3"};
    const char *good[2] = {"fine", "good"};
    CHECK(subtok_encode_batch_pairs(shared_tok, good, (size_t[]){4, 4}, bad_pairs, bad_lens, 2, 0, 2, out, &failed) == SUBTOK_E_INVALID_UTF8 &&
              failed == 1 && out[0] == NULL,
          "pair batch names the bad pair and leaves nothing allocated");

    pthread_t threads[THREADS];
    long mismatches[THREADS];
    for (int t = 0; t < THREADS; t++) pthread_create(&threads[t], NULL, worker, &mismatches[t]);
    long total = 0;
    for (int t = 0; t < THREADS; t++) {
        pthread_join(threads[t], NULL);
        total += mismatches[t];
    }
    CHECK(total == 0, "%ld mismatches across %d threads", total, THREADS);
    subtok_tokenizer_free(shared_tok);
}

/* What the progress callback saw: calls, and the last merge report. */
struct progress_seen {
    int calls, merges;
    uint64_t done, total;
};

static void on_progress(void *context, const char *phase, uint64_t done, uint64_t total, const char *message) {
    struct progress_seen *seen = context;
    seen->calls++;
    if (strcmp(phase, "merge") == 0 && message && message[0]) {
        seen->merges++;
        seen->done = done;
        seen->total = total;
    }
}

static void test_trainer(void) {
    subtok_trainer *tr = NULL;
    const char *bad = "{\"model\": \"bpe\"}";
    CHECK(subtok_trainer_new(bad, strlen(bad), &tr) == SUBTOK_E_INVALID_ARGUMENT, "missing vocab_size");
    CHECK(strstr(subtok_last_error(), "vocab_size") != NULL, "message names the key: %s", subtok_last_error());
    const char *broken = "{\"model\": ";
    CHECK(subtok_trainer_new(broken, strlen(broken), &tr) == SUBTOK_E_INVALID_ARGUMENT, "broken JSON");
    CHECK(subtok_trainer_new(NULL, 3, &tr) == SUBTOK_E_INVALID_ARGUMENT, "NULL config");
    const char *config = "{\"model\": \"byte-bpe\", \"vocab_size\": 300, \"quiet\": true, \"threads\": 2}";
    CHECK(subtok_trainer_new(config, strlen(config), NULL) == SUBTOK_E_INVALID_ARGUMENT, "NULL out");
    CHECK(subtok_trainer_new(config, strlen(config), &tr) == SUBTOK_OK, "new: %s", subtok_last_error());
    CHECK(subtok_trainer_feed(NULL, "x", 1) == SUBTOK_E_INVALID_ARGUMENT, "feed NULL trainer");
    CHECK(subtok_trainer_feed(tr, NULL, 4) == SUBTOK_E_INVALID_ARGUMENT, "feed NULL text");
    CHECK(subtok_trainer_feed_file(tr, "/nonexistent/corpus.txt") == SUBTOK_E_IO, "feed missing file");
    for (int i = 0; i < 200; i++) {
        const char *text = "hello hello world, hello there\n";
        CHECK(subtok_trainer_feed(tr, text, strlen(text)) == SUBTOK_OK, "feed");
    }
    CHECK(subtok_trainer_feed(tr, "\xff\xfe", 2) == SUBTOK_OK, "invalid UTF-8 is skipped, not an error");
    struct progress_seen seen = {0, 0, 0, 0};
    CHECK(subtok_trainer_set_progress(tr, on_progress, &seen) == SUBTOK_OK, "set progress");
    CHECK(subtok_trainer_set_progress(NULL, on_progress, &seen) == SUBTOK_E_INVALID_ARGUMENT, "progress of NULL");
    subtok_tokenizer *tok = NULL;
    CHECK(subtok_trainer_finish(tr, &tok) == SUBTOK_OK && tok != NULL, "finish: %s", subtok_last_error());
    /* "quiet" is set: the reports still reach the callback; the last one ends the merges. */
    CHECK(seen.calls >= 2 && seen.merges >= 1 && seen.done == seen.total && seen.total >= 257,
          "progress reports: %d calls, last merge %llu / %llu", seen.calls, (unsigned long long)seen.done,
          (unsigned long long)seen.total);
    subtok_tokenizer *again = (subtok_tokenizer *)0x1;
    CHECK(subtok_trainer_finish(tr, &again) == SUBTOK_E_INVALID_ARGUMENT && again == NULL, "finish twice");
    CHECK(subtok_trainer_feed(tr, "x", 1) == SUBTOK_E_INVALID_ARGUMENT, "feed after finish");
    uint32_t id = 0;
    CHECK(subtok_token_to_id(tok, "hello", 5, &id) == SUBTOK_OK, "the frequent word became a token");
    uint32_t ids[16];
    size_t n = 0;
    CHECK(subtok_encode_ids(tok, " hello", 6, 0, ids, 16, &n) == SUBTOK_OK && n == 1, "one token for ' hello' (%zu)", n);
    subtok_tokenizer_free(tok);
    subtok_trainer_free(tr);
    subtok_trainer_free(NULL);
    subtok_trainer *empty = NULL;
    CHECK(subtok_trainer_new(config, strlen(config), &empty) == SUBTOK_OK, "new");
    CHECK(subtok_trainer_finish(empty, &tok) == SUBTOK_E_INVALID_ARGUMENT, "empty corpus");
    subtok_trainer_free(empty);
}

/* BPE-dropout through the ABI: the fixture with "dropout": 0.5; a seeded handle repeats its
   samples, every sample decodes to the text, and the seed calls validate their arguments. */
static void test_seed(void) {
    FILE *f = fopen(fixture, "rb");
    if (!f) return;
    char json[16384];
    size_t n = fread(json, 1, sizeof json - 1, f);
    fclose(f);
    json[n] = 0;
    char *at = strstr(json, "\"dropout\": null");
    CHECK(at != NULL, "fixture has a dropout field");
    if (!at) return;
    char edited[16400];
    snprintf(edited, sizeof edited, "%.*s\"dropout\": 0.5%s", (int)(at - json), json, at + strlen("\"dropout\": null"));
    subtok_tokenizer *tok = NULL, *seeded = NULL, *unseeded = NULL;
    CHECK(subtok_tokenizer_from_buffer(edited, strlen(edited), &tok) == SUBTOK_OK, "dropout tokenizer loads: %s", subtok_last_error());
    CHECK(subtok_tokenizer_with_seed(NULL, 1, &seeded) == SUBTOK_E_INVALID_ARGUMENT, "NULL tokenizer");
    CHECK(subtok_tokenizer_with_seed(tok, 1, NULL) == SUBTOK_E_INVALID_ARGUMENT, "NULL out");
    CHECK(subtok_tokenizer_with_seed(tok, 1234, &seeded) == SUBTOK_OK, "with seed");
    const char *text = "hello world hello world hello world hello world";
    uint32_t first[64], again[64];
    size_t a = 0, b = 0;
    CHECK(subtok_encode_ids(seeded, text, strlen(text), 0, first, 64, &a) == SUBTOK_OK, "seeded encode");
    CHECK(subtok_encode_ids(seeded, text, strlen(text), 0, again, 64, &b) == SUBTOK_OK, "seeded encode again");
    CHECK(a == b && memcmp(first, again, a * sizeof *first) == 0, "a seed repeats its sample");
    char decoded[128];
    size_t len = 0;
    CHECK(subtok_decode(seeded, first, a, 0, decoded, sizeof decoded, &len) == SUBTOK_OK && len == strlen(text) &&
          memcmp(decoded, text, len) == 0, "a sample decodes to the text");
    CHECK(subtok_tokenizer_without_seed(seeded, &unseeded) == SUBTOK_OK, "without seed");
    subtok_tokenizer_free(unseeded);
    subtok_tokenizer_free(seeded);
    subtok_tokenizer_free(tok);
}

/* Every failed call leaves its out-pointers NULL and its counts 0, and an undefined flag bit is
   SUBTOK_E_INVALID_ARGUMENT in every call that takes flags. */
static void test_failures_keep_their_word(void) {
    subtok_tokenizer *tok = NULL;
    if (subtok_tokenizer_from_file(fixture, &tok) != SUBTOK_OK) {
        CHECK(0, "load fixture: %s", subtok_last_error());
        return;
    }
    void *const poison = (void *)0x1;
    const uint32_t bad = 0x80000000u;
    const char *text = "hello world";
    size_t len = strlen(text), n = 12345, failed = 99;
    uint32_t buf[16], *ids = poison;
    size_t *starts = poison;
    subtok_encoding *enc = poison, *encs[2] = {poison, poison};
    subtok_tokenizer *out = poison;
    char *str = poison, cbuf[64];

    CHECK(subtok_encode_ids(tok, text, len, bad, buf, 16, &n) == SUBTOK_E_INVALID_ARGUMENT && n == 0, "encode_ids n=%zu", n);
    CHECK(strstr(subtok_last_error(), "flags") != NULL, "message: %s", subtok_last_error());
    n = 12345;
    CHECK(subtok_encode_ids_alloc(tok, text, len, bad, &ids, &n) == SUBTOK_E_INVALID_ARGUMENT && ids == NULL && n == 0, "encode_ids_alloc");
    n = 12345;
    CHECK(subtok_count(tok, text, len, bad, &n) == SUBTOK_E_INVALID_ARGUMENT && n == 0, "count");
    CHECK(subtok_encode(tok, text, len, bad, &enc) == SUBTOK_E_INVALID_ARGUMENT && enc == NULL, "encode");
    enc = poison;
    CHECK(subtok_encode_pair(tok, text, len, text, len, bad, &enc) == SUBTOK_E_INVALID_ARGUMENT && enc == NULL, "encode_pair");
    const char *texts[2] = {text, text};
    size_t lens[2] = {len, len};
    CHECK(subtok_encode_batch(tok, texts, lens, 2, bad, 1, encs, &failed) == SUBTOK_E_INVALID_ARGUMENT
              && encs[0] == NULL && encs[1] == NULL, "encode_batch");
    ids = poison;
    CHECK(subtok_encode_batch_ids(tok, texts, lens, 2, bad, 1, &ids, &starts, &failed) == SUBTOK_E_INVALID_ARGUMENT
              && ids == NULL && starts == NULL, "encode_batch_ids");
    uint32_t hello = 259;
    n = 12345;
    CHECK(subtok_decode(tok, &hello, 1, bad, cbuf, sizeof cbuf, &n) == SUBTOK_E_INVALID_ARGUMENT && n == 0, "decode n=%zu", n);
    n = 12345;
    CHECK(subtok_decode_alloc(tok, &hello, 1, bad, &str, &n) == SUBTOK_E_INVALID_ARGUMENT && str == NULL && n == 0, "decode_alloc");
    CHECK(subtok_tokenizer_from_file_ex(fixture, 0x800u, &out) == SUBTOK_E_INVALID_ARGUMENT && out == NULL, "load flag");
    out = poison;
    CHECK(subtok_tokenizer_from_file_ex(fixture, 0x600u, &out) == SUBTOK_E_INVALID_ARGUMENT && out == NULL, "load pattern 6");
    CHECK(subtok_tokenizer_from_file_ex(fixture, SUBTOK_LOAD_PATTERN_MASK & SUBTOK_LOAD_PATTERN_QWEN2, &out) == SUBTOK_OK, "a pattern loads");
    subtok_tokenizer_free(out);

    /* _v2 reads options the caller's size covers: kind and pattern by name, special tokens for rank files. */
    subtok_load_options options = {.size = sizeof options, .kind = "tokenizer-json"};
    out = poison;
    CHECK(subtok_tokenizer_from_file_v2(fixture, &options, &out) == SUBTOK_OK && out != NULL, "v2 by kind");
    subtok_tokenizer_free(out);
    out = poison;
    CHECK(subtok_tokenizer_from_file_v2(fixture, NULL, &out) == SUBTOK_OK && out != NULL, "v2 without options");
    subtok_tokenizer_free(out);
    options.kind = "sentencepiece";
    out = poison;
    CHECK(subtok_tokenizer_from_file_v2(fixture, &options, &out) == SUBTOK_E_FORMAT && out == NULL
              && strstr(subtok_last_error(), "read as sentencepiece") != NULL, "v2 wrong kind: %s", subtok_last_error());
    options.kind = "yaml";
    out = poison;
    CHECK(subtok_tokenizer_from_file_v2(fixture, &options, &out) == SUBTOK_E_INVALID_ARGUMENT && out == NULL, "v2 unknown kind");
    options.kind = NULL;
    options.pattern = "r50k";
    out = poison;
    CHECK(subtok_tokenizer_from_file_v2(fixture, &options, &out) == SUBTOK_E_INVALID_ARGUMENT && out == NULL, "v2 unknown pattern");
    options.pattern = NULL;
    options.flags = SUBTOK_LOAD_PATTERN_CL100K;
    out = poison;
    CHECK(subtok_tokenizer_from_file_v2(fixture, &options, &out) == SUBTOK_E_INVALID_ARGUMENT && out == NULL, "v2 refuses pattern bits");
    options.flags = 0;
    options.size = sizeof options.size;
    out = poison;
    CHECK(subtok_tokenizer_from_file_v2(fixture, &options, &out) == SUBTOK_E_INVALID_ARGUMENT && out == NULL, "v2 small size");
    options.size = sizeof options;
    const char *specials[] = {"<|x|>"};
    uint32_t special_ids[] = {100000};
    options.special_tokens = specials;
    options.special_ids = special_ids;
    options.special_count = 1;
    out = poison;
    CHECK(subtok_tokenizer_from_file_v2(fixture, &options, &out) == SUBTOK_E_INVALID_ARGUMENT && out == NULL
              && strstr(subtok_last_error(), "tiktoken rank file only") != NULL, "v2 special tokens for tokenizer.json: %s", subtok_last_error());

    /* Failures of other kinds clear the out-pointers too. */
    ids = poison;
    n = 12345;
    CHECK(subtok_encode_ids_alloc(tok, "\xff", 1, 0, &ids, &n) == SUBTOK_E_INVALID_UTF8 && ids == NULL && n == 0, "invalid UTF-8");
    uint32_t unknown = 999999;
    str = poison;
    n = 12345;
    CHECK(subtok_decode_alloc(tok, &unknown, 1, 0, &str, &n) == SUBTOK_E_OUT_OF_RANGE && str == NULL && n == 0, "unknown id");
    n = 12345;
    CHECK(subtok_id_to_token(tok, unknown, cbuf, sizeof cbuf, &n) == SUBTOK_E_OUT_OF_RANGE && n == 0, "id_to_token");
    out = poison;
    CHECK(subtok_tokenizer_with_truncation(tok, 4, 4, 0, 0, &out) == SUBTOK_E_INVALID_ARGUMENT && out == NULL, "stride");
    out = poison;
    CHECK(subtok_tokenizer_from_file("/nonexistent.json", &out) == SUBTOK_E_IO && out == NULL, "missing file");
    out = poison;
    CHECK(subtok_tokenizer_from_buffer("{", 1, &out) == SUBTOK_E_FORMAT && out == NULL, "bad json");
    subtok_trainer *trainer = poison;
    CHECK(subtok_trainer_new("{}", 2, &trainer) == SUBTOK_E_INVALID_ARGUMENT && trainer == NULL, "trainer config");
    n = 12345;
    CHECK(subtok_encode_ids(tok, text, len, 0, buf, 1, &n) == SUBTOK_E_BUFFER_TOO_SMALL && n == 2, "needed count kept");
    subtok_tokenizer_free(tok);
}

/* Streaming decode: text per id, nothing while a character is partial, copies, errors. */
static void test_decode_stream(void) {
    subtok_tokenizer *tok = NULL;
    if (subtok_tokenizer_from_file(fixture, &tok) != SUBTOK_OK) return;
    subtok_decode_stream *stream = NULL, *copy = NULL, *bad = (subtok_decode_stream *)0x1;
    CHECK(subtok_decode_stream_new(0x80000000u, NULL, 0, &bad) == SUBTOK_E_INVALID_ARGUMENT && bad == NULL, "bad flag");
    CHECK(subtok_decode_stream_new(0, NULL, 3, &bad) == SUBTOK_E_INVALID_ARGUMENT, "NULL prefill with n");
    CHECK(subtok_decode_stream_new(0, NULL, 0, &stream) == SUBTOK_OK, "new: %s", subtok_last_error());
    const char *text = NULL;
    size_t len = 99;
    CHECK(subtok_decode_stream_step(stream, tok, 259, &text, &len) == SUBTOK_OK && len == 5 && strcmp(text, "hello") == 0, "hello");
    CHECK(subtok_decode_stream_step(stream, tok, 195, &text, &len) == SUBTOK_OK && len == 0 && strcmp(text, "") == 0, "half of é");
    CHECK(subtok_decode_stream_copy(stream, &copy) == SUBTOK_OK, "copy");
    CHECK(subtok_decode_stream_step(stream, tok, 169, &text, &len) == SUBTOK_OK && strcmp(text, "é") == 0, "é: %s", text);
    const uint32_t rest[2] = {169, 264};
    CHECK(subtok_decode_stream_step_ids(copy, tok, rest, 2, &text, &len) == SUBTOK_OK && strcmp(text, "é world") == 0, "copy goes on: %s", text);
    CHECK(subtok_decode_stream_step(stream, tok, 999999, &text, &len) == SUBTOK_E_OUT_OF_RANGE && text == NULL && len == 0, "unknown id");
    CHECK(subtok_decode_stream_step(stream, tok, 264, &text, &len) == SUBTOK_OK && strcmp(text, " world") == 0, "usable after an error");
    CHECK(subtok_decode_stream_step(NULL, tok, 264, &text, &len) == SUBTOK_E_INVALID_ARGUMENT, "NULL stream");
    CHECK(subtok_decode_stream_step(stream, NULL, 264, &text, &len) == SUBTOK_E_INVALID_ARGUMENT, "NULL tokenizer");
    subtok_decode_stream_free(copy);
    subtok_decode_stream_free(stream);
    subtok_decode_stream_free(NULL);
    subtok_tokenizer_free(tok);
}

/* Added tokens: new ids after the vocabulary, a duplicate skipped, bad lists refused. */
static void test_added_tokens(void) {
    subtok_tokenizer *tok = NULL, *more = (subtok_tokenizer *)0x1;
    if (subtok_tokenizer_from_file(fixture, &tok) != SUBTOK_OK) return;
    const char *list = "[\"zqx\", {\"content\": \"<sep>\", \"special\": true}, \"zqx\", \"\"]";
    size_t added = 99;
    CHECK(subtok_tokenizer_with_added_tokens(tok, list, strlen(list), 0, &more, &added) == SUBTOK_OK && added == 2,
          "added %zu: %s", added, subtok_last_error());
    CHECK(subtok_vocab_size(more) == 268 && subtok_model_vocab_size(more) == subtok_model_vocab_size(tok), "sizes");
    uint32_t ids[8];
    size_t n = 0;
    CHECK(subtok_encode_ids(more, "hello<sep>zqx", 13, 0, ids, 8, &n) == SUBTOK_OK && n == 3 && ids[0] == 259 && ids[1] == 267 && ids[2] == 266,
          "ids %zu", n);
    subtok_tokenizer_free(more);
    more = (subtok_tokenizer *)0x1;
    CHECK(subtok_tokenizer_with_added_tokens(tok, "{}", 2, 0, &more, &added) == SUBTOK_E_INVALID_ARGUMENT && more == NULL && added == 0,
          "not an array");
    CHECK(subtok_tokenizer_with_added_tokens(tok, "[3]", 3, 0, &more, &added) == SUBTOK_E_INVALID_ARGUMENT, "not a token");
    CHECK(subtok_tokenizer_with_added_tokens(tok, "[]", 2, 0x80u, &more, &added) == SUBTOK_E_INVALID_ARGUMENT, "bad flag");
    subtok_tokenizer_free(tok);
}

int main(void) {
    CHECK(subtok_version() != NULL && strcmp(subtok_version(), SUBTOK_VERSION) == 0, "version %s", subtok_version());
    CHECK(subtok_version_number() == SUBTOK_VERSION_NUMBER, "version number %u", subtok_version_number());
    CHECK(strcmp(subtok_status_string(SUBTOK_E_INVALID_UTF8), "invalid UTF-8") == 0, "status string");
    CHECK(strcmp(subtok_status_string(12345), "unknown status") == 0, "unknown status string");
    test_loading_errors();
    test_fixture();
    test_failures_keep_their_word();
    test_decode_stream();
    test_added_tokens();
    test_truncation_and_padding();
    test_words();
    test_seed();
    test_threads(fixture);
    test_trainer();
    const char *reference = getenv("SUBTOK_REFERENCE");
    char path[1024];
    snprintf(path, sizeof path, "%s/gpt2/tokenizer.json", reference ? reference : "../../../shared/reference");
    FILE *f = fopen(path, "r");
    if (f) {
        fclose(f);
        test_threads(path);
    } else if (getenv("CI") && strcmp(getenv("CI"), "true") == 0) {
        CHECK(0, "reference tokenizer %s missing under CI", path);
    } else {
        fprintf(stderr, "skipping GPT-2 thread test: %s not found\n", path);
    }
    printf("%d passed, %d failed\n", checks - failures, failures);
    return failures ? 1 : 0;
}
