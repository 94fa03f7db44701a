/*
 * native.h - what the files of subtok._native share: the object layouts, the types, argument
 * binding and error raising. The module is a thin layer over the C ABI (subtok.h) in CPython's
 * stable ABI (abi3, 3.10 and later: PyUnicode_AsUTF8AndSize and METH_FASTCALL joined it in 3.10).
 */
#ifndef SUBTOK_NATIVE_H
#define SUBTOK_NATIVE_H

#define Py_LIMITED_API 0x030A0000
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "subtok.h"

/* One loaded tokenizer handle, immutable, freed with the last reference. A call takes a
   reference for as long as it runs without the GIL, so replacing a Tokenizer's handle (padding,
   truncation) while another thread encodes with it is safe. */
typedef struct {
    PyObject_HEAD
    subtok_tokenizer *tok;
} HandleObject;

/* The base of subtok.Tokenizer: the current handle. */
typedef struct {
    PyObject_HEAD
    HandleObject *handle;
} TokenizerObject;

/* One encoding (subtok.Encoding); `owner` keeps the parent alive for a borrowed (overflowing)
   part, which is not freed here. `text` and `pair` are the texts encoded (pair NULL for one),
   for character offsets; `handle` and `flags` are the tokenizer and flags that encoded them,
   for word ids. Each field is built into a Python list on first access and kept. */
typedef struct {
    PyObject_HEAD
    subtok_encoding *enc;
    PyObject *owner;
    PyObject *text, *pair;
    HandleObject *handle;
    uint32_t flags;
    PyObject *ids, *tokens, *offsets, *type_ids, *attention_mask, *special_tokens_mask, *sequence_ids, *word_ids;
} EncodingObject;

typedef struct {
    PyObject_HEAD
    subtok_trainer *trainer;
    PyObject *progress; /* the progress callable, or NULL */
} TrainerObject;

typedef struct {
    PyObject_HEAD
    subtok_decode_stream *stream;
} DecodeStreamObject;

/* Single-text calls release the GIL from this many bytes (or ids) of work on: below it, handing
   the GIL over and taking it back costs more than the call (about 0.1 us of the 0.3 us an empty
   call costs), and the other threads wait under a microsecond. Batch, load, save and training
   calls always release it. */
enum { RELEASE_GIL_FROM = 512 };

/* Runs `statement` without the GIL when `work` is at least RELEASE_GIL_FROM. */
#define NATIVE_RUN(work, statement)             \
    do {                                        \
        if ((size_t)(work) >= RELEASE_GIL_FROM) { \
            Py_BEGIN_ALLOW_THREADS statement;   \
            Py_END_ALLOW_THREADS                \
        } else {                                \
            statement;                          \
        }                                       \
    } while (0)

extern PyTypeObject *HandleType, *TokenizerType, *EncodingType, *TrainerType, *DecodeStreamType;

int native_add_tokenizer(PyObject *module);
int native_add_encoding(PyObject *module);
int native_add_trainer(PyObject *module);
int native_add_decode_stream(PyObject *module);

/* A new handle object owning tok (freed on failure). */
HandleObject *native_handle_new(subtok_tokenizer *tok);
/* A new instance of cls (TokenizerType or a subclass) holding tok; tok is freed on failure. */
PyObject *native_tokenizer_new(PyTypeObject *cls, subtok_tokenizer *tok);
/* A new encoding object owning enc, or borrowing it from owner when owner is not NULL, of the
   texts `text` and `pair` (NULL: no pair); enc is freed on failure when owned. */
/* Encodes `items`, a list of (words, pair words or None) with each words a list of str, as
   subtok_encode_words_batch does: a list of Encodings whose texts are their words. */
PyObject *native_encode_words(HandleObject *handle, PyObject *items, uint32_t flags, size_t threads);
PyObject *native_encoding_new(subtok_encoding *enc, PyObject *owner, PyObject *text, PyObject *pair, HandleObject *handle,
                              uint32_t flags);

/* Raises subtok.SubtokError(status, message) with the calling thread's last error, the message
   prefixed by `prefix` when it is not NULL; returns NULL. */
PyObject *native_fail(int status, const char *prefix);

/* Binds FASTCALL arguments to names[0..count): out[i] is borrowed, or NULL when not given.
   Positional arguments fill the first names, keywords any; the first `required` must be given.
   Returns 0, or -1 with TypeError set. */
int native_bind(const char *function, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
                const char *const *names, Py_ssize_t count, Py_ssize_t required, PyObject **out);

/* A bound truth value, or `otherwise` when the argument was not given; -1 with an error set. */
int native_truth(PyObject *value, int otherwise);

/* A new reference to the int `id`. Ids below 2**18 come from a table filled on first use and kept
   for the life of the process, so a list of ids costs a reference count per id, not an object. */
PyObject *native_id(uint32_t id);

/* Ids from a list or any iterable of ints, into `stack` (NATIVE_STACK_IDS entries) or a PyMem
   buffer in *heap (NULL otherwise; free it with PyMem_Free). OverflowError outside 0..2**32-1.
   Returns 0, or -1 with an error set. */
enum { NATIVE_STACK_IDS = 1024 };
int native_ids(PyObject *value, uint32_t *stack, uint32_t **heap, size_t *n);

/* A new list of n ids, not tracked by the cyclic collector (it holds only ints; a list the caller
   makes part of a reference cycle is not collected). */
PyObject *native_id_list(const uint32_t *ids, size_t n);

/* n lists of ids as native_id_list makes them, list k from ids[starts[k]] to ids[starts[k + 1]].
   New reference, or NULL with an exception set. */
PyObject *native_id_lists(const uint32_t *ids, const size_t *starts, size_t n);

/* The UTF-8 of a str argument (cached in the str, no copy); NULL with TypeError for other types. */
const char *native_utf8(PyObject *text, Py_ssize_t *len, const char *what);

#endif
