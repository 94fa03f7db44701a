/*
 * tokenizer.c - subtok._native.Tokenizer, the base of subtok.Tokenizer: encode, count, decode
 * and vocabulary calls straight on the C ABI. Every call that runs the engine holds a reference
 * to the handle it runs on, and releases the GIL (single texts: from RELEASE_GIL_FROM bytes on).
 */
#include "native.h"

#include <stdlib.h>
#include <string.h>

/* Texts up to this many bytes encode into a stack buffer of STACK_IDS ids (a token covers at
   least one byte, so only padding or a post-processor could need more; then the heap is used). */
enum { STACK_TEXT = 960, STACK_IDS = NATIVE_STACK_IDS, STACK_TEXT_OUT = 4096 };

/* ---- the handle ---- */

static void handle_dealloc(PyObject *self) {
    PyTypeObject *type = Py_TYPE(self);
    subtok_tokenizer_free(((HandleObject *)self)->tok);
    ((freefunc)PyType_GetSlot(type, Py_tp_free))(self);
    Py_DECREF(type);
}

static PyType_Slot handle_slots[] = {
    {Py_tp_dealloc, handle_dealloc},
    {Py_tp_doc, "A loaded tokenizer handle (immutable)."},
    {0, NULL},
};

static PyType_Spec handle_spec = {"subtok._native.Handle", sizeof(HandleObject), 0, Py_TPFLAGS_DEFAULT, handle_slots};

HandleObject *native_handle_new(subtok_tokenizer *tok) {
    HandleObject *handle = (HandleObject *)((allocfunc)PyType_GetSlot(HandleType, Py_tp_alloc))(HandleType, 0);
    if (handle == NULL) {
        subtok_tokenizer_free(tok);
        return NULL;
    }
    handle->tok = tok;
    return handle;
}

PyObject *native_tokenizer_new(PyTypeObject *cls, subtok_tokenizer *tok) {
    HandleObject *handle = native_handle_new(tok);
    if (handle == NULL) return NULL;
    TokenizerObject *self = (TokenizerObject *)((allocfunc)PyType_GetSlot(cls, Py_tp_alloc))(cls, 0);
    if (self == NULL) {
        Py_DECREF(handle);
        return NULL;
    }
    self->handle = handle;
    return (PyObject *)self;
}

/* The handle of a call, with a reference the caller drops; NULL with an error for an instance
   that was never loaded. */
static HandleObject *take_handle(PyObject *self) {
    HandleObject *handle = ((TokenizerObject *)self)->handle;
    if (handle == NULL) {
        PyErr_SetString(PyExc_ValueError, "tokenizer not loaded: use Tokenizer.from_file, from_str or from_buffer");
        return NULL;
    }
    Py_INCREF(handle);
    return handle;
}

/* Makes `handle` (a new reference, taken over) the tokenizer's; calls running on the old handle
   keep it alive until they finish. Returns None. */
static PyObject *put_handle(PyObject *self, HandleObject *handle) {
    HandleObject *old = ((TokenizerObject *)self)->handle;
    ((TokenizerObject *)self)->handle = handle;
    Py_XDECREF(old);
    Py_RETURN_NONE;
}

/* Puts a new handle in place of the current one (the status and tok of a subtok_tokenizer_with_*
   call). */
static PyObject *replace_handle(PyObject *self, int status, subtok_tokenizer *tok) {
    if (status != SUBTOK_OK) return native_fail(status, NULL);
    HandleObject *handle = native_handle_new(tok);
    return handle == NULL ? NULL : put_handle(self, handle);
}

/* ---- helpers ---- */

static int encode_flags(PyObject *add_special_tokens, PyObject *allow_special, uint32_t *flags) {
    int add = native_truth(add_special_tokens, 1), allow = native_truth(allow_special, 0);
    if (add < 0 || allow < 0) return -1;
    *flags = (add ? SUBTOK_ADD_SPECIAL_TOKENS : 0) | (allow ? SUBTOK_ALLOW_SPECIAL : 0);
    return 0;
}

static int flags_argument(PyObject *value, uint32_t *flags) {
    unsigned long v = PyLong_AsUnsignedLong(value);
    if (v == (unsigned long)-1 && PyErr_Occurred()) return -1;
    *flags = (uint32_t)v;
    return 0;
}

static int threads_argument(PyObject *value, size_t *threads) {
    if (value == NULL) {
        *threads = 0;
        return 0;
    }
    Py_ssize_t v = PyLong_AsSsize_t(value);
    if (v == -1 && PyErr_Occurred()) return -1;
    if (v < 0) {
        PyErr_SetString(PyExc_ValueError, "threads must be 0 (one per CPU this process may use) or more");
        return -1;
    }
    *threads = (size_t)v;
    return 0;
}

/* Encodes one text to ids: into `stack` when it fits, else into *heap (free with
   subtok_ids_free). Runs without the GIL for long texts. */
static int encode_into(const subtok_tokenizer *tok, const char *text, size_t len, uint32_t flags, uint32_t *stack,
                       uint32_t **heap, const uint32_t **ids, size_t *n) {
    int status = SUBTOK_E_BUFFER_TOO_SMALL;
    *heap = NULL;
    NATIVE_RUN(len, {
        if (len <= STACK_TEXT) status = subtok_encode_ids(tok, text, len, flags, stack, STACK_IDS, n);
        if (status == SUBTOK_E_BUFFER_TOO_SMALL) status = subtok_encode_ids_alloc(tok, text, len, flags, heap, n);
    });
    *ids = *heap ? *heap : stack;
    return status;
}

/* The texts of a batch call: a list holding them, their UTF-8 pointers and lengths. */
typedef struct {
    PyObject *list;
    const char **texts;
    size_t *lens;
    size_t n;
} Batch;

