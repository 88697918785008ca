"""referral: route child-protection cases to services, and explain why.

The engine's C ABI (libreferral_c.so.0) through ctypes, with only the
standard library::

    import referral
    engine = referral.Engine("/usr/share/referral/rules/bogota")
    decision = engine.decide({"case_id": "c-1", ...})   # a dict, as docs/schema/decision.schema.json
    print(engine.explain(case, lang="es")["explanation"])

Errors are exceptions carrying the engine's stable code, the input field it
concerns and every problem found (a rejected case lists all its fields at
once); each comes from an error object the call returned, never from state
left on a thread. An Engine may be shared by any number of threads, reload()
included. Engine(path, lang="es", limits={"case_bytes": N}) sets the language
of messages and explanations, and docs/limits.md's limits by name.
"""
import ctypes
import json
import os
import pathlib
import threading

__all__ = [
    "Engine", "Records", "check", "version",
    "ReferralError", "ArgumentError", "RulesIOError", "RulesError", "CaseError", "EvaluationError",
    "RecordError", "InternalError",
]

TRACE_LEVELS = {"off": 0, "rules": 1, "full": 2}


class ReferralError(Exception):
    """An error of the engine: `code` (e.g. "case.unknown_field"), `field`
    (the input field it concerns, or ""), `message` (for people) and `errors`
    (every problem: a list of {"code", "field", "message"})."""

    def __init__(self, code, field, message, errors):
        super().__init__(f"{code}: {message}")
        self.code, self.field, self.message, self.errors = code, field, message, errors


class ArgumentError(ReferralError, ValueError):
    """An invalid argument (REFERRAL_E_ARG)."""


class RulesIOError(ReferralError, OSError):
    """A rule file could not be read (REFERRAL_E_IO)."""


class RulesError(ReferralError):
    """The rules are invalid; `errors` lists every problem (REFERRAL_E_RULES)."""


class CaseError(ReferralError, ValueError):
    """The case was rejected; `errors` lists every invalid field (REFERRAL_E_CASE)."""


class EvaluationError(ReferralError):
    """The case broke the rules' contract, e.g. a `unique` node (REFERRAL_E_EVAL)."""


class RecordError(ReferralError, OSError):
    """The record file could not be opened or written; nothing was recorded (REFERRAL_E_RECORD)."""


class InternalError(ReferralError):
    """A bug in the engine (REFERRAL_E_INTERNAL, or out of memory)."""


_ERRORS = {-1: ArgumentError, -2: RulesIOError, -3: RulesError, -4: CaseError, -5: EvaluationError,
           -6: InternalError, -7: InternalError, -8: RecordError}


def _library_path():
    """REFERRAL_LIBRARY if set; else the library installed beside this package
    (its place relative to it is written at install time); else the loader's
    search path."""
    if os.environ.get("REFERRAL_LIBRARY"):
        return os.environ["REFERRAL_LIBRARY"]
    try:
        from ._install import LIBRARY_FROM_PACKAGE
        candidate = pathlib.Path(__file__).resolve().parent / LIBRARY_FROM_PACKAGE
        if candidate.exists():
            return str(candidate)
    except ImportError:
        pass
    return "libreferral_c.so.0"


_lib = None
_lib_lock = threading.Lock()


