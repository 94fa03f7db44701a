/*
 * encoding.c - subtok._native.Encoding: one subtok_encoding and its fields as Python lists.
 * Offsets come as byte offsets, or as character offsets into the texts encoded (tokenizers'
 * convention), mapped here in one pass over each text's UTF-8.
 */
#include "native.h"

#include <stdlib.h>

PyObject *native_encoding_new(subtok_encoding *enc, PyObject *owner) {
    EncodingObject *self = (EncodingObject *)((allocfunc)PyType_GetSlot(EncodingType, Py_tp_alloc))(EncodingType, 0);
    if (self == NULL) {
        if (owner == NULL) subtok_encoding_free(enc);
        return NULL;
    }
    self->enc = enc;
    self->owner = owner;
    Py_XINCREF(owner);
    return (PyObject *)self;
}

static void encoding_dealloc(PyObject *self) {
    PyTypeObject *type = Py_TYPE(self);
    EncodingObject *encoding = (EncodingObject *)self;
    if (encoding->owner == NULL) subtok_encoding_free(encoding->enc);
    Py_XDECREF(encoding->owner);
    ((freefunc)PyType_GetSlot(type, Py_tp_free))(self);
    Py_DECREF(type);
}

static subtok_encoding *enc_of(PyObject *self) {
    return ((EncodingObject *)self)->enc;
}

static Py_ssize_t encoding_length(PyObject *self) {
    return (Py_ssize_t)subtok_encoding_len(enc_of(self));
}

static PyObject *u32_list(const uint32_t *values, size_t n) {
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list != NULL && i < n; i++) {
        PyObject *value = PyLong_FromUnsignedLong(values[i]);
        if (value == NULL) Py_CLEAR(list);
        else PyList_SetItem(list, (Py_ssize_t)i, value);
    }
    return list;
}

static PyObject *ids(PyObject *self, PyObject *unused) {
    (void)unused;
    return native_id_list(subtok_encoding_ids(enc_of(self)), subtok_encoding_len(enc_of(self)));
}

static PyObject *type_ids(PyObject *self, PyObject *unused) {
    (void)unused;
    return u32_list(subtok_encoding_type_ids(enc_of(self)), subtok_encoding_len(enc_of(self)));
}

static PyObject *attention_mask(PyObject *self, PyObject *unused) {
    (void)unused;
    return u32_list(subtok_encoding_attention_mask(enc_of(self)), subtok_encoding_len(enc_of(self)));
}

static PyObject *special_tokens_mask(PyObject *self, PyObject *unused) {
    (void)unused;
    return u32_list(subtok_encoding_special_tokens_mask(enc_of(self)), subtok_encoding_len(enc_of(self)));
}

static PyObject *sequence_ids(PyObject *self, PyObject *unused) {
    (void)unused;
    size_t n = subtok_encoding_len(enc_of(self));
    const int32_t *values = subtok_encoding_sequence_ids(enc_of(self));
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list != NULL && i < n; i++) {
        PyObject *value = values[i] < 0 ? Py_NewRef(Py_None) : PyLong_FromLong(values[i]);
        if (value == NULL) Py_CLEAR(list);
        else PyList_SetItem(list, (Py_ssize_t)i, value);
    }
    return list;
}

static PyObject *tokens(PyObject *self, PyObject *unused) {
    (void)unused;
    size_t n = subtok_encoding_len(enc_of(self));
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list != NULL && i < n; i++) {
        size_t len = 0;
        const char *token = subtok_encoding_token_bytes(enc_of(self), i, &len);
        PyObject *value = PyUnicode_DecodeUTF8(token, (Py_ssize_t)len, "replace");
        if (value == NULL) Py_CLEAR(list);
        else PyList_SetItem(list, (Py_ssize_t)i, value);
    }
    return list;
}

/* For each byte offset 0...len of a text's UTF-8, the index of the character it falls in (len:
   the character count); NULL for ASCII text, where the two coincide. *failed on an error. */
static uint32_t *character_index(PyObject *text, size_t *len, int *failed) {
    Py_ssize_t bytes;
    const char *utf8 = native_utf8(text, &bytes, "text");
    *failed = utf8 == NULL;
    *len = (size_t)bytes;
    if (utf8 == NULL || PyUnicode_GetLength(text) == bytes) return NULL;
    uint32_t *index = PyMem_Malloc(((size_t)bytes + 1) * sizeof *index);
    if (index == NULL) {
        PyErr_NoMemory();
        *failed = 1;
        return NULL;
    }
    uint32_t character = 0;
    for (Py_ssize_t b = 0; b < bytes; b++) {
        if (b > 0 && ((unsigned char)utf8[b] & 0xC0) != 0x80) character++;
        index[b] = character;
    }
    index[bytes] = bytes > 0 ? character + 1 : 0;
    return index;
}

