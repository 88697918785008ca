// Why not? The smallest change of a case's facts that routes it to a service:
// each answer, applied to the case, really routes it there.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "referral/engine.h"
#include "referral/explain.h"
#include "support/paths.h"

namespace {

referral::Ruleset Bogota() {
  auto rules = referral::LoadRuleset(referral::testing::SourcePath("rules/bogota"), nullptr);
  REQUIRE(rules.ok());
  return std::move(rules).value();
}

std::string Girl() {
  return referral::testing::ReadText(referral::testing::SourcePath("rules/bogota/samples/nina-venezolana-3-anos.json"));
}

// The case with a why-not answer's changes applied (non-sensitive facts only).
std::string Apply(const std::string& c, const referral::WhyNotAnswer& a) {
  auto j = nlohmann::json::parse(c);
  for (const auto& ch : a.changes) {
    REQUIRE_FALSE(ch.sensitive);
    if (!ch.via.empty()) {  // a derived age: change the birth date it implies
      auto space = ch.via.find(' ');
      j[ch.via.substr(0, space)] = ch.via.substr(space + 1);
    } else if (ch.to.empty()) {
      j.erase(ch.fact);
    } else if (ch.to == "true" || ch.to == "false") {
      j[ch.fact] = ch.to == "true";
    } else if (ch.to.find_first_not_of("0123456789") == std::string::npos) {
      j[ch.fact] = std::stoll(ch.to);
    } else {
      j[ch.fact] = ch.to;
    }
  }
  return j.dump();
}

bool RefersTo(const referral::Ruleset& rules, const std::string& c, const std::string& service) {
  auto d = referral::Decide(rules, c);
  REQUIRE(d.ok());
  return std::any_of(d->referrals.begin(), d->referrals.end(),
                     [&](const referral::Referral& r) { return r.service == service; });
}

}  // namespace

TEST_CASE("why not school? the girl would need to be 60 months and out of school", "[whynot]") {
  auto rules = Bogota();
  auto a = referral::WhyNot(rules, Girl(), "SED_MATRICULA");
  REQUIRE(a.ok());
  REQUIRE(a->found);
  REQUIRE(a->changes.size() == 2);
  CHECK(a->changes[0].fact == "age_months");
  CHECK(a->changes[0].from == "39");
  CHECK(a->changes[0].to == "60");
  CHECK(a->changes[0].via == "birth_date 2021-03-01");
  CHECK(a->changes[1].fact == "school_status");
  CHECK(RefersTo(rules, Apply(Girl(), *a), "SED_MATRICULA"));
}

TEST_CASE("every non-sensitive why-not answer routes the changed case to its service", "[whynot]") {
  auto rules = Bogota();
  for (const char* service : {"ICBF_PARD", "SED_MATRICULA", "SDIS_CENTRO_AMAR", "IDIPRON", "COMISARIA_FAMILIA",
                              "SDIS_JARDIN_NOCTURNO", "MINTRABAJO_INSPECCION", "SDIS_ABRAZAR_ITINERANTE"}) {
    INFO(service);
    auto a = referral::WhyNot(rules, Girl(), service);
    REQUIRE(a.ok());
    REQUIRE(a->found);
    CHECK_FALSE(a->already);
    CHECK_FALSE(RefersTo(rules, Girl(), service));
    bool sensitive = std::any_of(a->changes.begin(), a->changes.end(), [](const auto& c) { return c.sensitive; });
    if (!sensitive) CHECK(RefersTo(rules, Apply(Girl(), *a), service));
  }
}

TEST_CASE("a sensitive fact is named in a why-not answer, never its values", "[whynot]") {
  auto rules = Bogota();
  auto a = referral::WhyNot(rules, Girl(), "SALUD_AFILIACION");
  REQUIRE(a.ok());
  REQUIRE(a->found);
  REQUIRE(a->changes.size() == 1);
  CHECK(a->changes[0].sensitive);
  CHECK(a->changes[0].from.empty());
  CHECK(a->changes[0].to.empty());
  std::string text = referral::RenderWhyNot(*a, referral::Lang::kEn);
  CHECK_THAT(text, Catch::Contains("sensitive fact: not shown"));
}

TEST_CASE("why-not answers: already referred, no rule, unknown service", "[whynot]") {
  auto rules = Bogota();
  auto already = referral::WhyNot(rules, Girl(), "SDIS_JARDIN_DIURNO");
  REQUIRE(already.ok());
  CHECK(already->already);
  auto none = referral::WhyNot(rules, Girl(), "SDIS_CRECIENDO_JUNTOS");
  REQUIRE(none.ok());
  CHECK_FALSE(none->found);
  CHECK(none->reason == "whynot.not_referred");
  CHECK_THAT(referral::RenderWhyNot(*none, referral::Lang::kEs), Catch::Contains("ninguna regla remite a"));
  auto unknown = referral::WhyNot(rules, Girl(), "SED_MATRICLA");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == "whynot.unknown_service");
  CHECK_THAT(unknown.status().message(), Catch::Contains("did you mean `SED_MATRICULA`?"));
  auto bad_case = referral::WhyNot(rules, "{}", "ICBF_PARD");
  REQUIRE_FALSE(bad_case.ok());
  CHECK(bad_case.status().code() == "case.missing_field");
}