def _load():
    global _lib
    with _lib_lock:
        if _lib is not None:
            return _lib
        lib = ctypes.CDLL(_library_path())
        out, err = ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_void_p)
        text, size, handle = ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p
        lib.referral_version.restype, lib.referral_version.argtypes = ctypes.c_char_p, []
        for name in ("referral_error_message", "referral_error_code", "referral_error_field", "referral_error_list"):
            getattr(lib, name).restype = ctypes.c_char_p
            getattr(lib, name).argtypes = [handle]
        lib.referral_error_status.restype, lib.referral_error_status.argtypes = ctypes.c_int, [handle]
        # Every call takes an error out-parameter last: the error is an object
        # the caller owns, not the OS thread's last error.
        signatures = {
            "referral_options_new": [out],
            "referral_options_set_lang": [handle, text],
            "referral_options_set_trace": [handle, ctypes.c_int],
            "referral_options_set_limit": [handle, text, size],
            "referral_engine_open_ex": [out, text, handle],
            "referral_engine_open_memory_ex": [out, text, size, text, handle],
            "referral_engine_reload_ex": [handle],
            "referral_engine_info_ex": [out, handle],
            "referral_decide_ex": [out, handle, text, size, handle],
            "referral_explain_ex": [out, handle, text, size, handle],
            "referral_records_open_ex": [out, text],
            "referral_decide_recorded_ex": [out, handle, handle, text, size, handle, text, text],
            "referral_review_ex": [out, handle, handle, text, text, text, text, text],
            "referral_check_ex": [out, text, handle],
        }
        for name, args in signatures.items():
            getattr(lib, name).argtypes = args + [err]
            getattr(lib, name).restype = ctypes.c_int
        for name in ("referral_engine_free", "referral_records_free", "referral_options_free",
                     "referral_string_free", "referral_error_free"):
            getattr(lib, name).argtypes = [handle]
            getattr(lib, name).restype = None
        _lib = lib
        return lib


def _call(lib, fn, *args):
    """Calls `fn(*args, &err)`; raises the error object's exception."""
    err = ctypes.c_void_p()
    rc = fn(*args, ctypes.byref(err))
    if rc == 0:
        return
    try:
        if not err:  # out of memory for the error itself
            raise InternalError("nomem", "", "out of memory", [])
        cls = _ERRORS.get(lib.referral_error_status(err), ReferralError)
        raise cls(lib.referral_error_code(err).decode(), lib.referral_error_field(err).decode(),
                  lib.referral_error_message(err).decode(), json.loads(lib.referral_error_list(err).decode()))
    finally:
        lib.referral_error_free(err)


def _call_json(lib, fn, *args):
    out = ctypes.c_void_p()
    _call(lib, fn, ctypes.byref(out), *args)
    try:
        return json.loads(ctypes.string_at(out.value).decode("utf-8"))
    finally:
        lib.referral_string_free(out)


class _Options:
    """A referral_options_t: limits (docs/limits.md names), language, trace."""

    def __init__(self, lib, lang=None, limits=None, trace="full"):
        self._lib = lib
        self.handle = ctypes.c_void_p()
        _call(lib, lib.referral_options_new, ctypes.byref(self.handle))
        if lang is not None:
            _call(lib, lib.referral_options_set_lang, self.handle, _text(lang))
        for name, value in (limits or {}).items():
            _call(lib, lib.referral_options_set_limit, self.handle, _text(name), _count(name, value))
        if trace not in TRACE_LEVELS:
            raise ArgumentError("arg.trace_level", "trace", f"trace must be one of {', '.join(TRACE_LEVELS)}", [])
        _call(lib, lib.referral_options_set_trace, self.handle, TRACE_LEVELS[trace])

    def __del__(self):
        if getattr(self, "handle", None):
            self._lib.referral_options_free(self.handle)
            self.handle = None


def _count(name, value):
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ArgumentError("arg.limit", "limits", f"limit `{name}` must be a positive int, not {value!r}", [])
    return value


def _case_bytes(case):
    if isinstance(case, dict):
        return json.dumps(case, ensure_ascii=False).encode("utf-8")
    if isinstance(case, str):
        return case.encode("utf-8")
    if isinstance(case, (bytes, bytearray)):
        return bytes(case)
    raise TypeError(f"a case is a dict, a JSON str or bytes, not {type(case).__name__}")


def _text(value):
    return None if value is None else str(value).encode("utf-8")


def version():
    """The engine's version, e.g. "0.1.0"."""
    return _load().referral_version().decode()


def check(rules_path, lang=None, limits=None):
    """Checks a rule set without keeping it: {"ok": bool, "diagnostics": [...]},
    the diagnostics in `lang` ("es" or "en"; by default, the language the rule
    set declares)."""
    lib = _load()
    options = _Options(lib, lang, limits)
    return _call_json(lib, lib.referral_check_ex, _text(os.fspath(rules_path)), options.handle)


