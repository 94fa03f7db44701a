/*
 * module.c - subtok._native: the module, its error class, and the argument helpers every type
 * uses.
 */
#define _GNU_SOURCE
#include "native.h"

#include <dlfcn.h>
#include <string.h>

PyTypeObject *HandleType, *TokenizerType, *EncodingType, *TrainerType, *DecodeStreamType;

/* subtok.SubtokError, handed over by the package when it imports this module. */
static PyObject *error_class;

PyObject *native_fail(int status, const char *prefix) {
    const char *message = subtok_last_error();
    PyObject *text = prefix ? PyUnicode_FromFormat("%s%s", prefix, message)
                            : PyUnicode_DecodeUTF8(message, (Py_ssize_t)strlen(message), "replace");
    if (text == NULL) return NULL;
    if (error_class == NULL) {
        PyErr_SetObject(PyExc_RuntimeError, text);
    } else {
        PyObject *error = PyObject_CallFunction(error_class, "iO", status, text);
        if (error != NULL) {
            PyErr_SetObject(error_class, error);
            Py_DECREF(error);
        }
    }
    Py_DECREF(text);
    return NULL;
}

int native_bind(const char *function, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
                const char *const *names, Py_ssize_t count, Py_ssize_t required, PyObject **out) {
    if (nargs > count) {
        PyErr_Format(PyExc_TypeError, "%s() takes at most %zd positional arguments (%zd given)", function, count,
                     nargs);
        return -1;
    }
    for (Py_ssize_t i = 0; i < count; i++) out[i] = i < nargs ? args[i] : NULL;
    Py_ssize_t keywords = kwnames ? PyTuple_Size(kwnames) : 0;
    for (Py_ssize_t k = 0; k < keywords; k++) {
        const char *key = PyUnicode_AsUTF8AndSize(PyTuple_GetItem(kwnames, k), NULL);
        if (key == NULL) return -1;
        Py_ssize_t i = 0;
        while (i < count && strcmp(names[i], key) != 0) i++;
        if (i == count) {
            PyErr_Format(PyExc_TypeError, "%s() got an unexpected keyword argument '%s'", function, key);
            return -1;
        }
        if (out[i] != NULL) {
            PyErr_Format(PyExc_TypeError, "%s() got multiple values for argument '%s'", function, key);
            return -1;
        }
        out[i] = args[nargs + k];
    }
    for (Py_ssize_t i = 0; i < required; i++) {
        if (out[i] == NULL) {
            PyErr_Format(PyExc_TypeError, "%s() missing required argument '%s'", function, names[i]);
            return -1;
        }
    }
    return 0;
}

int native_truth(PyObject *value, int otherwise) {
    return value == NULL ? otherwise : PyObject_IsTrue(value);
}

const char *native_utf8(PyObject *text, Py_ssize_t *len, const char *what) {
    if (!PyUnicode_Check(text)) {
        PyObject *name = PyObject_GetAttrString((PyObject *)Py_TYPE(text), "__name__");
        if (name != NULL) PyErr_Format(PyExc_TypeError, "%s must be str, not %S", what, name);
        Py_XDECREF(name);
        return NULL;
    }
    return PyUnicode_AsUTF8AndSize(text, len);
}

enum { CACHED_IDS = 1 << 18 };
static PyObject *id_objects[CACHED_IDS];

PyObject *native_id(uint32_t id) {
    if (id >= CACHED_IDS) return PyLong_FromUnsignedLong(id);
    PyObject *object = id_objects[id];
    if (object == NULL && (object = id_objects[id] = PyLong_FromUnsignedLong(id)) == NULL) return NULL;
    Py_INCREF(object);
    return object;
}

PyObject *native_id_list(const uint32_t *ids, size_t n) {
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list != NULL && i < n; i++) {
        PyObject *id = native_id(ids[i]);
        if (id == NULL) Py_CLEAR(list);
        else PyList_SetItem(list, (Py_ssize_t)i, id);
    }
    /* A list of ints is in no reference cycle: left tracked, the cyclic collector walked every
       list a caller kept, again and again (a quarter of a per-line encode loop's time). */
    if (list != NULL) PyObject_GC_UnTrack(list);
    return list;
}

PyObject *native_id_lists(const uint32_t *ids, const size_t *starts, size_t n) {
    PyObject *result = PyList_New((Py_ssize_t)n);
    for (size_t k = 0; result != NULL && k < n; k++) {
        PyObject *list = native_id_list(ids + starts[k], starts[k + 1] - starts[k]);
        if (list == NULL) Py_CLEAR(result);
        else PyList_SetItem(result, (Py_ssize_t)k, list);
    }
    return result;
}

static PyObject *set_error_class(PyObject *module, PyObject *cls) {
    (void)module;
    Py_XDECREF(error_class);
    Py_INCREF(cls);
    error_class = cls;
    Py_RETURN_NONE;
}

static PyObject *version(PyObject *module, PyObject *unused) {
    (void)module, (void)unused;
    return PyUnicode_FromString(subtok_version());
}

static PyObject *library_path(PyObject *module, PyObject *unused) {
    (void)module, (void)unused;
    Dl_info info;
    if (dladdr((void *)subtok_version, &info) == 0 || info.dli_fname == NULL) Py_RETURN_NONE;
    return PyUnicode_DecodeFSDefault(info.dli_fname);
}

static PyMethodDef module_methods[] = {
    {"set_error_class", set_error_class, METH_O, "Sets the exception class failed calls raise."},
    {"version", version, METH_NOARGS, "The library version string."},
    {"library_path", library_path, METH_NOARGS, "The path of the libsubtok.so this module runs on."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_native", "Subtok's C ABI for Python (the engine stays libsubtok.so).", -1,
    module_methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__native(void) {
    PyObject *module = PyModule_Create(&module_def);
    if (module == NULL) return NULL;
    if (native_add_tokenizer(module) < 0 || native_add_encoding(module) < 0 || native_add_trainer(module) < 0 ||
        native_add_decode_stream(module) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
