/*
 * encoding.c - subtok.Encoding: one subtok_encoding and its fields as Python lists, each built
 * on first access and kept. Offsets are character offsets into the texts encoded (tokenizers'
 * convention), mapped here in one pass over each text's UTF-8.
 */
#include "native.h"

#include <stdlib.h>

static int of_words(EncodingObject *e);
static int32_t *word_array(EncodingObject *e);

PyObject *native_encoding_new(subtok_encoding *enc, PyObject *owner, PyObject *text, PyObject *pair, HandleObject *handle,
                              uint32_t flags) {
    EncodingObject *self = (EncodingObject *)((allocfunc)PyType_GetSlot(EncodingType, Py_tp_alloc))(EncodingType, 0);
    if (self == NULL) {
        if (owner == NULL) subtok_encoding_free(enc);
        return NULL;
    }
    self->enc = enc;
    self->owner = Py_XNewRef(owner);
    self->text = Py_XNewRef(text);
    self->pair = Py_XNewRef(pair);
    self->handle = (HandleObject *)Py_XNewRef((PyObject *)handle);
    self->flags = flags;
    return (PyObject *)self;
}

static void encoding_dealloc(PyObject *self) {
    PyTypeObject *type = Py_TYPE(self);
    EncodingObject *e = (EncodingObject *)self;
    if (e->owner == NULL) subtok_encoding_free(e->enc);
    Py_XDECREF(e->owner);
    Py_XDECREF(e->text);
    Py_XDECREF(e->pair);
    Py_XDECREF((PyObject *)e->handle);
    Py_XDECREF(e->ids);
    Py_XDECREF(e->tokens);
    Py_XDECREF(e->offsets);
    Py_XDECREF(e->type_ids);
    Py_XDECREF(e->attention_mask);
    Py_XDECREF(e->special_tokens_mask);
    Py_XDECREF(e->sequence_ids);
    Py_XDECREF(e->word_ids);
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

/* The number of characters in the first `bytes` bytes of `utf8`. */
static Py_ssize_t characters(const char *utf8, size_t bytes) {
    Py_ssize_t count = 0;
    for (size_t b = 0; b < bytes; b++) count += ((unsigned char)utf8[b] & 0xC0) != 0x80;
    return count;
}

/* build_offsets for an encoding of words: each token's offsets are bytes within its word, made
   characters within it. O(tokens × word length). */
static PyObject *build_word_offsets(EncodingObject *e) {
    int32_t *words = word_array(e);
    if (words == NULL) return NULL;
    size_t n = subtok_encoding_len(e->enc);
    const size_t *flat = subtok_encoding_offsets(e->enc);
    const int32_t *sequence = subtok_encoding_sequence_ids(e->enc);
    PyObject *texts[2] = {e->text, e->pair};
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list != NULL && i < n; i++) {
        size_t start = flat[2 * i], end = flat[2 * i + 1];
        int32_t t = sequence[i];
        if (t >= 0 && t < 2 && texts[t] != NULL && words[i] >= 0 && words[i] < PyList_Size(texts[t])) {
            Py_ssize_t len;
            const char *word = native_utf8(PyList_GetItem(texts[t], words[i]), &len, "word");
            if (word == NULL) {
                Py_CLEAR(list);
                break;
            }
            if (end <= (size_t)len) {
                start = (size_t)characters(word, start);
                end = (size_t)characters(word, end);
            }
        }
        PyObject *pair = Py_BuildValue("(nn)", (Py_ssize_t)start, (Py_ssize_t)end);
        if (pair == NULL) Py_CLEAR(list);
        else PyList_SetItem(list, (Py_ssize_t)i, pair);
    }
    PyMem_Free(words);
    return list;
}

/* (start, end) per token: character offsets into the text of the token's sequence (tokenizers'
   convention; with one text, every token is mapped through it; for words, into its word), byte
   offsets where no text is known. O(tokens + text length). */