class _Handle:
    """An opaque handle of the C ABI, released by `_free` (close() or at
    garbage collection); a context manager."""

    _free = None  # the name of the C function that releases it
    _what = "handle"

    def _open(self, fn, *args):
        self._lib = _load()
        self._handle = ctypes.c_void_p()
        _call(self._lib, getattr(self._lib, fn), ctypes.byref(self._handle), *args)

    def close(self):
        if getattr(self, "_handle", None):
            getattr(self._lib, self._free)(self._handle)
            self._handle = ctypes.c_void_p()

    def _live(self):
        if not self._handle:
            raise ValueError(f"the {self._what} is closed")
        return self._handle

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        self.close()


class Engine(_Handle):
    """A loaded rule set. Thread-safe: share one across threads.

    `lang` ("es" or "en") is the language of error messages and, unless a
    call asks for another, of explanations (by default: the rule set's
    language, Spanish for rules/bogota). `limits` raises or lowers
    docs/limits.md's limits by name, e.g. {"case_bytes": 4_000_000}."""

    _free, _what = "referral_engine_free", "engine"

    def __init__(self, rules_path, lang=None, limits=None):
        self._setup(lang, limits)
        self._open("referral_engine_open_ex", _text(os.fspath(rules_path)), self._options_for().handle)

    @classmethod
    def from_yaml(cls, yaml_text, name=None, lang=None, limits=None):
        """A rule set from one YAML document (such an engine cannot reload)."""
        engine = cls.__new__(cls)
        engine._setup(lang, limits)
        data = yaml_text.encode("utf-8")
        engine._open("referral_engine_open_memory_ex", data, len(data), _text(name), engine._options_for().handle)
        return engine

    def _setup(self, lang, limits):
        self._lang, self._limits = lang, dict(limits or {})
        self._options, self._options_lock = {}, threading.Lock()

    def _options_for(self, trace="full", lang=None):
        """The options of a call, made once and then only read (so shared by threads)."""
        key = (trace, lang or self._lang)
        with self._options_lock:
            if key not in self._options:
                self._options[key] = _Options(_load(), key[1], self._limits, trace)
            return self._options[key]

    def decide(self, case, trace="off"):
        """Decides one case (a dict, or its JSON text): the decision as a dict."""
        data = _case_bytes(case)
        return _call_json(self._lib, self._lib.referral_decide_ex, self._live(), data, len(data),
                          self._options_for(trace).handle)

    def explain(self, case, lang=None):
        """Decides and explains one case: the decision with an "explanation" text."""
        data = _case_bytes(case)
        return _call_json(self._lib, self._lib.referral_explain_ex, self._live(), data, len(data),
                          self._options_for("full", lang).handle)

    def decide_recorded(self, records, case, trace="off", decided_at=None, idempotency_key=None):
        """Decides one case and records it in `records` first: the decision with
        "decision_id" and "decided_at"."""
        data = _case_bytes(case)
        return _call_json(self._lib, self._lib.referral_decide_recorded_ex, self._live(), records._live(), data,
                          len(data), self._options_for(trace).handle, _text(decided_at), _text(idempotency_key))

    def review(self, records, decision_id, role, action, reason, reviewed_at=None):
        """Records a person's review of a recorded decision."""
        return _call_json(self._lib, self._lib.referral_review_ex, self._live(), records._live(), _text(decision_id),
                          _text(role), _text(action), _text(reason), _text(reviewed_at))

    def reload(self):
        """Loads the rules again and swaps them in atomically; on error the old
        rules keep serving and the exception says why."""
        _call(self._lib, self._lib.referral_engine_reload_ex, self._live())

    def info(self):
        """The rules in force: id, version, digest, loaded_at, generation, engine_version."""
        return _call_json(self._lib, self._lib.referral_engine_info_ex, self._live())


class Records(_Handle):
    """An append-only, hash-chained decision record file (docs/records.md)."""

    _free, _what = "referral_records_free", "record file"

    def __init__(self, path):
        self._open("referral_records_open_ex", _text(os.fspath(path)))