static void batch_close(Batch *batch) {
    Py_XDECREF(batch->list);
    PyMem_Free(batch->texts);
    PyMem_Free(batch->lens);
}

static int batch_open(PyObject *inputs, Batch *batch) {
    memset(batch, 0, sizeof *batch);
    batch->list = PySequence_List(inputs);
    if (batch->list == NULL) return -1;
    batch->n = (size_t)PyList_Size(batch->list);
    batch->texts = PyMem_Calloc(batch->n ? batch->n : 1, sizeof *batch->texts);
    batch->lens = PyMem_Calloc(batch->n ? batch->n : 1, sizeof *batch->lens);
    if (batch->texts == NULL || batch->lens == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (size_t k = 0; k < batch->n; k++) {
        Py_ssize_t len;
        batch->texts[k] = native_utf8(PyList_GetItem(batch->list, (Py_ssize_t)k), &len, "each text");
        if (batch->texts[k] == NULL) return -1;
        batch->lens[k] = (size_t)len;
    }
    return 0;
}

static PyObject *batch_fail(int status, size_t failed) {
    char prefix[48];
    snprintf(prefix, sizeof prefix, "text %zu: ", failed);
    return native_fail(status, prefix);
}

int native_ids(PyObject *value, uint32_t *stack, uint32_t **heap, size_t *n) {
    *heap = NULL;
    PyObject *list = PyList_Check(value) ? (Py_INCREF(value), value) : PySequence_List(value);
    if (list == NULL) return -1;
    *n = (size_t)PyList_Size(list);
    uint32_t *ids = stack;
    if (*n > STACK_IDS) {
        ids = *heap = PyMem_Malloc(*n * sizeof *ids);
        if (ids == NULL) {
            Py_DECREF(list);
            PyErr_NoMemory();
            return -1;
        }
    }
    for (size_t i = 0; i < *n; i++) {
        PyObject *item = PyList_GetItem(list, (Py_ssize_t)i);
        PyObject *number = PyLong_Check(item) ? (Py_INCREF(item), item) : PyNumber_Index(item);
        unsigned long id = number ? PyLong_AsUnsignedLong(number) : (unsigned long)-1;
        Py_XDECREF(number);
        if (id > UINT32_MAX && !PyErr_Occurred()) PyErr_SetString(PyExc_OverflowError, "id out of range 0..2**32-1");
        if (PyErr_Occurred()) {
            Py_DECREF(list);
            PyMem_Free(*heap);
            *heap = NULL;
            return -1;
        }
        ids[i] = (uint32_t)id;
    }
    Py_DECREF(list);
    return 0;
}

/* ---- constructors ---- */

static PyObject *tokenizer_new(PyTypeObject *cls, PyObject *args, PyObject *kwargs) {
    (void)cls, (void)args, (void)kwargs;
    PyErr_SetString(PyExc_TypeError, "use Tokenizer.from_file, from_str or from_buffer");
    return NULL;
}

/* _from_file(path, kind, pattern, flags, special_tokens): special_tokens is None or a dict of
   str to int, whose strings stay alive (the dict holds them) for the call. */
static PyObject *from_file(PyObject *cls, PyObject *args) {
    const char *path;
    PyObject *specials;
    subtok_load_options options = {.size = sizeof options};
    if (!PyArg_ParseTuple(args, "yzzIO", &path, &options.kind, &options.pattern, &options.flags, &specials)) return NULL;
    const char **names = NULL;
    uint32_t *ids = NULL;
    if (specials != Py_None) {
        if (!PyDict_Check(specials)) return PyErr_Format(PyExc_TypeError, "special_tokens must be a dict of str to int");
        Py_ssize_t n = PyDict_Size(specials), pos = 0, k = 0;
        names = PyMem_Malloc((size_t)(n ? n : 1) * sizeof *names);
        ids = PyMem_Malloc((size_t)(n ? n : 1) * sizeof *ids);
        if (!names || !ids) {
            PyMem_Free(names);
            PyMem_Free(ids);
            return PyErr_NoMemory();
        }
        PyObject *key, *value;
        while (PyDict_Next(specials, &pos, &key, &value)) {
            unsigned long id = PyLong_Check(value) ? PyLong_AsUnsignedLong(value) : (unsigned long)-1;
            Py_ssize_t size = 0;
            names[k] = PyUnicode_Check(key) ? PyUnicode_AsUTF8AndSize(key, &size) : NULL;
            if (!names[k] || strlen(names[k]) != (size_t)size || id > UINT32_MAX) {
                PyMem_Free(names);
                PyMem_Free(ids);
                PyErr_Clear();
                return PyErr_Format(PyExc_ValueError, "special_tokens must map strings to ids from 0 to %lu", (unsigned long)UINT32_MAX);
            }
            ids[k++] = (uint32_t)id;
        }
        options.special_tokens = names;
        options.special_ids = ids;
        options.special_count = (size_t)n;
    }
    subtok_tokenizer *tok = NULL;
    int status;
    Py_BEGIN_ALLOW_THREADS
    status = subtok_tokenizer_from_file_v2(path, &options, &tok);
    Py_END_ALLOW_THREADS
    PyMem_Free(names);
    PyMem_Free(ids);
    if (status != SUBTOK_OK) return native_fail(status, NULL);
    return native_tokenizer_new((PyTypeObject *)cls, tok);
}

static PyObject *from_buffer(PyObject *cls, PyObject *args) {
    const char *data;
    Py_ssize_t len;
    if (!PyArg_ParseTuple(args, "y#", &data, &len)) return NULL;
    subtok_tokenizer *tok = NULL;
    int status;
    Py_BEGIN_ALLOW_THREADS
    status = subtok_tokenizer_from_buffer(data, (size_t)len, &tok);
    Py_END_ALLOW_THREADS
    if (status != SUBTOK_OK) return native_fail(status, NULL);
    return native_tokenizer_new((PyTypeObject *)cls, tok);
}

/* A copy shares the immutable handle; changing either one's padding or truncation replaces only
   its own handle. */
static PyObject *tokenizer_copy(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    (void)args, (void)nargs;
    HandleObject *handle = take_handle(self);
    if (handle == NULL) return NULL;
    PyTypeObject *cls = Py_TYPE(self);
    TokenizerObject *copy = (TokenizerObject *)((allocfunc)PyType_GetSlot(cls, Py_tp_alloc))(cls, 0);
    if (copy == NULL) {
        Py_DECREF(handle);
        return NULL;
    }
    copy->handle = handle;
    return (PyObject *)copy;
}

static void tokenizer_dealloc(PyObject *self) {
    PyTypeObject *type = Py_TYPE(self);
    Py_XDECREF(((TokenizerObject *)self)->handle);
    ((freefunc)PyType_GetSlot(type, Py_tp_free))(self);
    Py_DECREF(type);
}

/* ---- encode ---- */

static const char *const encode_names[] = {"sequence", "add_special_tokens", "allow_special"};

static PyObject *encode_ids(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames) {
    PyObject *arg[3];
    uint32_t flags;
    Py_ssize_t len;
    if (native_bind("encode_ids", args, nargs, kwnames, encode_names, 3, 1, arg) < 0) return NULL;
    if (encode_flags(arg[1], arg[2], &flags) < 0) return NULL;
    const char *text = native_utf8(arg[0], &len, "sequence");
    if (text == NULL) return NULL;
    HandleObject *handle = take_handle(self);
    if (handle == NULL) return NULL;
    uint32_t stack[STACK_IDS], *heap;
    const uint32_t *ids;
    size_t n = 0;
    int status = encode_into(handle->tok, text, (size_t)len, flags, stack, &heap, &ids, &n);
    Py_DECREF(handle);
    PyObject *result = status == SUBTOK_OK ? native_id_list(ids, n) : native_fail(status, NULL);
    subtok_ids_free(heap);
    return result;
}

static PyObject *count(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames) {
    PyObject *arg[3];
    uint32_t flags;
    Py_ssize_t len;
    if (native_bind("count", args, nargs, kwnames, encode_names, 3, 1, arg) < 0) return NULL;
    if (encode_flags(arg[1], arg[2], &flags) < 0) return NULL;
    const char *text = native_utf8(arg[0], &len, "sequence");
    if (text == NULL) return NULL;
    HandleObject *handle = take_handle(self);
    if (handle == NULL) return NULL;
    size_t n = 0;
    int status;
    NATIVE_RUN(len, status = subtok_count(handle->tok, text, (size_t)len, flags, &n));
    Py_DECREF(handle);
    return status == SUBTOK_OK ? PyLong_FromSize_t(n) : native_fail(status, NULL);
}

/* (text, flags) -> the ids as a bytearray of native uint32, written by the library in place. */
static PyObject *encode_ids_buffer(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    uint32_t flags;
    Py_ssize_t len;
    if (nargs != 2 || flags_argument(args[1], &flags) < 0) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "_encode_ids_buffer(text, flags)");
        return NULL;
    }
    const char *text = native_utf8(args[0], &len, "text");
    if (text == NULL) return NULL;
    HandleObject *handle = take_handle(self);
    if (handle == NULL) return NULL;
    size_t cap = (size_t)len + 16, n = 0;
    PyObject *out = NULL;
    for (int attempt = 0; attempt < 2; attempt++) {
        Py_XDECREF(out);
        out = PyByteArray_FromStringAndSize(NULL, (Py_ssize_t)(cap * sizeof(uint32_t)));
        if (out == NULL) break;
        uint32_t *ids = (uint32_t *)PyByteArray_AsString(out);
        int status;
        NATIVE_RUN(len, status = subtok_encode_ids(handle->tok, text, (size_t)len, flags, ids, cap, &n));
        if (status == SUBTOK_E_BUFFER_TOO_SMALL && attempt == 0) {
            cap = n;
            continue;
        }
        if (status != SUBTOK_OK) {
            Py_CLEAR(out);
            native_fail(status, NULL);
        } else if (PyByteArray_Resize(out, (Py_ssize_t)(n * sizeof(uint32_t))) < 0) {
            Py_CLEAR(out);
        }
        break;
    }
    Py_DECREF(handle);
    return out;
}

