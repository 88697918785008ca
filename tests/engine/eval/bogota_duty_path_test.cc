// rules/bogota on the legal basis and the human confirmation of referrals
// (policy §8, §9.1 "Duties and the social offer", §10), over every consent
// value at once, and the presumed minor of unknown age (§9 R0). The sample
// test files state the same per case (docs/rules.md, "Test files").
#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "referral/engine.h"
#include "referral/ruleset.h"
#include "support/paths.h"

namespace {

const referral::Ruleset& Bogota() {
  static const referral::Ruleset* rules = [] {
    auto r = referral::LoadRuleset(referral::testing::SourcePath("rules/bogota"), nullptr);
    REQUIRE(r.ok());
    return new referral::Ruleset(std::move(r).value());
  }();
  return *rules;
}

struct Seen {
  std::string basis;
  bool confirm = false;
};

std::map<std::string, Seen> Route(const std::string& extra) {
  const std::string json = R"({"case_id":"d-1","evaluation_date":"2026-03-01","identification_channel":"busqueda_activa",)"
                           R"("identification_category":"mendicidad_propia","nationality":"colombiana",)"
                           R"("school_status":"no_matriculado","health_affiliation":"ninguna",)" +
                           extra + "}";
  auto d = referral::Decide(Bogota(), json);
  INFO(json << " -> " << d.status().message());
  REQUIRE(d.ok());
  std::map<std::string, Seen> out;
  for (const auto& r : d->referrals) out[r.service] = {r.legal_basis, r.requires_human_confirmation};
  return out;
}

}  // namespace

TEST_CASE("bogota: complements on the duty path go under public function and need confirmation", "[bogota][basis]") {
  // Exploitation indicators (a duty) while the caregiver refuses: the complements
  // are listed for the authority, not under the consent that was refused.
  auto duty = Route(R"("age_documented":true,"birth_date":"2018-03-01","caregiver_present":"madre",)"
                    R"("exploitation_indicators":["sustancias"],"caregiver_consent":"rechaza")");
  for (const char* s : {"ICBF_PARD", "POLICIA_INFANCIA", "FISCALIA_DENUNCIA"}) {
    REQUIRE(duty.count(s));
    CHECK(duty[s].basis == "legal_duty_art51_ley1098");
    CHECK(duty[s].confirm);
  }
  for (const char* s : {"SED_MATRICULA", "SALUD_AFILIACION", "REGISTRO_DOCUMENTACION"}) {
    INFO(s);
    REQUIRE(duty.count(s));
    CHECK(duty[s].basis == "public_function_art10_ley1581");
    CHECK(duty[s].confirm);
  }
  CHECK_FALSE(duty.count("SDIS_CENTRO_AMAR"));  // no voluntary offer under a duty
}

TEST_CASE("bogota: the same complements with consent and no duty stay under consent", "[bogota][basis]") {
  auto consent = Route(R"("age_documented":true,"birth_date":"2018-03-01","caregiver_present":"madre",)"
                       R"("activity":"pide_dinero","caregiver_consent":"acepta")");
  for (const char* s : {"SDIS_CENTRO_AMAR", "SED_MATRICULA", "SALUD_AFILIACION", "REGISTRO_DOCUMENTACION"}) {
    INFO(s);
    REQUIRE(consent.count(s));
    CHECK(consent[s].basis == "consent");
    CHECK_FALSE(consent[s].confirm);
  }
}

TEST_CASE("bogota: a 15-year-old living on the street whose caregiver refused gets IDIPRON without a consent basis",
          "[bogota][basis]") {
  // Issue 14 (6): the record must not claim a consent that was refused.
  auto refused = Route(R"("age_documented":true,"birth_date":"2011-03-01","caregiver_present":"madre",)"
                       R"("street_situation":"vida_en_calle","has_civil_registration":true,"caregiver_consent":"rechaza")");
  REQUIRE(refused.count("IDIPRON"));
  CHECK(refused["IDIPRON"].basis != "consent");
  CHECK(refused["IDIPRON"].basis == "public_function_art10_ley1581");  // as the complements there (D37, D41)
  CHECK(refused["IDIPRON"].confirm);
}

TEST_CASE("bogota: on the duty path IDIPRON is under public function whatever the consent", "[bogota][basis]") {
  for (const char* consent : {"acepta", "acepta_parcial", "rechaza", "no_obtenido"}) {
    INFO(consent);
    auto street = Route(std::string(R"("age_documented":true,"birth_date":"2011-03-01","caregiver_present":"madre",)"
                                    R"("street_situation":"vida_en_calle","has_civil_registration":true,)"
                                    R"("caregiver_consent":")") +
                        consent + "\"");
    REQUIRE(street.count("IDIPRON"));
    CHECK(street["IDIPRON"].basis == "public_function_art10_ley1581");
    CHECK(street["IDIPRON"].confirm);
  }
}

TEST_CASE("bogota: a presumed minor of unknown age is in scope and every referral is confirmed", "[bogota][age]") {
  auto unknown = Route(R"("age_documented":false,"caregiver_present":"madre","caregiver_consent":"acepta",)"
                       R"("has_civil_registration":true)");
  // No age: no jardín, no Centro Amar, no school enrolment (it needs school age);
  // the health complement needs no age.
  REQUIRE(unknown.size() == 1);
  REQUIRE(unknown.count("SALUD_AFILIACION"));
  CHECK(unknown["SALUD_AFILIACION"].basis == "consent");
  CHECK(unknown["SALUD_AFILIACION"].confirm);
}
