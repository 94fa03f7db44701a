/*
 * encoding.c - subtok.Encoding: one subtok_encoding and its fields as Python lists, each built
 * on first access and kept. Offsets are character offsets into the texts encoded (tokenizers'
 * convention), mapped here in one pass over each text's UTF-8.
 */
#include "native.h"

#include <stdlib.h>

PyObject *native_encoding_new(subtok_encoding *enc, PyObject *owner, PyObject *text, PyObject *pair) {
    EncodingObject *self = (EncodingObject *)((allocfunc)PyType_GetSlot(EncodingType, Py_tp_alloc))(EncodingType, 0);
    if (self == NULL) {
        if (owner == NULL) subtok_encoding_free(enc);
        return NULL;
    }
    self->enc = enc;
    self->owner = Py_XNewRef(owner);
    self->text = Py_XNewRef(text);
    self->pair = Py_XNewRef(pair);
    return (PyObject *)self;
}

static void encoding_dealloc(PyObject *self) {
    PyTypeObject *type = Py_TYPE(self);
    EncodingObject *e = (EncodingObject *)self;
    if (e->owner == NULL) subtok_encoding_free(e->enc);
    Py_XDECREF(e->owner);
    Py_XDECREF(e->text);
    Py_XDECREF(e->pair);
    Py_XDECREF(e->ids);
    Py_XDECREF(e->tokens);
    Py_XDECREF(e->offsets);
    Py_XDECREF(e->type_ids);
    Py_XDECREF(e->attention_mask);
    Py_XDECREF(e->special_tokens_mask);
    Py_XDECREF(e->sequence_ids);
    ((freefunc)PyType_GetSlot(type, Py_tp_free))(self);
    Py_DECREF(type);
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

static PyObject *build_ids(EncodingObject *e) {
    return native_id_list(subtok_encoding_ids(e->enc), subtok_encoding_len(e->enc));
}

static PyObject *build_type_ids(EncodingObject *e) {
    return u32_list(subtok_encoding_type_ids(e->enc), subtok_encoding_len(e->enc));
}

static PyObject *build_attention_mask(EncodingObject *e) {
    return u32_list(subtok_encoding_attention_mask(e->enc), subtok_encoding_len(e->enc));
}

static PyObject *build_special_tokens_mask(EncodingObject *e) {
    return u32_list(subtok_encoding_special_tokens_mask(e->enc), subtok_encoding_len(e->enc));
}

static PyObject *build_sequence_ids(EncodingObject *e) {
    size_t n = subtok_encoding_len(e->enc);
    const int32_t *values = subtok_encoding_sequence_ids(e->enc);
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list != NULL && i < n; i++) {
        PyObject *value = values[i] < 0 ? Py_NewRef(Py_None) : PyLong_FromLong(values[i]);
        if (value == NULL) Py_CLEAR(list);
        else PyList_SetItem(list, (Py_ssize_t)i, value);
    }
    return list;
}