static const char *const batch_names[] = {"inputs", "add_special_tokens", "threads", "allow_special"};

/* The batch ids call, without the GIL; the caller frees *ids and *starts. */
static int encode_batch_into(PyObject *self, const Batch *batch, uint32_t flags, size_t threads, uint32_t **ids,
                             size_t **starts, size_t *failed) {
    HandleObject *handle = take_handle(self);
    if (handle == NULL) return -1;
    int status;
    Py_BEGIN_ALLOW_THREADS
    status = subtok_encode_batch_ids(handle->tok, batch->texts, batch->lens, batch->n, flags, threads, ids, starts,
                                     failed);
    Py_END_ALLOW_THREADS
    Py_DECREF(handle);
    return status;
}

static PyObject *encode_batch_ids(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames) {
    PyObject *arg[4];
    uint32_t flags;
    size_t threads;
    Batch batch;
    if (native_bind("encode_batch_ids", args, nargs, kwnames, batch_names, 4, 1, arg) < 0) return NULL;
    if (encode_flags(arg[1], arg[3], &flags) < 0 || threads_argument(arg[2], &threads) < 0) return NULL;
    if (batch_open(arg[0], &batch) < 0) {
        batch_close(&batch);
        return NULL;
    }
    PyObject *result = NULL;
    if (batch.n == 0) {
        result = PyList_New(0);
    } else {
        uint32_t *ids = NULL;
        size_t *starts = NULL, failed = 0;
        int status = encode_batch_into(self, &batch, flags, threads, &ids, &starts, &failed);
        if (status > 0) {
            batch_fail(status, failed);
        } else if (status == 0) {
            result = native_id_lists(ids, starts, batch.n);
        }
        subtok_ids_free(ids);
        subtok_offsets_free(starts);
    }
    batch_close(&batch);
    return result;
}

