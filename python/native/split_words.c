/*
 * split_words.c - encoding input already split into words (tokenizers' is_pretokenized): the
 * words of every input flattened into one call of subtok_encode_words_batch, and the Encodings
 * it returns, which keep their words for character offsets.
 */
#include "native.h"

#include <stdint.h>
#include <stdio.h>

/* The number of words in `words` (a list of str) or -1 with a TypeError naming input k. */
static Py_ssize_t word_count(PyObject *words, size_t k) {
    if (!PyList_Check(words)) {
        PyErr_Format(PyExc_TypeError, "input %zu: pre-tokenized input must be a list of str", k);
        return -1;
    }
    return PyList_Size(words);
}

PyObject *native_encode_words(HandleObject *handle, PyObject *items_arg, uint32_t flags, size_t threads) {
    PyObject *items = PySequence_List(items_arg);
    if (items == NULL) return NULL;
    size_t n = (size_t)PyList_Size(items), total = 0;
    PyObject *result = NULL;
    const char **words = NULL;
    size_t *lens = NULL, *counts = PyMem_Calloc(2 * (n ? n : 1), sizeof *counts);
    subtok_encoding **out = PyMem_Calloc(n ? n : 1, sizeof *out);
    if (counts == NULL || out == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (size_t k = 0; k < n; k++) {
        PyObject *item = PyList_GetItem(items, (Py_ssize_t)k);
        if (!PyTuple_Check(item) || PyTuple_Size(item) != 2) {
            PyErr_Format(PyExc_TypeError, "input %zu: expected (words, pair words or None)", k);
            goto done;
        }
        Py_ssize_t first = word_count(PyTuple_GetItem(item, 0), k);
        PyObject *pair = PyTuple_GetItem(item, 1);
        Py_ssize_t second = pair == Py_None ? 0 : word_count(pair, k);
        if (first < 0 || second < 0) goto done;
        counts[2 * k] = (size_t)first;
        counts[2 * k + 1] = pair == Py_None ? SIZE_MAX : (size_t)second;
        total += (size_t)first + (size_t)second;
    }
    words = PyMem_Calloc(total ? total : 1, sizeof *words);
    lens = PyMem_Calloc(total ? total : 1, sizeof *lens);
    if (words == NULL || lens == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    size_t next = 0;
    for (size_t k = 0; k < n; k++) {
        PyObject *item = PyList_GetItem(items, (Py_ssize_t)k);
        for (Py_ssize_t side = 0; side < 2; side++) {
            PyObject *list = PyTuple_GetItem(item, side);
            if (list == Py_None) continue;
            for (Py_ssize_t w = 0; w < PyList_Size(list); w++) {
                Py_ssize_t len;
                if ((words[next] = native_utf8(PyList_GetItem(list, w), &len, "each word")) == NULL) goto done;
                lens[next++] = (size_t)len;
            }
        }
    }
    size_t failed = 0;
    int status = SUBTOK_OK;
    Py_BEGIN_ALLOW_THREADS
    if (n) status = subtok_encode_words_batch(handle->tok, words, lens, counts, n, flags, threads, out, &failed);
    Py_END_ALLOW_THREADS
    if (status != SUBTOK_OK) {
        char prefix[48];
        snprintf(prefix, sizeof prefix, "input %zu: ", failed);
        native_fail(status, prefix);
        goto done;
    }
    if ((result = PyList_New((Py_ssize_t)n)) == NULL) goto done;
    for (size_t k = 0; k < n; k++) {
        PyObject *item = PyList_GetItem(items, (Py_ssize_t)k), *pair = PyTuple_GetItem(item, 1);
        PyObject *enc = native_encoding_new(out[k], NULL, PyTuple_GetItem(item, 0), pair == Py_None ? NULL : pair, handle, flags);
        out[k] = NULL;
        if (enc == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SetItem(result, (Py_ssize_t)k, enc);
    }
done:
    for (size_t k = 0; out != NULL && k < n; k++) subtok_encoding_free(out[k]);
    PyMem_Free(out);
    PyMem_Free(counts);
    PyMem_Free(words);
    PyMem_Free(lens);
    Py_DECREF(items);
    return result;
}
