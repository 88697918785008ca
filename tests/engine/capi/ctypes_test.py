#!/usr/bin/env python3
"""The C ABI from Python through ctypes, with only the standard library: what a
Python case-management system (CommCare, say) needs to embed the engine.

Usage: ctypes_test.py LIBREFERRAL_C_SO SOURCE_DIR REFERRAL_BINARY
"""
import ctypes
import json
import pathlib
import subprocess
import sys
import tempfile
import threading
import unittest

LIB_PATH, SOURCE, REFERRAL = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3]
RULES = str(SOURCE / "rules" / "bogota")
CASE = (SOURCE / "rules" / "bogota" / "samples" / "nina-venezolana-3-anos.json").read_bytes()


class Referral:
    """A dozen lines of binding: load, decide, explain, errors."""

    def __init__(self, rules_path, lib_path=LIB_PATH):
        lib = self.lib = ctypes.CDLL(lib_path)
        lib.referral_last_error.restype = ctypes.c_char_p
        lib.referral_last_error_code.restype = ctypes.c_char_p
        lib.referral_last_error_field.restype = ctypes.c_char_p
        lib.referral_last_errors.restype = ctypes.c_char_p
        lib.referral_string_free.argtypes = [ctypes.c_void_p]
        lib.referral_engine_free.argtypes = [ctypes.c_void_p]
        lib.referral_decide.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p, ctypes.c_char_p,
                                        ctypes.c_size_t, ctypes.c_int]
        lib.referral_explain.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p, ctypes.c_char_p,
                                         ctypes.c_size_t, ctypes.c_char_p]
        lib.referral_records_open.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p]
        lib.referral_records_free.argtypes = [ctypes.c_void_p]
        lib.referral_decide_recorded.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p, ctypes.c_void_p,
                                                 ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_char_p,
                                                 ctypes.c_char_p]
        lib.referral_review.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p, ctypes.c_void_p,
                                        ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                                        ctypes.c_char_p]
        self.engine = ctypes.c_void_p()
        self._check(lib.referral_engine_open(ctypes.byref(self.engine), rules_path.encode()))

    def _check(self, rc):
        if rc != 0:
            raise ReferralError(rc, self.lib.referral_last_error_code().decode(),
                                self.lib.referral_last_error_field().decode(),
                                self.lib.referral_last_error().decode(),
                                json.loads(self.lib.referral_last_errors().decode()))

    def _json(self, fn, *args):
        out = ctypes.c_void_p()
        self._check(fn(ctypes.byref(out), self.engine, *args))
        try:
            return json.loads(ctypes.string_at(out.value).decode())
        finally:
            self.lib.referral_string_free(out)

    def decide(self, case: bytes, trace=1):
        return self._json(self.lib.referral_decide, case, len(case), trace)

    def explain(self, case: bytes, lang=b"es"):
        return self._json(self.lib.referral_explain, case, len(case), lang)

    def open_records(self, path):
        """A record file handle, for decide_recorded() and review()."""
        records = ctypes.c_void_p()
        self._check(self.lib.referral_records_open(ctypes.byref(records), str(path).encode()))
        return records

    def close_records(self, records):
        self.lib.referral_records_free(records)

    def decide_recorded(self, records, case: bytes, trace=1, decided_at=None, idempotency_key=None):
        return self._json(self.lib.referral_decide_recorded, records, case, len(case), trace, decided_at,
                          idempotency_key)

    def review(self, records, decision_id, role, action, reason, reviewed_at=None):
        return self._json(self.lib.referral_review, records, decision_id.encode(), role, action, reason, reviewed_at)

    def close(self):
        self.lib.referral_engine_free(self.engine)
        self.engine = ctypes.c_void_p()