/* (texts, flags, threads) -> (ids as a bytearray of uint32, starts as a bytearray of uint64). */
static PyObject *encode_batch_ids_buffers(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    uint32_t flags;
    size_t threads;
    Batch batch;
    if (nargs != 3 || flags_argument(args[1], &flags) < 0 || threads_argument(args[2], &threads) < 0) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "_encode_batch_ids_buffers(texts, flags, threads)");
        return NULL;
    }
    if (batch_open(args[0], &batch) < 0) {
        batch_close(&batch);
        return NULL;
    }
    PyObject *result = NULL;
    uint32_t *ids = NULL;
    size_t *starts = NULL, failed = 0;
    int status = batch.n ? encode_batch_into(self, &batch, flags, threads, &ids, &starts, &failed) : 0;
    if (status > 0) {
        batch_fail(status, failed);
    } else if (status == 0) {
        size_t total = batch.n ? starts[batch.n] : 0;
        PyObject *id_bytes = PyByteArray_FromStringAndSize((const char *)ids, (Py_ssize_t)(total * sizeof *ids));
        PyObject *start_bytes = PyByteArray_FromStringAndSize(NULL, (Py_ssize_t)((batch.n + 1) * sizeof(uint64_t)));
        if (id_bytes && start_bytes) {
            uint64_t *out = (uint64_t *)PyByteArray_AsString(start_bytes);
            for (size_t k = 0; k <= batch.n; k++) out[k] = batch.n ? starts[k] : 0;
            result = PyTuple_Pack(2, id_bytes, start_bytes);
        }
        Py_XDECREF(id_bytes);
        Py_XDECREF(start_bytes);
    }
    subtok_ids_free(ids);
    subtok_offsets_free(starts);
    batch_close(&batch);
    return result;
}

static const char *const encode_full_names[] = {"sequence", "pair", "is_pretokenized", "add_special_tokens", "allow_special"};

/* The Encoding of one pre-tokenized input (words, a list of str) and its pair (a list or None). */
static PyObject *encode_words_one(PyObject *self, PyObject *words, PyObject *pair, uint32_t flags) {
    HandleObject *handle = take_handle(self);
    if (handle == NULL) return NULL;
    /* Tuples of words as lists, as the batch call takes them. */
    PyObject *first = PyTuple_Check(words) ? PySequence_List(words) : Py_NewRef(words);
    PyObject *second = pair != Py_None && PyTuple_Check(pair) ? PySequence_List(pair) : Py_NewRef(pair);
    PyObject *item = first && second ? PyTuple_Pack(2, first, second) : NULL;
    PyObject *items = item ? PyList_New(1) : NULL, *result = NULL;
    Py_XDECREF(first);
    Py_XDECREF(second);
    if (items != NULL) {
        PyList_SetItem(items, 0, Py_NewRef(item));
        PyObject *list = native_encode_words(handle, items, flags, 1);
        result = list ? Py_NewRef(PyList_GetItem(list, 0)) : NULL;
        Py_XDECREF(list);
    }
    Py_XDECREF(item);
    Py_XDECREF(items);
    Py_DECREF(handle);
    return result;
}

/* encode(sequence, pair=None, is_pretokenized=False, add_special_tokens=True, allow_special=False) -> Encoding. */
static PyObject *encode_full(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames) {
    PyObject *arg[5];
    uint32_t flags;
    Py_ssize_t len, pair_len = 0;
    if (native_bind("encode", args, nargs, kwnames, encode_full_names, 5, 1, arg) < 0) return NULL;
    if (encode_flags(arg[3], arg[4], &flags) < 0) return NULL;
    int pretokenized = native_truth(arg[2], 0);
    if (pretokenized < 0) return NULL;
    if (pretokenized) return encode_words_one(self, arg[0], arg[1] ? arg[1] : Py_None, flags);
    PyObject *pair_text = arg[1] == Py_None ? NULL : arg[1];
    const char *text = native_utf8(arg[0], &len, "sequence"), *pair = NULL;
    if (text == NULL) return NULL;
    if (pair_text != NULL && (pair = native_utf8(pair_text, &pair_len, "pair")) == NULL) return NULL;
    HandleObject *handle = take_handle(self);
    if (handle == NULL) return NULL;
    subtok_encoding *enc = NULL;
    int status;
    NATIVE_RUN(len + pair_len, status = pair ? subtok_encode_pair(handle->tok, text, (size_t)len, pair, (size_t)pair_len, flags, &enc)
                                             : subtok_encode(handle->tok, text, (size_t)len, flags, &enc));
    PyObject *result = status == SUBTOK_OK ? native_encoding_new(enc, NULL, arg[0], pair_text, handle, flags) : native_fail(status, NULL);
    Py_DECREF(handle);
    return result;
}