/* offsets(texts=None): (start, end) per token; byte offsets without texts, else character
   offsets into texts[sequence id] (a tuple of the one or two texts encoded; with one text, every
   token is mapped through it). O(tokens + text length). */
static PyObject *offsets(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    PyObject *texts = nargs > 0 ? args[0] : Py_None;
    if (nargs > 1 || (texts != Py_None && !PyTuple_Check(texts))) {
        PyErr_SetString(PyExc_TypeError, "offsets(texts: tuple of str or None)");
        return NULL;
    }
    Py_ssize_t count = texts == Py_None ? 0 : PyTuple_Size(texts);
    if (count > 2) {
        PyErr_SetString(PyExc_ValueError, "an encoding has at most two texts");
        return NULL;
    }
    uint32_t *index[2] = {NULL, NULL};
    size_t lens[2] = {0, 0};
    for (Py_ssize_t t = 0; t < count; t++) {
        int failed;
        index[t] = character_index(PyTuple_GetItem(texts, t), &lens[t], &failed);
        if (failed) {
            PyMem_Free(index[0]);
            return NULL;
        }
    }
    size_t n = subtok_encoding_len(enc_of(self));
    const size_t *flat = subtok_encoding_offsets(enc_of(self));
    const int32_t *sequence = subtok_encoding_sequence_ids(enc_of(self));
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list != NULL && i < n; i++) {
        size_t start = flat[2 * i], end = flat[2 * i + 1];
        Py_ssize_t t = count == 1 ? 0 : sequence[i];
        if (t >= 0 && t < count && index[t] != NULL && start <= lens[t] && end <= lens[t]) {
            start = index[t][start];
            end = index[t][end];
        }
        PyObject *pair = Py_BuildValue("(nn)", (Py_ssize_t)start, (Py_ssize_t)end);
        if (pair == NULL) Py_CLEAR(list);
        else PyList_SetItem(list, (Py_ssize_t)i, pair);
    }
    PyMem_Free(index[0]);
    PyMem_Free(index[1]);
    return list;
}

static PyObject *overflowing(PyObject *self, PyObject *unused) {
    (void)unused;
    size_t n = subtok_encoding_overflowing_len(enc_of(self));
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list != NULL && i < n; i++) {
        PyObject *part = native_encoding_new((subtok_encoding *)subtok_encoding_overflowing(enc_of(self), i), self);
        if (part == NULL) Py_CLEAR(list);
        else PyList_SetItem(list, (Py_ssize_t)i, part);
    }
    return list;
}

static PyMethodDef encoding_methods[] = {
    {"ids", ids, METH_NOARGS, "The token ids."},
    {"type_ids", type_ids, METH_NOARGS, "The type (segment) id of each token."},
    {"attention_mask", attention_mask, METH_NOARGS, "1 per real token, 0 per padding."},
    {"special_tokens_mask", special_tokens_mask, METH_NOARGS, "1 per added special token."},
    {"sequence_ids", sequence_ids, METH_NOARGS, "The input sequence of each token (0, 1), None for specials."},
    {"tokens", tokens, METH_NOARGS, "The token strings."},
    {"offsets", (PyCFunction)(void (*)(void))offsets, METH_FASTCALL,
     "offsets(texts=None) -> byte offsets, or character offsets into the texts given."},
    {"overflowing", overflowing, METH_NOARGS, "The parts cut off by truncation."},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot encoding_slots[] = {
    {Py_tp_dealloc, encoding_dealloc},
    {Py_tp_methods, encoding_methods},
    {Py_sq_length, encoding_length},
    {Py_tp_doc, "One encoding made by the library (fields read on request)."},
    {0, NULL},
};

static PyType_Spec encoding_spec = {"subtok._native.Encoding", sizeof(EncodingObject), 0, Py_TPFLAGS_DEFAULT,
                                    encoding_slots};

int native_add_encoding(PyObject *module) {
    (void)module;
    EncodingType = (PyTypeObject *)PyType_FromSpec(&encoding_spec);
    return EncodingType == NULL ? -1 : 0;
}