static PyObject *build_offsets(EncodingObject *e) {
    if (of_words(e)) return build_word_offsets(e);
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

/* The word id of each token (None for special tokens and padding), from the tokenizer that
   made the encoding, run again on its texts up to the model (subtok_encoding_word_ids). */
/* Whether the encoding was made from words (its texts are lists of str). */
static int of_words(EncodingObject *e) { return e->text != NULL && PyList_Check(e->text); }

/* The word of each token in a PyMem array (-1 for none), or NULL with an exception: those kept
   for an encoding of words, else found again from the texts. */
static int32_t *word_array(EncodingObject *e) {
    size_t n = subtok_encoding_len(e->enc);
    Py_ssize_t len = 0, pair_len = 0;
    const char *text = NULL, *pair = NULL;
    if (e->handle == NULL || e->text == NULL) {
        PyErr_SetString(PyExc_ValueError, "this encoding does not know the text it was made from");
        return NULL;
    }
    if (!of_words(e)) {
        if ((text = native_utf8(e->text, &len, "text")) == NULL) return NULL;
        if (e->pair != NULL && (pair = native_utf8(e->pair, &pair_len, "pair")) == NULL) return NULL;
    }
    int32_t *words = PyMem_Malloc((n ? n : 1) * sizeof *words);
    if (words == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    int status;
    NATIVE_RUN(len + pair_len, status = subtok_encoding_word_ids(e->handle->tok, e->enc, text, (size_t)len, pair,
                                                                 (size_t)pair_len, e->flags, words));
    if (status != SUBTOK_OK) {
        PyMem_Free(words);
        native_fail(status, NULL);
        return NULL;
    }
    return words;
}

static PyObject *build_word_ids(EncodingObject *e) {
    size_t n = subtok_encoding_len(e->enc);
    int32_t *words = word_array(e);
    if (words == NULL) return NULL;
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list != NULL && i < n; i++) {
        PyObject *value = words[i] < 0 ? Py_NewRef(Py_None) : PyLong_FromLong(words[i]);
        if (value == NULL) Py_CLEAR(list);
        else PyList_SetItem(list, (Py_ssize_t)i, value);
    }
    PyMem_Free(words);
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
FIELD(word_ids)
#undef FIELD

/* The parts cut off by truncation, as new Encodings of the same texts each time (kept by none:
   a kept list would hold parts that hold this encoding, a cycle). */
static PyObject *get_overflowing(PyObject *self, void *closure) {
    (void)closure;
    EncodingObject *e = (EncodingObject *)self;
    size_t n = subtok_encoding_overflowing_len(e->enc);
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list != NULL && i < n; i++) {
        PyObject *part = native_encoding_new((subtok_encoding *)subtok_encoding_overflowing(e->enc, i), self, e->text, e->pair,
                                             e->handle, e->flags);
        if (part == NULL) Py_CLEAR(list);
        else PyList_SetItem(list, (Py_ssize_t)i, part);
    }
    return list;
}

/* tokenizers' Encoding navigation: tokens, words and characters of each sequence. Character
   positions are those of `offsets`; a method returns None where tokenizers returns None.
   tokenizers keeps a token range per sequence, set by the post-processor (or by encoding a
   pair): a single text encoded without a post-processor has none, and then every token (and
   the position one past the last) counts as sequence 0. */

static Py_ssize_t sequence_count(EncodingObject *e) { return e->pair != NULL ? 2 : 1; }

static int ranged(EncodingObject *e) { return e->pair != NULL || subtok_tokenizer_has_post_processor(e->handle->tok); }

static PyObject *get_n_sequences(PyObject *self, void *closure) {
    (void)closure;
    return PyLong_FromSsize_t(sequence_count((EncodingObject *)self));
}

static PyObject *get_words(PyObject *self, void *closure) {
    (void)closure;
    EncodingObject *e = (EncodingObject *)self;
    return cached(e, &e->word_ids, build_word_ids);
}

/* The sequence of token i, or -1 for none (special tokens and padding of a ranged encoding,
   indexes out of range). */
static int32_t token_sequence(EncodingObject *e, Py_ssize_t i) {
    Py_ssize_t n = (Py_ssize_t)subtok_encoding_len(e->enc);
    if (!ranged(e)) return i >= 0 && i <= n ? 0 : -1;
    return i >= 0 && i < n ? subtok_encoding_sequence_ids(e->enc)[i] : -1;
}

/* The tokens of `sequence`, [*start, *end): those of its range for a sequence the encoding was
   given (possibly none), every token otherwise. */
static void sequence_range(EncodingObject *e, int sequence, Py_ssize_t *start, Py_ssize_t *end) {
    Py_ssize_t n = (Py_ssize_t)subtok_encoding_len(e->enc);
    *start = 0;
    *end = n;
    if (!ranged(e) || sequence < 0 || sequence >= sequence_count(e)) return;
    const int32_t *sequences = subtok_encoding_sequence_ids(e->enc);
    *end = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (sequences[i] != sequence) continue;
        if (*end == 0) *start = i;
        *end = i + 1;
    }
}