/* The pairs of a batch: a list as long as the texts, each a str or None. */
static int pairs_open(PyObject *value, size_t n, Batch *pairs) {
    memset(pairs, 0, sizeof *pairs);
    pairs->list = PySequence_List(value);
    if (pairs->list == NULL) return -1;
    pairs->n = (size_t)PyList_Size(pairs->list);
    if (pairs->n != n) {
        PyErr_Format(PyExc_ValueError, "%zu texts but %zu pairs", n, pairs->n);
        return -1;
    }
    pairs->texts = PyMem_Calloc(n ? n : 1, sizeof *pairs->texts);
    pairs->lens = PyMem_Calloc(n ? n : 1, sizeof *pairs->lens);
    if (pairs->texts == NULL || pairs->lens == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (size_t k = 0; k < n; k++) {
        PyObject *item = PyList_GetItem(pairs->list, (Py_ssize_t)k);
        if (item == Py_None) continue;
        Py_ssize_t len;
        pairs->texts[k] = native_utf8(item, &len, "each pair");
        if (pairs->texts[k] == NULL) return -1;
        pairs->lens[k] = (size_t)len;
    }
    return 0;
}

/* (items, flags, threads) -> a list of native Encodings; each item (words, pair words or None). */
static PyObject *encode_words_batch(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    uint32_t flags;
    size_t threads;
    if (nargs != 3 || flags_argument(args[1], &flags) < 0 || threads_argument(args[2], &threads) < 0) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "_encode_words(items, flags, threads)");
        return NULL;
    }
    HandleObject *handle = take_handle(self);
    if (handle == NULL) return NULL;
    PyObject *result = native_encode_words(handle, args[0], flags, threads);
    Py_DECREF(handle);
    return result;
}

/* (texts, flags, threads, pairs=None) -> a list of native Encodings; pairs: a str or None per
   text. */
static PyObject *encode_batch_full(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    uint32_t flags;
    size_t threads;
    Batch batch, pairs;
    memset(&pairs, 0, sizeof pairs);
    if (nargs < 3 || nargs > 4 || flags_argument(args[1], &flags) < 0 || threads_argument(args[2], &threads) < 0) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "_encode_batch(texts, flags, threads, pairs=None)");
        return NULL;
    }
    int with_pairs = nargs == 4 && args[3] != Py_None;
    if (batch_open(args[0], &batch) < 0 || (with_pairs && pairs_open(args[3], batch.n, &pairs) < 0)) {
        batch_close(&batch);
        batch_close(&pairs);
        return NULL;
    }
    PyObject *result = NULL;
    subtok_encoding **out = PyMem_Calloc(batch.n ? batch.n : 1, sizeof *out);
    HandleObject *handle = out ? take_handle(self) : NULL;
    if (out == NULL) PyErr_NoMemory();
    if (handle != NULL) {
        size_t failed = 0;
        int status = SUBTOK_OK;
        Py_BEGIN_ALLOW_THREADS
        if (batch.n) status = subtok_encode_batch_pairs(handle->tok, batch.texts, batch.lens, with_pairs ? pairs.texts : NULL,
                                                        with_pairs ? pairs.lens : NULL, batch.n, flags, threads, out, &failed);
        Py_END_ALLOW_THREADS
        if (status != SUBTOK_OK) {
            batch_fail(status, failed);
        } else if ((result = PyList_New((Py_ssize_t)batch.n)) == NULL) {
            for (size_t k = 0; k < batch.n; k++) subtok_encoding_free(out[k]);
        } else {
            for (size_t k = 0; k < batch.n; k++) {
                PyObject *pair = with_pairs ? PyList_GetItem(pairs.list, (Py_ssize_t)k) : Py_None;
                PyObject *enc = out[k] ? native_encoding_new(out[k], NULL, PyList_GetItem(batch.list, (Py_ssize_t)k),
                                                             pair == Py_None ? NULL : pair, handle, flags)
                                       : NULL;
                out[k] = NULL;
                if (enc == NULL) {
                    for (size_t j = k + 1; j < batch.n; j++) subtok_encoding_free(out[j]);
                    Py_CLEAR(result);
                    break;
                }
                PyList_SetItem(result, (Py_ssize_t)k, enc);
            }
        }
        Py_DECREF(handle);
    }
    PyMem_Free(out);
    batch_close(&batch);
    batch_close(&pairs);
    return result;
}

/* ---- decode ---- */

static PyObject *decode_with(PyObject *self, PyObject *value, uint32_t flags, int as_bytes) {
    uint32_t stack[STACK_IDS], *heap;
    size_t n;
    if (native_ids(value, stack, &heap, &n) < 0) return NULL;
    HandleObject *handle = take_handle(self);
    if (handle == NULL) {
        PyMem_Free(heap);
        return NULL;
    }
    const uint32_t *ids = heap ? heap : stack;
    char buffer[STACK_TEXT_OUT], *text = NULL;
    size_t len = 0;
    int status;
    NATIVE_RUN(n, {
        status = subtok_decode(handle->tok, ids, n, flags, buffer, sizeof buffer, &len);
        if (status == SUBTOK_E_BUFFER_TOO_SMALL) status = subtok_decode_alloc(handle->tok, ids, n, flags, &text, &len);
    });
    Py_DECREF(handle);
    PyMem_Free(heap);
    const char *bytes = text ? text : buffer;
    PyObject *result = status != SUBTOK_OK ? native_fail(status, NULL)
                       : as_bytes          ? PyBytes_FromStringAndSize(bytes, (Py_ssize_t)len)
                                           : PyUnicode_DecodeUTF8(bytes, (Py_ssize_t)len, "replace");
    subtok_string_free(text);
    return result;
}

static PyObject *decode(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames) {
    static const char *const names[] = {"ids", "skip_special_tokens"};
    PyObject *arg[2];
    if (native_bind("decode", args, nargs, kwnames, names, 2, 1, arg) < 0) return NULL;
    int skip = native_truth(arg[1], 1);
    if (skip < 0) return NULL;
    return decode_with(self, arg[0], skip ? SUBTOK_SKIP_SPECIAL_TOKENS : 0, 0);
}

static PyObject *decode_bytes(PyObject *self, PyObject *ids) {
    return decode_with(self, ids, SUBTOK_DECODE_BYTES, 1);
}

