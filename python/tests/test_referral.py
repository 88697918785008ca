"""The Python package as an integrator uses it, against an installed prefix.

Run by tests/package/languages_test.sh: `python3 -m pytest python/tests` with a
clean environment, PYTHONPATH at the prefix's dist-packages and
REFERRAL_SHARE at its share/referral (the installed rule sets).
"""
import concurrent.futures
import json
import os
import pathlib

import pytest

import referral

SHARE = pathlib.Path(os.environ["REFERRAL_SHARE"])
RULES = SHARE / "rules" / "bogota"
SAMPLE = json.loads((RULES / "samples" / "nina-venezolana-3-anos.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def engine():
    with referral.Engine(RULES) as e:
        yield e


def test_the_package_is_the_installed_one_and_finds_its_library_with_nothing_set():
    assert "REFERRAL_LIBRARY" not in os.environ and "LD_LIBRARY_PATH" not in os.environ
    assert pathlib.Path(referral.__file__).is_relative_to(SHARE.parent.parent)
    assert referral.version() == "0.1.0"


def test_a_sample_case_is_referred_to_its_centre(engine):
    d = engine.decide(SAMPLE)
    assert d["outcome"] == "referred"
    assert "SDIS_CENTRO_ABRAZAR" in [r["service"] for r in d["referrals"]]
    assert d["ruleset"]["id"] == "bogota"
    assert "trace" not in d  # trace="off", as `referral route --trace off`


def test_a_case_as_dict_json_text_or_bytes_gives_the_same_decision(engine):
    text = json.dumps(SAMPLE)
    assert engine.decide(SAMPLE) == engine.decide(text) == engine.decide(text.encode())
    with pytest.raises(TypeError):
        engine.decide(42)


def test_the_trace_level_is_asked_by_name(engine):
    full = engine.decide(SAMPLE, trace="full")
    assert any(t.get("checks") for t in full["trace"])
    with pytest.raises(referral.ArgumentError) as e:
        engine.decide(SAMPLE, trace="verbose")
    assert e.value.code == "arg.trace_level"


def test_a_rejected_case_raises_with_every_problem_at_once(engine):
    bad = dict(SAMPLE, edad=3, caregiver_consent="tal_vez")
    with pytest.raises(referral.CaseError) as e:
        engine.decide(bad)
    codes = {(x["code"], x["field"]) for x in e.value.errors}
    assert ("case.unknown_field", "edad") in codes
    assert ("case.unknown_value", "caregiver_consent") in codes
    assert e.value.code in {c for c, _ in codes}
    assert isinstance(e.value, ValueError)


def test_the_explanation_is_in_the_language_asked(engine):
    es = engine.explain(SAMPLE, lang="es")
    en = engine.explain(SAMPLE, lang="en")
    assert "Qué hacer" in es["explanation"]
    assert "What to do" in en["explanation"]
    assert es["referrals"] == en["referrals"]
    with pytest.raises(referral.ArgumentError) as e:
        engine.explain(SAMPLE, lang="fr")
    assert e.value.code == "arg.lang"


def test_the_language_of_messages_and_limits_are_set_by_name():
    with referral.Engine(RULES, lang="es", limits={"case_bytes": 100_000}) as spanish:
        with pytest.raises(referral.CaseError) as e:
            spanish.decide(dict(SAMPLE, edad=3))
        assert e.value.message == "campo desconocido `edad`"
        assert "Qué hacer" in spanish.explain(SAMPLE)["explanation"]
        assert "What to do" in spanish.explain(SAMPLE, lang="en")["explanation"]
    with referral.Engine(RULES, limits={"case_bytes": 10}) as tiny:
        with pytest.raises(referral.CaseError) as e:
            tiny.decide(SAMPLE)
        # No language asked for: the rule set's (Bogotá's: Spanish).
        assert e.value.code == "limit.case_size" and "el límite es 10" in e.value.message
    with referral.Engine(RULES, lang="en", limits={"case_bytes": 10}) as tiny:
        with pytest.raises(referral.CaseError) as e:
            tiny.decide(SAMPLE)
        assert e.value.code == "limit.case_size" and "the limit is 10" in e.value.message
    with pytest.raises(referral.RulesError) as e:
        referral.Engine(RULES, limits={"rules": 3})
    assert "error[limit.rules]" in e.value.message
    with pytest.raises(referral.ArgumentError) as e:
        referral.Engine(RULES, limits={"rule": 3})
    assert e.value.code == "arg.limit" and "rules" in e.value.message
    with pytest.raises(referral.ArgumentError):
        referral.Engine(RULES, limits={"rules": 0})
    with pytest.raises(referral.ArgumentError) as e:
        referral.Engine(RULES, lang="fr")
    assert e.value.code == "arg.lang"
    report = referral.check(RULES, lang="es", limits={"rules": 3})
    assert report["ok"] is False
    assert any("el conjunto define más de 3 reglas" in d["message"] for d in report["diagnostics"])


def test_missing_and_broken_rules_raise_their_own_errors(tmp_path):
    with pytest.raises(referral.RulesIOError):
        referral.Engine(tmp_path / "nowhere")
    with pytest.raises(referral.RulesError) as e:
        referral.Engine.from_yaml("ruleset: {id: x}\n", name="broken.yaml")
    assert e.value.errors and all("code" in x for x in e.value.errors)
    report = referral.check(RULES)
    assert report["ok"] is True
    (tmp_path / "r.yaml").write_text("ruleset: {id: x}\n")
    report = referral.check(tmp_path / "r.yaml")
    assert report["ok"] is False and report["diagnostics"][0]["line"] >= 1


def test_one_engine_serves_many_threads_while_it_reloads(engine):
    expected = engine.decide(SAMPLE)

    def work(i):
        if i % 10 == 0:
            engine.reload()
        return engine.decide(dict(SAMPLE, case_id=expected["case_id"]))

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(400)))
    assert all(r == expected for r in results)
    assert engine.info()["generation"] >= 40


def test_errors_stay_with_the_thread_that_made_them(engine):
    bad = dict(SAMPLE, edad=3)

    def work(i):
        try:
            engine.decide(bad if i % 2 else SAMPLE)
            return "ok"
        except referral.CaseError as e:
            return e.code

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(400)))
    assert results == ["ok" if i % 2 == 0 else "case.unknown_field" for i in range(400)]


def test_a_recorded_decision_and_its_review(engine, tmp_path):
    with referral.Records(tmp_path / "records.jsonl") as records:
        d = engine.decide_recorded(records, SAMPLE, decided_at="2026-03-01T10:00:00Z", idempotency_key="req-1")
        again = engine.decide_recorded(records, SAMPLE, decided_at="2026-03-01T10:00:05Z", idempotency_key="req-1")
        assert again["decision_id"] == d["decision_id"] and len(d["decision_id"]) == 32
        review = engine.review(records, d["decision_id"], "profesional_sdis", "accept", "verificado")
        assert review["decision_id"] == d["decision_id"]
        with pytest.raises(referral.ArgumentError) as e:
            engine.review(records, "0" * 32, "profesional_sdis", "accept", "verificado")
        assert e.value.code == "record.unknown_decision"
    lines = (tmp_path / "records.jsonl").read_text().splitlines()
    assert len(lines) == 2


def test_a_closed_engine_refuses_to_decide():
    e = referral.Engine(RULES)
    e.close()
    with pytest.raises(ValueError):
        e.decide(SAMPLE)
    e.close()  # twice is fine
