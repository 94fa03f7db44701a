/*
 * decode_stream.c - subtok._native.DecodeStream: a subtok_decode_stream, with tokenizers'
 * DecodeStream API (step(tokenizer, id or ids) -> str or None, copies). A step is O(1) work, so it
 * keeps the GIL.
 */
#include "native.h"

static PyObject *wrap(PyTypeObject *cls, subtok_decode_stream *stream) {
    DecodeStreamObject *self = (DecodeStreamObject *)((allocfunc)PyType_GetSlot(cls, Py_tp_alloc))(cls, 0);
    if (self == NULL) {
        subtok_decode_stream_free(stream);
        return NULL;
    }
    self->stream = stream;
    return (PyObject *)self;
}

/* DecodeStream(ids=None, skip_special_tokens=False): ids are a prefill whose text is not returned. */
static PyObject *stream_new(PyTypeObject *cls, PyObject *args, PyObject *kwargs) {
    static char *names[] = {"ids", "skip_special_tokens", NULL};
    PyObject *prefill = Py_None;
    int skip = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|Op:DecodeStream", names, &prefill, &skip)) return NULL;
    uint32_t stack[NATIVE_STACK_IDS], *heap = NULL, *ids = NULL;
    size_t n = 0;
    if (prefill != Py_None) {
        if (native_ids(prefill, stack, &heap, &n) < 0) return NULL;
        ids = heap ? heap : stack;
    }
    subtok_decode_stream *stream = NULL;
    int status = subtok_decode_stream_new(skip ? SUBTOK_SKIP_SPECIAL_TOKENS : 0, ids, n, &stream);
    PyMem_Free(heap);
    if (status != SUBTOK_OK) return native_fail(status, NULL);
    return wrap(cls, stream);
}

static void stream_dealloc(PyObject *self) {
    PyTypeObject *type = Py_TYPE(self);
    subtok_decode_stream_free(((DecodeStreamObject *)self)->stream);
    ((freefunc)PyType_GetSlot(type, Py_tp_free))(self);
    Py_DECREF(type);
}

/* step(tokenizer, id) or step(tokenizer, [ids]) -> the text completed, or None. */
static PyObject *step(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames) {
    static const char *const names[] = {"tokenizer", "id"};
    PyObject *arg[2];
    if (native_bind("step", args, nargs, kwnames, names, 2, 2, arg) < 0) return NULL;
    if (!PyObject_TypeCheck(arg[0], TokenizerType)) {
        PyErr_SetString(PyExc_TypeError, "step(tokenizer, id): tokenizer must be a subtok.Tokenizer");
        return NULL;
    }
    HandleObject *handle = ((TokenizerObject *)arg[0])->handle;
    if (handle == NULL) {
        PyErr_SetString(PyExc_ValueError, "tokenizer not loaded");
        return NULL;
    }
    const char *text = NULL;
    size_t len = 0;
    int status;
    if (PyLong_Check(arg[1])) {
        unsigned long id = PyLong_AsUnsignedLong(arg[1]);
        if (PyErr_Occurred() || id > UINT32_MAX) {
            PyErr_Clear();
            PyErr_SetString(PyExc_OverflowError, "id out of range 0..2**32-1");
            return NULL;
        }
        status = subtok_decode_stream_step(((DecodeStreamObject *)self)->stream, handle->tok, (uint32_t)id, &text, &len);
    } else {
        uint32_t stack[NATIVE_STACK_IDS], *heap = NULL;
        size_t n = 0;
        if (native_ids(arg[1], stack, &heap, &n) < 0) return NULL;
        status = subtok_decode_stream_step_ids(((DecodeStreamObject *)self)->stream, handle->tok, heap ? heap : stack, n,
                                               &text, &len);
        PyMem_Free(heap);
    }
    if (status != SUBTOK_OK) return native_fail(status, NULL);
    if (len == 0) Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(text, (Py_ssize_t)len, "strict");
}

static PyObject *stream_copy(PyObject *self, PyObject *unused) {
    (void)unused;
    subtok_decode_stream *copy = NULL;
    int status = subtok_decode_stream_copy(((DecodeStreamObject *)self)->stream, &copy);
    if (status != SUBTOK_OK) return native_fail(status, NULL);
    return wrap(Py_TYPE(self), copy);
}

static PyMethodDef stream_methods[] = {
    {"step", (PyCFunction)(void (*)(void))step, METH_FASTCALL | METH_KEYWORDS,
     "step(tokenizer, id) -> str | None: adds the next id (or a list of ids) and returns the text it completes, "
     "or None while a character is still partial."},
    {"__copy__", stream_copy, METH_NOARGS, "A stream in the same state."},
    {"__deepcopy__", stream_copy, METH_O, "A stream in the same state."},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot stream_slots[] = {
    {Py_tp_new, stream_new},
    {Py_tp_dealloc, stream_dealloc},
    {Py_tp_methods, stream_methods},
    {Py_tp_doc, "DecodeStream(ids=None, skip_special_tokens=False): incremental decoding of one generated sequence, "
                "as tokenizers.decoders.DecodeStream."},
    {0, NULL},
};

static PyType_Spec stream_spec = {"subtok.DecodeStream", sizeof(DecodeStreamObject), 0,
                                  Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, stream_slots};

int native_add_decode_stream(PyObject *module) {
    DecodeStreamType = (PyTypeObject *)PyType_FromSpec(&stream_spec);
    if (DecodeStreamType == NULL) return -1;
    Py_INCREF(DecodeStreamType);
    return PyModule_AddObject(module, "DecodeStream", (PyObject *)DecodeStreamType);
}