/* ---- vocabulary ---- */

static PyObject *get_vocab_size(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames) {
    static const char *const names[] = {"with_added_tokens"};
    PyObject *arg[1];
    if (native_bind("get_vocab_size", args, nargs, kwnames, names, 1, 0, arg) < 0) return NULL;
    int with_added = native_truth(arg[0], 1);
    if (with_added < 0) return NULL;
    HandleObject *handle = take_handle(self);
    if (handle == NULL) return NULL;
    size_t n = with_added ? subtok_vocab_size(handle->tok) : subtok_model_vocab_size(handle->tok);
    Py_DECREF(handle);
    return PyLong_FromSize_t(n);
}

static PyObject *num_special_tokens_to_add(PyObject *self, PyObject *is_pair) {
    int pair = PyObject_IsTrue(is_pair);
    if (pair < 0) return NULL;
    HandleObject *handle = take_handle(self);
    if (handle == NULL) return NULL;
    size_t n = subtok_num_special_tokens_to_add(handle->tok, pair);
    Py_DECREF(handle);
    return PyLong_FromSize_t(n);
}

static PyObject *token_to_id(PyObject *self, PyObject *token) {
    Py_ssize_t len;
    const char *text = native_utf8(token, &len, "token");
    if (text == NULL) return NULL;
    HandleObject *handle = take_handle(self);
    if (handle == NULL) return NULL;
    uint32_t id;
    int status = subtok_token_to_id(handle->tok, text, (size_t)len, &id);
    Py_DECREF(handle);
    if (status != SUBTOK_OK) Py_RETURN_NONE;
    return PyLong_FromUnsignedLong(id);
}

static PyObject *id_to_token(PyObject *self, PyObject *value) {
    PyObject *number = PyNumber_Index(value);
    if (number == NULL) return NULL;
    int overflow;
    long long id = PyLong_AsLongLongAndOverflow(number, &overflow);
    Py_DECREF(number);
    if (id == -1 && PyErr_Occurred()) return NULL;
    if (overflow || id < 0 || id > UINT32_MAX) Py_RETURN_NONE;
    HandleObject *handle = take_handle(self);
    if (handle == NULL) return NULL;
    char buffer[256], *text = buffer;
    size_t len = 0;
    int status = subtok_id_to_token(handle->tok, (uint32_t)id, buffer, sizeof buffer, &len);
    if (status == SUBTOK_E_BUFFER_TOO_SMALL && (text = PyMem_Malloc(len + 1)) != NULL)
        status = subtok_id_to_token(handle->tok, (uint32_t)id, text, len + 1, &len);
    Py_DECREF(handle);
    if (text == NULL) return PyErr_NoMemory();
    PyObject *result = status == SUBTOK_OK ? PyUnicode_DecodeUTF8(text, (Py_ssize_t)len, "replace") : Py_NewRef(Py_None);
    if (text != buffer) PyMem_Free(text);
    return result;
}

static PyObject *to_json(PyObject *self, PyObject *unused) {
    (void)unused;
    HandleObject *handle = take_handle(self);
    if (handle == NULL) return NULL;
    char *json = NULL;
    size_t len = 0;
    int status;
    Py_BEGIN_ALLOW_THREADS
    status = subtok_tokenizer_to_json(handle->tok, &json, &len);
    Py_END_ALLOW_THREADS
    Py_DECREF(handle);
    PyObject *result = status == SUBTOK_OK ? PyUnicode_DecodeUTF8(json, (Py_ssize_t)len, "strict") : native_fail(status, NULL);
    subtok_string_free(json);
    return result;
}

/* get_vocab(with_added_tokens=True): {token: id} over every id, or without added tokens over the
   model's ids only. O(vocabulary size). */
static PyObject *get_vocab(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames) {
    static const char *const names[] = {"with_added_tokens"};
    PyObject *arg[1];
    if (native_bind("get_vocab", args, nargs, kwnames, names, 1, 0, arg) < 0) return NULL;
    int with_added = native_truth(arg[0], 1);
    if (with_added < 0) return NULL;
    HandleObject *handle = take_handle(self);
    if (handle == NULL) return NULL;
    PyObject *vocab = PyDict_New();
    size_t size = with_added ? subtok_vocab_size(handle->tok) : subtok_model_vocab_size(handle->tok), cap = 256;
    char *buffer = PyMem_Malloc(cap);
    if (buffer == NULL) {
        Py_CLEAR(vocab);
        PyErr_NoMemory();
    }
    for (size_t id = 0; vocab != NULL && id < size && id <= UINT32_MAX; id++) {
        size_t len = 0;
        int status = subtok_id_to_token(handle->tok, (uint32_t)id, buffer, cap, &len);
        if (status == SUBTOK_E_BUFFER_TOO_SMALL) {
            char *larger = PyMem_Realloc(buffer, len + 1);
            if (larger == NULL) {
                PyErr_NoMemory();
                Py_CLEAR(vocab);
                break;
            }
            buffer = larger;
            cap = len + 1;
            status = subtok_id_to_token(handle->tok, (uint32_t)id, buffer, cap, &len);
        }
        if (status != SUBTOK_OK) continue;
        PyObject *token = PyUnicode_DecodeUTF8(buffer, (Py_ssize_t)len, "replace");
        PyObject *value = token ? native_id((uint32_t)id) : NULL;
        if (value == NULL || PyDict_SetItem(vocab, token, value) < 0) Py_CLEAR(vocab);
        Py_XDECREF(token);
        Py_XDECREF(value);
    }
    PyMem_Free(buffer);
    Py_DECREF(handle);
    return vocab;
}