def in_threads(step, threads=4, times=10):
    """Runs `step` `times` times in each of `threads` threads; returns what it
    returned, and the exceptions raised."""
    results, errors = [], []

    def work():
        try:
            for _ in range(times):
                results.append(step())
        except Exception as e:  # noqa: BLE001 - returned to the test
            errors.append(e)

    running = [threading.Thread(target=work) for _ in range(threads)]
    for t in running:
        t.start()
    for t in running:
        t.join()
    return results, errors


class ReferralError(Exception):
    def __init__(self, rc, code, field, message, errors):
        super().__init__(f"{code}: {message}")
        self.rc, self.code, self.field, self.errors = rc, code, field, errors


class CtypesTest(unittest.TestCase):
    def setUp(self):
        self.engine = Referral(RULES)

    def tearDown(self):
        self.engine.close()

    def test_decides_a_real_case(self):
        d = self.engine.decide(CASE)
        self.assertEqual(d["outcome"], "referred")
        self.assertIn("SDIS_CENTRO_ABRAZAR", [r["service"] for r in d["referrals"]])
        self.assertEqual(len(d["ruleset"]["digest"]), 64)

    def test_the_same_bytes_as_referral_route_at_every_trace_level(self):
        # At REFERRAL_TRACE_OFF the C ABI used to add `"trace":[]`.
        for level, name in enumerate(["off", "rules", "full"]):
            run = subprocess.run([REFERRAL, "route", "--rules", RULES, "--trace", name, "-"], input=CASE,
                                 capture_output=True, check=True)
            lib = self.engine.lib
            out = ctypes.c_void_p()
            rc = lib.referral_decide(ctypes.byref(out), self.engine.engine, CASE, len(CASE), level)
            self.assertEqual(rc, 0)
            self.assertEqual(ctypes.string_at(out.value).decode(), run.stdout.decode().rstrip("\n"), name)
            lib.referral_string_free(out)

    def test_explains_in_spanish(self):
        e = self.engine.explain(CASE)
        self.assertIn("Qué hacer", e["explanation"])
        self.assertEqual(e["case_id"], "muestra-nina-venezolana-3")

    def test_a_rejected_case_names_its_field(self):
        with self.assertRaises(ReferralError) as caught:
            self.engine.decide(b'{"case_id": "x", "nacionalidad": "venezolana"}')
        self.assertEqual(caught.exception.rc, -4)  # REFERRAL_E_CASE
        self.assertEqual(caught.exception.code, "case.unknown_field")
        self.assertEqual(caught.exception.field, "nacionalidad")

    def test_a_rejected_case_lists_every_problem(self):
        case = json.loads(CASE)
        case.update({"months_in_bogota": "1", "nationality": "venezuelan", "pregnant": "no"})
        with self.assertRaises(ReferralError) as caught:
            self.engine.decide(json.dumps(case).encode())
        errors = caught.exception.errors
        self.assertEqual([(e["code"], e["field"]) for e in errors],
                         [("case.bad_type", "months_in_bogota"), ("case.unknown_value", "nationality"),
                          ("case.bad_type", "pregnant")])
        # Asked for no language: the rule set's (Bogotá's is Spanish).
        self.assertEqual(errors[0]["message"],
                         'campo `months_in_bogota`: se esperaba un número entero mayor o igual a 0; se recibió el texto "1"')
        self.assertEqual(caught.exception.field, "months_in_bogota")
        # referral_explain() gives a refused case's messages in the language asked for.
        with self.assertRaises(ReferralError) as caught:
            self.engine.explain(json.dumps(case).encode(), lang=b"en")
        self.assertEqual(caught.exception.errors[0]["message"],
                         'field `months_in_bogota`: expected an integer >= 0; got the string "1"')
        self.assertEqual([e["code"] for e in caught.exception.errors], [e["code"] for e in errors])

    def test_a_future_evaluation_date_and_a_duplicate_key_are_refused(self):
        future = CASE.replace(b'"2026-03-01"', b'"2999-03-01"')
        with self.assertRaises(ReferralError) as caught:
            self.engine.decide(future)
        self.assertEqual(caught.exception.code, "case.future_evaluation_date")
        twice = CASE.rstrip().rstrip(b"}") + b', "caregiver_consent": "rechaza"}'
        with self.assertRaises(ReferralError) as caught:
            self.engine.explain(twice)
        self.assertEqual(caught.exception.code, "case.duplicate_key")
        self.assertEqual(caught.exception.field, "caregiver_consent")

    def test_invalid_rules_raise_with_every_problem(self):
        with self.assertRaises(ReferralError) as caught:
            Referral(str(SOURCE / "tests" / "fixtures" / "analyze" / "no-such-dir"))
        self.assertEqual(caught.exception.code, "ruleset.io")

    def test_rules_that_are_not_utf8_are_refused_at_open(self):
        # A Latin-1 because-text used to open, and then every decision that
        # quoted it failed with REFERRAL_E_INTERNAL.
        with self.assertRaises(ReferralError) as caught:
            Referral(str(SOURCE / "tests" / "fixtures" / "broken_rules" / "57_latin1_because.yaml"))
        self.assertEqual(caught.exception.rc, -3)  # REFERRAL_E_RULES
        self.assertEqual(caught.exception.code, "ruleset.invalid")
        self.assertIn("57_latin1_because.yaml:54:29: error[file.bad_encoding]: byte 0xF1 in `ni\\xf1o` is not UTF-8",
                      str(caught.exception))

    def test_threads_share_one_engine(self):
        results, errors = in_threads(lambda: self.engine.decide(CASE, trace=0)["outcome"], times=50)
        self.assertEqual(errors, [])
        self.assertEqual(results, ["referred"] * 200)


