/* Subtok's side of `make bench`: in-process encoding throughput through the C ABI.
   Usage: bench_encode TOKENIZER CORPUS THREADS REPEATS [whole]
   With "whole", the corpus is encoded as one text (ids only) and the best time is printed.
   Prints one JSON object: load time, and MB/s (10^6 bytes of input per second, best of REPEATS)
   for ids per line, full encodings per line (ids, offsets, masks), and batch encoding. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "subtok.h"

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    if (argc != 5 && argc != 6) {
        fprintf(stderr, "usage: %s TOKENIZER CORPUS THREADS REPEATS [whole]\n", argv[0]);
        return 2;
    }
    int threads = atoi(argv[3]), repeats = atoi(argv[4]);
    int whole = argc == 6 && strcmp(argv[5], "whole") == 0;
    FILE *f = fopen(argv[2], "rb");
    if (!f) { perror(argv[2]); return 1; }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc(size + 1);
    if (fread(data, 1, size, f) != (size_t)size) { perror("read"); return 1; }
    fclose(f);

    if (whole) {
        subtok_tokenizer *tok = NULL;
        if (subtok_tokenizer_from_file(argv[1], &tok) != SUBTOK_OK) {
            fprintf(stderr, "load: %s\n", subtok_last_error());
            return 1;
        }
        double best = 1e30;
        size_t n = 0;
        for (int r = 0; r < repeats; r++) {
            uint32_t *ids = NULL;
            double t0 = now();
            if (subtok_encode_ids_alloc(tok, data, (size_t)size, 0, &ids, &n) != SUBTOK_OK) {
                fprintf(stderr, "encode: %s\n", subtok_last_error());
                return 1;
            }
            double t = now() - t0;
            subtok_ids_free(ids);
            if (t < best) best = t;
        }
        printf("{\"bytes\": %ld, \"tokens\": %zu, \"seconds\": %.6f}\n", size, n, best);
        subtok_tokenizer_free(tok);
        return 0;
    }

    size_t n = 0, cap = 1024;
    const char **lines = malloc(cap * sizeof *lines);
    size_t *lens = malloc(cap * sizeof *lens);
    for (long i = 0; i < size;) {
        long j = i;
        while (j < size && data[j] != '\n') j++;
        if (n == cap) {
            cap *= 2;
            lines = realloc(lines, cap * sizeof *lines);
            lens = realloc(lens, cap * sizeof *lens);
        }
        lines[n] = data + i;
        lens[n] = (size_t)(j - i);
        n++;
        i = j + 1;
    }
    double bytes = 0;
    for (size_t k = 0; k < n; k++) bytes += lens[k];

    double t0 = now();
    subtok_tokenizer *tok = NULL;
    if (subtok_tokenizer_from_file(argv[1], &tok) != SUBTOK_OK) {
        fprintf(stderr, "load: %s\n", subtok_last_error());
        return 1;
    }
    double load = now() - t0;

    /* Each mode is timed in its own loop of REPEATS runs, so one mode's runs follow each other
       (as a long job would run) instead of alternating with the others. */
    uint32_t *ids = malloc(sizeof(uint32_t) * 1 << 20);
    double best_ids = 1e30, best_full = 1e30, best_batch = 1e30, best_batch_ids = 1e30;
    size_t tokens = 0;
    for (int r = 0; r < repeats; r++) {
        t0 = now();
        tokens = 0;
        for (size_t k = 0; k < n; k++) {
            size_t m = 0;
            if (subtok_encode_ids(tok, lines[k], lens[k], SUBTOK_ADD_SPECIAL_TOKENS, ids, 1 << 20, &m) != SUBTOK_OK) {
                fprintf(stderr, "encode: %s\n", subtok_last_error());
                return 1;
            }
            tokens += m;
        }
        double t = now() - t0;
        if (t < best_ids) best_ids = t;
    }
    for (int r = 0; r < repeats; r++) {
        t0 = now();
        for (size_t k = 0; k < n; k++) {
            subtok_encoding *e = NULL;
            if (subtok_encode(tok, lines[k], lens[k], SUBTOK_ADD_SPECIAL_TOKENS, &e) != SUBTOK_OK) return 1;
            subtok_encoding_free(e);
        }
        double t = now() - t0;
        if (t < best_full) best_full = t;
    }
    for (int r = 0; r < repeats; r++) {
        subtok_encoding **out = malloc(n * sizeof *out);
        t0 = now();
        if (subtok_encode_batch(tok, lines, lens, n, SUBTOK_ADD_SPECIAL_TOKENS, threads, out, NULL) != SUBTOK_OK) return 1;
        double t = now() - t0;
        for (size_t k = 0; k < n; k++) subtok_encoding_free(out[k]);
        free(out);
        if (t < best_batch) best_batch = t;
    }
    for (int r = 0; r < repeats; r++) {
        uint32_t *flat = NULL;
        size_t *starts = NULL;
        t0 = now();
        if (subtok_encode_batch_ids(tok, lines, lens, n, SUBTOK_ADD_SPECIAL_TOKENS, threads, &flat, &starts, NULL) != SUBTOK_OK) return 1;
        double t = now() - t0;
        if (starts[n] != tokens) { fprintf(stderr, "batch ids disagree with single ids\n"); return 1; }
        subtok_ids_free(flat);
        subtok_offsets_free(starts);
        if (t < best_batch_ids) best_batch_ids = t;
    }
    printf("{\"load_s\": %.4f, \"bytes\": %.0f, \"lines\": %zu, \"tokens\": %zu, "
           "\"ids_mbps\": %.2f, \"full_mbps\": %.2f, \"batch_mbps\": %.2f, \"batch_ids_mbps\": %.2f, \"threads\": %d}\n",
           load, bytes, n, tokens, bytes / best_ids / 1e6, bytes / best_full / 1e6, bytes / best_batch / 1e6,
           bytes / best_batch_ids / 1e6, threads);
    subtok_tokenizer_free(tok);
    return 0;
}