static PyObject *token_to_sequence(PyObject *self, PyObject *args) {
    Py_ssize_t i;
    if (!PyArg_ParseTuple(args, "n:token_to_sequence", &i)) return NULL;
    int32_t sequence = token_sequence((EncodingObject *)self, i);
    return sequence < 0 ? Py_NewRef(Py_None) : PyLong_FromLong(sequence);
}

/* Item i of the field list in *slot (built by `build`), or None when token i has no sequence or
   is out of range (a new reference). */
static PyObject *token_field(EncodingObject *e, Py_ssize_t i, PyObject **slot, PyObject *(*build)(EncodingObject *)) {
    if (token_sequence(e, i) < 0 || i >= (Py_ssize_t)subtok_encoding_len(e->enc)) return Py_NewRef(Py_None);
    PyObject *list = cached(e, slot, build);
    PyObject *item = list ? Py_NewRef(PyList_GetItem(list, i)) : NULL;
    Py_XDECREF(list);
    return item;
}

static PyObject *token_to_chars(PyObject *self, PyObject *args) {
    EncodingObject *e = (EncodingObject *)self;
    Py_ssize_t i;
    if (!PyArg_ParseTuple(args, "n:token_to_chars", &i)) return NULL;
    return token_field(e, i, &e->offsets, build_offsets);
}

static PyObject *token_to_word(PyObject *self, PyObject *args) {
    EncodingObject *e = (EncodingObject *)self;
    Py_ssize_t i;
    if (!PyArg_ParseTuple(args, "n:token_to_word", &i)) return NULL;
    return token_field(e, i, &e->word_ids, build_word_ids);
}

/* The first token in `sequence`'s range whose character range holds `position`, or -1; -2 on
   error. */
static Py_ssize_t token_at(EncodingObject *e, Py_ssize_t position, int sequence) {
    PyObject *offsets = cached(e, &e->offsets, build_offsets);
    if (offsets == NULL) return -2;
    Py_ssize_t found = -1, start, end;
    sequence_range(e, sequence, &start, &end);
    for (Py_ssize_t i = start; i < end && found < 0; i++) {
        PyObject *range = PyList_GetItem(offsets, i);
        Py_ssize_t from = PyLong_AsSsize_t(PyTuple_GetItem(range, 0)), to = PyLong_AsSsize_t(PyTuple_GetItem(range, 1));
        if (from <= position && position < to) found = i;
    }
    Py_DECREF(offsets);
    return found;
}

static char *char_keywords[] = {"char_pos", "sequence_index", NULL};

static PyObject *char_to_token(PyObject *self, PyObject *args, PyObject *kwargs) {
    Py_ssize_t position;
    int sequence = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "n|i:char_to_token", char_keywords, &position, &sequence)) return NULL;
    Py_ssize_t token = token_at((EncodingObject *)self, position, sequence);
    return token == -2 ? NULL : token < 0 ? Py_NewRef(Py_None) : PyLong_FromSsize_t(token);
}

static PyObject *char_to_word(PyObject *self, PyObject *args, PyObject *kwargs) {
    EncodingObject *e = (EncodingObject *)self;
    Py_ssize_t position;
    int sequence = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "n|i:char_to_word", char_keywords, &position, &sequence)) return NULL;
    Py_ssize_t token = token_at(e, position, sequence);
    if (token == -2) return NULL;
    return token < 0 ? Py_NewRef(Py_None) : token_field(e, token, &e->word_ids, build_word_ids);
}