class RecordsTest(unittest.TestCase):
    """Decisions and reviews recorded through the C ABI, then replayed by the
    real `referral verify`."""

    def setUp(self):
        self.engine = Referral(RULES)
        self.dir = tempfile.TemporaryDirectory(prefix="referral-ctypes-")
        self.path = pathlib.Path(self.dir.name) / "records.jsonl"

    def tearDown(self):
        self.engine.close()
        self.dir.cleanup()

    def verify(self):
        return subprocess.run([REFERRAL, "verify", str(self.path), "--rules", RULES],
                              capture_output=True, text=True, check=False)

    def test_a_recorded_decision_and_its_review_verify(self):
        records = self.engine.open_records(self.path)
        try:
            d = self.engine.decide_recorded(records, CASE)
            self.assertRegex(d["decision_id"], "^[0-9a-f]{32}$")
            self.assertIn("SDIS_CENTRO_ABRAZAR", [r["service"] for r in d["referrals"]])
            r = self.engine.review(records, d["decision_id"], b"profesional_sdis", b"accept", b"verificado")
            self.assertEqual(r["decision_id"], d["decision_id"])
            self.assertEqual((r["role"], r["action"], r["reason"]), ("profesional_sdis", "accept", "verificado"))
            self.assertGreaterEqual(r["reviewed_at"], d["decided_at"])
        finally:
            self.engine.close_records(records)
        run = self.verify()
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        self.assertIn("1 decisión(es), 1 revisión(es)", run.stdout)

    def test_threads_share_one_record_file(self):
        records = self.engine.open_records(self.path)
        ids, errors = in_threads(lambda: self.engine.decide_recorded(records, CASE, trace=0)["decision_id"])
        self.engine.close_records(records)
        self.assertEqual(errors, [])
        self.assertEqual(len(set(ids)), 40)
        run = self.verify()
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)

    def test_a_record_file_that_cannot_be_opened(self):
        with self.assertRaises(ReferralError) as caught:
            self.engine.open_records(self.dir.name)  # a folder
        self.assertEqual(caught.exception.rc, -8)  # REFERRAL_E_RECORD
        self.assertEqual(caught.exception.code, "record.io")


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]], verbosity=2)