static PyObject *save(PyObject *self, PyObject *args) {
    const char *path;
    if (!PyArg_ParseTuple(args, "y", &path)) return NULL;
    HandleObject *handle = take_handle(self);
    if (handle == NULL) return NULL;
    int status;
    Py_BEGIN_ALLOW_THREADS
    status = subtok_tokenizer_save(handle->tok, path);
    Py_END_ALLOW_THREADS
    Py_DECREF(handle);
    if (status != SUBTOK_OK) return native_fail(status, NULL);
    Py_RETURN_NONE;
}

/* ---- settings: each replaces the handle with a derived one ---- */

static PyObject *with_truncation(PyObject *self, PyObject *args) {
    Py_ssize_t max_length, stride;
    int strategy, direction;
    if (!PyArg_ParseTuple(args, "nnii", &max_length, &stride, &strategy, &direction)) return NULL;
    HandleObject *handle = take_handle(self);
    if (handle == NULL) return NULL;
    subtok_tokenizer *tok = NULL;
    int status = subtok_tokenizer_with_truncation(handle->tok, (size_t)max_length, (size_t)stride, strategy, direction,
                                                  &tok);
    Py_DECREF(handle);
    return replace_handle(self, status, tok);
}

static PyObject *with_padding(PyObject *self, PyObject *args) {
    Py_ssize_t length, multiple_of;
    unsigned int pad_id, pad_type_id;
    const char *pad_token;
    int direction;
    if (!PyArg_ParseTuple(args, "nnIIyi", &length, &multiple_of, &pad_id, &pad_type_id, &pad_token, &direction))
        return NULL;
    HandleObject *handle = take_handle(self);
    if (handle == NULL) return NULL;
    subtok_tokenizer *tok = NULL;
    int status = subtok_tokenizer_with_padding(handle->tok, (size_t)length, (size_t)multiple_of, pad_id, pad_type_id,
                                               pad_token, direction, &tok);
    Py_DECREF(handle);
    return replace_handle(self, status, tok);
}

/* (tokens as JSON bytes, special) -> how many were added; the handle is replaced. */
static PyObject *with_added_tokens(PyObject *self, PyObject *args) {
    const char *json;
    Py_ssize_t len;
    int special;
    if (!PyArg_ParseTuple(args, "y#p", &json, &len, &special)) return NULL;
    HandleObject *handle = take_handle(self);
    if (handle == NULL) return NULL;
    subtok_tokenizer *tok = NULL;
    size_t added = 0;
    int status = subtok_tokenizer_with_added_tokens(handle->tok, json, (size_t)len, special ? SUBTOK_ADD_AS_SPECIAL : 0,
                                                    &tok, &added);
    Py_DECREF(handle);
    PyObject *done = replace_handle(self, status, tok);
    if (done == NULL) return NULL;
    Py_DECREF(done);
    return PyLong_FromSize_t(added);
}

static PyObject *with_seed(PyObject *self, PyObject *args) {
    unsigned long long seed;
    if (!PyArg_ParseTuple(args, "K", &seed)) return NULL;
    HandleObject *handle = take_handle(self);
    if (handle == NULL) return NULL;
    subtok_tokenizer *tok = NULL;
    int status = subtok_tokenizer_with_seed(handle->tok, (uint64_t)seed, &tok);
    Py_DECREF(handle);
    return replace_handle(self, status, tok);
}

static PyObject *with_sampling(PyObject *self, PyObject *args) {
    double alpha;
    int nbest_size;
    if (!PyArg_ParseTuple(args, "di", &alpha, &nbest_size)) return NULL;
    HandleObject *handle = take_handle(self);
    if (handle == NULL) return NULL;
    subtok_tokenizer *tok = NULL;
    int status = subtok_tokenizer_with_sampling(handle->tok, alpha, nbest_size, &tok);
    Py_DECREF(handle);
    return replace_handle(self, status, tok);
}

/* The four settings that take no argument, by the C function that clears them. */
static PyObject *without(PyObject *self, int (*clear)(const subtok_tokenizer *, subtok_tokenizer **)) {
    HandleObject *handle = take_handle(self);
    if (handle == NULL) return NULL;
    subtok_tokenizer *tok = NULL;
    int status = clear(handle->tok, &tok);
    Py_DECREF(handle);
    return replace_handle(self, status, tok);
}

static PyObject *without_truncation(PyObject *self, PyObject *unused) {
    (void)unused;
    return without(self, subtok_tokenizer_without_truncation);
}

static PyObject *without_padding(PyObject *self, PyObject *unused) {
    (void)unused;
    return without(self, subtok_tokenizer_without_padding);
}

static PyObject *without_seed(PyObject *self, PyObject *unused) {
    (void)unused;
    return without(self, subtok_tokenizer_without_seed);
}

static PyObject *without_sampling(PyObject *self, PyObject *unused) {
    (void)unused;
    return without(self, subtok_tokenizer_without_sampling);
}

/* _adopt(other): this tokenizer takes other's handle (shared: handles are immutable). */
static PyObject *adopt(PyObject *self, PyObject *other) {
    if (!PyObject_TypeCheck(other, TokenizerType)) {
        PyErr_SetString(PyExc_TypeError, "_adopt takes a Tokenizer");
        return NULL;
    }
    HandleObject *handle = take_handle(other);
    return handle == NULL ? NULL : put_handle(self, handle);
}

#define FAST_KW (METH_FASTCALL | METH_KEYWORDS)

