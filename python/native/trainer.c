/*
 * trainer.c - subtok._native.Trainer: a subtok_trainer; feeding and training run without the GIL.
 */
#include "native.h"

static PyObject *trainer_new(PyTypeObject *cls, PyObject *args, PyObject *kwargs) {
    const char *config;
    Py_ssize_t len;
    if (kwargs != NULL || !PyArg_ParseTuple(args, "y#", &config, &len)) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "Trainer(config: JSON bytes)");
        return NULL;
    }
    subtok_trainer *trainer = NULL;
    int status = subtok_trainer_new(config, (size_t)len, &trainer);
    if (status != SUBTOK_OK) return native_fail(status, NULL);
    TrainerObject *self = (TrainerObject *)((allocfunc)PyType_GetSlot(cls, Py_tp_alloc))(cls, 0);
    if (self == NULL) {
        subtok_trainer_free(trainer);
        return NULL;
    }
    self->trainer = trainer;
    return (PyObject *)self;
}

static void trainer_dealloc(PyObject *self) {
    PyTypeObject *type = Py_TYPE(self);
    subtok_trainer_free(((TrainerObject *)self)->trainer);
    Py_XDECREF(((TrainerObject *)self)->progress);
    ((freefunc)PyType_GetSlot(type, Py_tp_free))(self);
    Py_DECREF(type);
}

static PyObject *feed(PyObject *self, PyObject *text) {
    const char *data;
    Py_ssize_t len;
    if (PyBytes_Check(text)) {
        data = PyBytes_AsString(text);
        len = PyBytes_Size(text);
    } else if ((data = native_utf8(text, &len, "text")) == NULL) {
        return NULL;
    }
    int status;
    Py_BEGIN_ALLOW_THREADS
    status = subtok_trainer_feed(((TrainerObject *)self)->trainer, data, (size_t)len);
    Py_END_ALLOW_THREADS
    if (status != SUBTOK_OK) return native_fail(status, NULL);
    Py_RETURN_NONE;
}

static PyObject *feed_file(PyObject *self, PyObject *args) {
    const char *path;
    if (!PyArg_ParseTuple(args, "y", &path)) return NULL;
    int status;
    Py_BEGIN_ALLOW_THREADS
    status = subtok_trainer_feed_file(((TrainerObject *)self)->trainer, path);
    Py_END_ALLOW_THREADS
    if (status != SUBTOK_OK) return native_fail(status, NULL);
    Py_RETURN_NONE;
}

/* Calls the Python callable `context` with (phase, done, total, message) from the training thread,
   taking the GIL; an exception it raises is reported as unraisable and training goes on. */
static void call_progress(void *context, const char *phase, uint64_t done, uint64_t total, const char *message) {
    PyGILState_STATE state = PyGILState_Ensure();
    PyObject *result = PyObject_CallFunction((PyObject *)context, "sKKs", phase, (unsigned long long)done,
                                             (unsigned long long)total, message);
    if (result == NULL) PyErr_WriteUnraisable((PyObject *)context);
    Py_XDECREF(result);
    PyGILState_Release(state);
}

/* _set_progress(callable or None): the callable gets (phase, done, total, message) per report. */
static PyObject *set_progress(PyObject *self, PyObject *callable) {
    TrainerObject *t = (TrainerObject *)self;
    if (callable != Py_None && !PyCallable_Check(callable)) {
        PyErr_SetString(PyExc_TypeError, "progress must be callable or None");
        return NULL;
    }
    PyObject *kept = callable == Py_None ? NULL : Py_NewRef(callable);
    int status = subtok_trainer_set_progress(t->trainer, kept ? call_progress : NULL, kept);
    if (status != SUBTOK_OK) {
        Py_XDECREF(kept);
        return native_fail(status, NULL);
    }
    PyObject *old = t->progress;
    t->progress = kept;
    Py_XDECREF(old);
    Py_RETURN_NONE;
}

/* finish(cls) -> the trained tokenizer as an instance of cls (a Tokenizer class). */
static PyObject *finish(PyObject *self, PyObject *cls) {
    if (!PyType_Check(cls) || !PyType_IsSubtype((PyTypeObject *)cls, TokenizerType)) {
        PyErr_SetString(PyExc_TypeError, "finish(cls): cls must be a Tokenizer class");
        return NULL;
    }
    subtok_tokenizer *tok = NULL;
    int status;
    Py_BEGIN_ALLOW_THREADS
    status = subtok_trainer_finish(((TrainerObject *)self)->trainer, &tok);
    Py_END_ALLOW_THREADS
    if (status != SUBTOK_OK) return native_fail(status, NULL);
    return native_tokenizer_new((PyTypeObject *)cls, tok);
}

static PyMethodDef trainer_methods[] = {
    {"feed", feed, METH_O, "feed(text) adds one text (str or UTF-8 bytes)."},
    {"feed_file", feed_file, METH_VARARGS, "feed_file(path: bytes) adds every line of a file."},
    {"finish", finish, METH_O, "finish(cls) trains and returns the tokenizer as a cls."},
    {"_set_progress", set_progress, METH_O, "(callable or None): called with (phase, done, total, message) per report."},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot trainer_slots[] = {
    {Py_tp_new, trainer_new},
    {Py_tp_dealloc, trainer_dealloc},
    {Py_tp_methods, trainer_methods},
    {Py_tp_doc, "Trainer(config: JSON bytes): the engine side of subtok.Trainer."},
    {0, NULL},
};

static PyType_Spec trainer_spec = {"subtok._native.Trainer", sizeof(TrainerObject), 0, Py_TPFLAGS_DEFAULT,
                                   trainer_slots};

int native_add_trainer(PyObject *module) {
    TrainerType = (PyTypeObject *)PyType_FromSpec(&trainer_spec);
    if (TrainerType == NULL) return -1;
    Py_INCREF(TrainerType);
    return PyModule_AddObject(module, "Trainer", (PyObject *)TrainerType);
}