static PyObject *build_tokens(EncodingObject *e) {
    size_t n = subtok_encoding_len(e->enc);
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list != NULL && i < n; i++) {
        size_t len = 0;
        const char *token = subtok_encoding_token_bytes(e->enc, i, &len);
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

/* (start, end) per token: character offsets into the text of the token's sequence (tokenizers'
   convention; with one text, every token is mapped through it), byte offsets where no text is
   known. O(tokens + text length). */
static PyObject *build_offsets(EncodingObject *e) {
    PyObject *texts[2] = {e->text, e->pair};
    Py_ssize_t count = e->text == NULL ? 0 : e->pair == NULL ? 1 : 2;
    uint32_t *index[2] = {NULL, NULL};
    size_t lens[2] = {0, 0};
    for (Py_ssize_t t = 0; t < count; t++) {
        int failed;
        index[t] = character_index(texts[t], &lens[t], &failed);
        if (failed) {
            PyMem_Free(index[0]);
            return NULL;
        }
    }
    size_t n = subtok_encoding_len(e->enc);
    const size_t *flat = subtok_encoding_offsets(e->enc);
    const int32_t *sequence = subtok_encoding_sequence_ids(e->enc);
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

/* The list in *slot, built by `build` on first access and kept (a new reference). */
static PyObject *cached(EncodingObject *e, PyObject **slot, PyObject *(*build)(EncodingObject *)) {
    if (*slot == NULL) *slot = build(e);
    return Py_XNewRef(*slot);
}

#define FIELD(name)                                                         \
    static PyObject *get_##name(PyObject *self, void *closure) {            \
        (void)closure;                                                      \
        EncodingObject *e = (EncodingObject *)self;                         \
        return cached(e, &e->name, build_##name);                           \
    }
FIELD(ids)
FIELD(tokens)
FIELD(offsets)
FIELD(type_ids)
FIELD(attention_mask)
FIELD(special_tokens_mask)
FIELD(sequence_ids)
#undef FIELD

/* The parts cut off by truncation, as new Encodings of the same texts each time (kept by none:
   a kept list would hold parts that hold this encoding, a cycle). */
static PyObject *get_overflowing(PyObject *self, void *closure) {
    (void)closure;
    EncodingObject *e = (EncodingObject *)self;
    size_t n = subtok_encoding_overflowing_len(e->enc);
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list != NULL && i < n; i++) {
        PyObject *part = native_encoding_new((subtok_encoding *)subtok_encoding_overflowing(e->enc, i), self, e->text, e->pair);
        if (part == NULL) Py_CLEAR(list);
        else PyList_SetItem(list, (Py_ssize_t)i, part);
    }
    return list;
}

static Py_ssize_t encoding_length(PyObject *self) {
    return (Py_ssize_t)subtok_encoding_len(((EncodingObject *)self)->enc);
}

static PyObject *encoding_repr(PyObject *self) {
    size_t n = subtok_encoding_len(((EncodingObject *)self)->enc);
    PyObject *ids = get_ids(self, NULL);
    PyObject *head = ids ? PyList_GetSlice(ids, 0, 8) : NULL;
    PyObject *repr = head ? PyUnicode_FromFormat("Encoding(num_tokens=%zu, ids=%R%s)", n, head, n > 8 ? "..." : "") : NULL;
    Py_XDECREF(head);
    Py_XDECREF(ids);
    return repr;
}

static PyGetSetDef encoding_getset[] = {
    {"ids", get_ids, NULL, "The token ids.", NULL},
    {"tokens", get_tokens, NULL, "The token strings.", NULL},
    {"offsets", get_offsets, NULL, "Character offsets into the text each token came from ((0, 0) for special tokens).",
     NULL},
    {"type_ids", get_type_ids, NULL, "The type (segment) id of each token.", NULL},
    {"attention_mask", get_attention_mask, NULL, "1 per real token, 0 per padding.", NULL},
    {"special_tokens_mask", get_special_tokens_mask, NULL, "1 per added special token.", NULL},
    {"sequence_ids", get_sequence_ids, NULL, "The input sequence of each token (0, 1), None for special tokens and padding.",
     NULL},
    {"overflowing", get_overflowing, NULL, "The parts cut off by truncation, as Encodings.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyType_Slot encoding_slots[] = {
    {Py_tp_dealloc, encoding_dealloc},
    {Py_tp_getset, encoding_getset},
    {Py_tp_repr, encoding_repr},
    {Py_sq_length, encoding_length},
    {Py_tp_doc, "One encoded text: ids, tokens, offsets (character offsets), type_ids, attention_mask, "
                "special_tokens_mask, sequence_ids, overflowing, like tokenizers.Encoding. Made by the library; "
                "each field is built on first access and kept."},
    {0, NULL},
};

static PyType_Spec encoding_spec = {"subtok.Encoding", sizeof(EncodingObject), 0, Py_TPFLAGS_DEFAULT, encoding_slots};

int native_add_encoding(PyObject *module) {
    EncodingType = (PyTypeObject *)PyType_FromSpec(&encoding_spec);
    if (EncodingType == NULL) return -1;
    return PyModule_AddObjectRef(module, "Encoding", (PyObject *)EncodingType);
}