static PyMethodDef tokenizer_methods[] = {
    {"_from_file", from_file, METH_VARARGS | METH_CLASS,
     "(path: bytes, kind: str | None, pattern: str | None, flags, special_tokens: dict | None) -> a loaded instance."},
    {"_from_buffer", from_buffer, METH_VARARGS | METH_CLASS, "(tokenizer.json bytes) -> a loaded instance."},
    {"__copy__", (PyCFunction)(void (*)(void))tokenizer_copy, METH_FASTCALL, "A copy sharing the immutable handle."},
    {"__deepcopy__", (PyCFunction)(void (*)(void))tokenizer_copy, METH_FASTCALL,
     "A copy sharing the immutable handle (nothing in it can change)."},
    {"encode_ids", (PyCFunction)(void (*)(void))encode_ids, FAST_KW,
     "encode_ids(sequence, add_special_tokens=True, allow_special=False) -> list of ids. O(len) time; the GIL "
     "is released while it runs."},
    {"count", (PyCFunction)(void (*)(void))count, FAST_KW,
     "count(sequence, add_special_tokens=True, allow_special=False) -> the number of tokens, no list built."},
    {"encode_batch_ids", (PyCFunction)(void (*)(void))encode_batch_ids, FAST_KW,
     "encode_batch_ids(inputs, add_special_tokens=True, threads=0, allow_special=False) -> a list of ids per "
     "text, encoded on `threads` threads (0: one per CPU this process may use) without the GIL."},
    {"_encode_ids_buffer", (PyCFunction)(void (*)(void))encode_ids_buffer, METH_FASTCALL,
     "(text, flags) -> bytearray of uint32 ids."},
    {"_encode_batch_ids_buffers", (PyCFunction)(void (*)(void))encode_batch_ids_buffers, METH_FASTCALL,
     "(texts, flags, threads) -> (bytearray of uint32 ids, bytearray of uint64 starts)."},
    {"encode", (PyCFunction)(void (*)(void))encode_full, FAST_KW,
     "encode(sequence, pair=None, is_pretokenized=False, add_special_tokens=True, allow_special=False) -> Encoding of "
     "the text (and its pair); with is_pretokenized, sequence and pair are lists of words, each encoded on its own, "
     "offsets within each word. allow_special matches special tokens in tokenizers that read them as text (tiktoken "
     "rank files). O(len) time; the GIL is released for long texts."},
    {"_encode_words", (PyCFunction)(void (*)(void))encode_words_batch, METH_FASTCALL,
     "(items, flags, threads) -> list of Encodings; each item (words, pair words or None), words a list of str."},
    {"_encode_batch", (PyCFunction)(void (*)(void))encode_batch_full, METH_FASTCALL,
     "(texts, flags, threads, pairs=None) -> list of Encodings; pairs: a str or None per text."},
    {"decode", (PyCFunction)(void (*)(void))decode, FAST_KW,
     "decode(ids, skip_special_tokens=True) -> str. Ids outside 0..2**32-1 raise OverflowError."},
    {"decode_bytes", decode_bytes, METH_O,
     "decode_bytes(ids) -> the tokens' raw bytes, special tokens kept, no UTF-8 repair (tiktoken's decode_bytes)."},
    {"get_vocab_size", (PyCFunction)(void (*)(void))get_vocab_size, FAST_KW,
     "get_vocab_size(with_added_tokens=True) -> the number of ids, added tokens included unless False."},
    {"num_special_tokens_to_add", num_special_tokens_to_add, METH_O,
     "num_special_tokens_to_add(is_pair) -> how many special tokens the post-processor adds to one text or a pair."},
    {"token_to_id", token_to_id, METH_O, "token_to_id(token) -> its id, or None."},
    {"id_to_token", id_to_token, METH_O, "id_to_token(id) -> its token string, or None."},
    {"_save", save, METH_VARARGS, "(path: bytes) writes tokenizer.json."},
    {"_adopt", adopt, METH_O, "(other: Tokenizer) makes this tokenizer other's (the same handle, shared)."},
    {"to_str", to_json, METH_NOARGS, "to_str() -> the tokenizer.json text save() writes. O(vocabulary size)."},
    {"get_vocab", (PyCFunction)(void (*)(void))get_vocab, FAST_KW,
     "get_vocab(with_added_tokens=True) -> {token: id}, added tokens included unless False. O(vocabulary size)."},
    {"_with_truncation", with_truncation, METH_VARARGS, "(max_length, stride, strategy, direction)"},
    {"_without_truncation", without_truncation, METH_NOARGS, "Turns truncation off."},
    {"_with_padding", with_padding, METH_VARARGS, "(length, multiple_of, pad_id, pad_type_id, pad_token, direction)"},
    {"_without_padding", without_padding, METH_NOARGS, "Turns padding off."},
    {"_with_added_tokens", with_added_tokens, METH_VARARGS, "(tokens: JSON bytes, special) -> how many were added."},
    {"_with_seed", with_seed, METH_VARARGS, "(seed)"},
    {"_without_seed", without_seed, METH_NOARGS, "A fresh seed per call."},
    {"_with_sampling", with_sampling, METH_VARARGS, "(alpha, nbest_size)"},
    {"_without_sampling", without_sampling, METH_NOARGS, "Turns sampling off."},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot tokenizer_slots[] = {
    {Py_tp_new, tokenizer_new},
    {Py_tp_dealloc, tokenizer_dealloc},
    {Py_tp_methods, tokenizer_methods},
    {Py_tp_doc, "The engine side of subtok.Tokenizer."},
    {0, NULL},
};

static PyType_Spec tokenizer_spec = {"subtok._native.Tokenizer", sizeof(TokenizerObject), 0,
                                     Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, tokenizer_slots};

int native_add_tokenizer(PyObject *module) {
    HandleType = (PyTypeObject *)PyType_FromSpec(&handle_spec);
    TokenizerType = (PyTypeObject *)PyType_FromSpec(&tokenizer_spec);
    if (HandleType == NULL || TokenizerType == NULL) return -1;
    Py_INCREF(TokenizerType);
    return PyModule_AddObject(module, "Tokenizer", (PyObject *)TokenizerType);
}