/* The first and one past the last token of word `word` in `sequence`'s range (read up to the
   first token of a later word) in *first and *end; 0 when there is none, -1 on error. */
static int word_tokens(EncodingObject *e, Py_ssize_t word, int sequence, Py_ssize_t *first, Py_ssize_t *end) {
    PyObject *words = cached(e, &e->word_ids, build_word_ids);
    if (words == NULL) return -1;
    Py_ssize_t start, stop;
    sequence_range(e, sequence, &start, &stop);
    *first = -1;
    for (Py_ssize_t i = start; i < stop; i++) {
        PyObject *w = PyList_GetItem(words, i);
        if (w == Py_None) continue;
        Py_ssize_t value = PyLong_AsSsize_t(w);
        if (value > word) break;
        if (value != word) continue;
        if (*first < 0) *first = i;
        *end = i + 1;
    }
    Py_DECREF(words);
    return *first >= 0;
}

static char *word_keywords[] = {"word_index", "sequence_index", NULL};

static PyObject *word_to_tokens(PyObject *self, PyObject *args, PyObject *kwargs) {
    Py_ssize_t word, first, end;
    int sequence = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "n|i:word_to_tokens", word_keywords, &word, &sequence)) return NULL;
    int found = word_tokens((EncodingObject *)self, word, sequence, &first, &end);
    return found < 0 ? NULL : found == 0 ? Py_NewRef(Py_None) : Py_BuildValue("(nn)", first, end);
}

static PyObject *word_to_chars(PyObject *self, PyObject *args, PyObject *kwargs) {
    EncodingObject *e = (EncodingObject *)self;
    Py_ssize_t word, first, end;
    int sequence = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "n|i:word_to_chars", word_keywords, &word, &sequence)) return NULL;
    int found = word_tokens(e, word, sequence, &first, &end);
    if (found <= 0) return found < 0 ? NULL : Py_NewRef(Py_None);
    PyObject *offsets = cached(e, &e->offsets, build_offsets);
    if (offsets == NULL) return NULL;
    PyObject *result = Py_BuildValue("(OO)", PyTuple_GetItem(PyList_GetItem(offsets, first), 0),
                                     PyTuple_GetItem(PyList_GetItem(offsets, end - 1), 1));
    Py_DECREF(offsets);
    return result;
}

static PyMethodDef encoding_methods[] = {
    {"token_to_sequence", token_to_sequence, METH_VARARGS, "The sequence (0 or 1) of a token; None for special tokens."},
    {"token_to_chars", token_to_chars, METH_VARARGS, "A token's character offsets in its text; None for special tokens."},
    {"token_to_word", token_to_word, METH_VARARGS, "A token's word in its text; None for special tokens."},
    {"char_to_token", (PyCFunction)(void (*)(void))char_to_token, METH_VARARGS | METH_KEYWORDS,
     "char_to_token(char_pos, sequence_index=0): the token holding that character, or None."},
    {"char_to_word", (PyCFunction)(void (*)(void))char_to_word, METH_VARARGS | METH_KEYWORDS,
     "char_to_word(char_pos, sequence_index=0): the word holding that character, or None."},
    {"word_to_tokens", (PyCFunction)(void (*)(void))word_to_tokens, METH_VARARGS | METH_KEYWORDS,
     "word_to_tokens(word_index, sequence_index=0): (first token, one past the last), or None."},
    {"word_to_chars", (PyCFunction)(void (*)(void))word_to_chars, METH_VARARGS | METH_KEYWORDS,
     "word_to_chars(word_index, sequence_index=0): the word's character offsets, or None."},
    {NULL, NULL, 0, NULL},
};

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
    {"word_ids", get_word_ids, NULL,
     "The word of each token (the pre-tokenizer's pieces, numbered per sequence), None for special tokens and padding.",
     NULL},
    {"words", get_words, NULL, "The same as word_ids (tokenizers' older name).", NULL},
    {"n_sequences", get_n_sequences, NULL, "The number of texts encoded: 1, or 2 for a pair.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyType_Slot encoding_slots[] = {
    {Py_tp_dealloc, encoding_dealloc},
    {Py_tp_getset, encoding_getset},
    {Py_tp_methods, encoding_methods},
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
