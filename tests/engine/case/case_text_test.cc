// A case is one JSON value (or one YAML document) of UTF-8 text, with each key
// once: anything else was decided silently in a way the sender did not mean
// (issue 15, item 1), and is now refused with a code naming what is wrong.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "referral/engine.h"
#include "referral/explain.h"
#include "referral/ruleset.h"
#include "support/paths.h"
#include "support/rulesets.h"

namespace referral {
namespace {

const Ruleset& Bogota() { return testing::BogotaRules(); }

const Ruleset& Example() { return testing::ExampleRules(); }

// The Bogotá sample case without its closing brace, to append members to.
std::string Open() {
  std::string s = testing::ReadText(testing::SourcePath("rules/bogota/samples/nina-venezolana-3-anos.json"));
  return s.substr(0, s.rfind('}'));
}
std::string Sample() { return Open() + "}"; }

const char* const kYaml =
    "case_id: y-1\nevaluation_date: 2026-03-01\nidentification_channel: busqueda_activa\n"
    "identification_category: mendicidad_propia\nage_documented: true\nbirth_date: 2022-12-01\n"
    "caregiver_present: madre\ncaregiver_consent: acepta\n";

StatusOr<Decision> DecideYaml(const std::string& text) {
  DecideOptions options;
  options.format = CaseFormat::kYaml;
  return Decide(Bogota(), text, options);
}

std::vector<std::string> Codes(const Status& s) {
  std::vector<std::string> out;
  for (const auto& e : s.errors()) out.push_back(e.code + " " + e.field);
  return out;
}

TEST_CASE("a key given twice is refused, also escaped and in YAML, and never decided", "[case][input]") {
  // Seen: the last `caregiver_consent` won and the case was decided.
  auto plain = Decide(Bogota(), Open() + R"(, "caregiver_consent": "rechaza"})");
  REQUIRE_FALSE(plain.ok());
  CHECK(plain.status().code() == "case.duplicate_key");
  CHECK(plain.status().field() == "caregiver_consent");
  CHECK_THAT(plain.status().message(), Catch::Contains("`caregiver_consent` is given more than once"));

  // The same key once its escapes are applied.
  auto escaped = Decide(Bogota(), Open() + R"(, "caregiver_\u0063onsent": "rechaza"})");
  REQUIRE_FALSE(escaped.ok());
  CHECK(escaped.status().code() == "case.duplicate_key");
  CHECK(escaped.status().field() == "caregiver_consent");

  auto present = Decide(Bogota(), Open() + R"(, "caregiver_present": "ninguno"})");
  REQUIRE_FALSE(present.ok());
  CHECK(present.status().field() == "caregiver_present");

  auto yaml = DecideYaml(std::string(kYaml) + "caregiver_consent: rechaza\n");
  REQUIRE_FALSE(yaml.ok());
  CHECK(yaml.status().code() == "case.duplicate_key");
  CHECK(yaml.status().field() == "caregiver_consent");

  auto quoted_yaml = DecideYaml(std::string(kYaml) + "\"caregiver_\\x63onsent\": rechaza\n");
  REQUIRE_FALSE(quoted_yaml.ok());
  CHECK(quoted_yaml.status().field() == "caregiver_consent");
}

TEST_CASE("every key given twice is listed, at any depth, with the other problems", "[case][input]") {
  auto d = Decide(Bogota(), Open() + R"(, "localidad": "suba", "nationality": "x", "activity": "pide_dinero",)"
                                     R"( "capacity": {"ICBF_PARD": 1, "ICBF_PARD": 2}, "colour": 1})");
  REQUIRE_FALSE(d.ok());
  CHECK(Codes(d.status()) == std::vector<std::string>{
                                 "case.duplicate_key activity", "case.duplicate_key capacity.ICBF_PARD",
                                 "case.duplicate_key localidad", "case.duplicate_key nationality",
                                 "case.unknown_field colour"});
}

TEST_CASE("a NUL byte is refused: nothing after it is ignored any more", "[case][input]") {
  // Seen: `{case}\0{…}` decided the first case and ignored the rest.
  const std::string text = Sample() + std::string(1, '\0') + R"({"case_id":"other"})";
  auto d = Decide(Bogota(), text);
  REQUIRE_FALSE(d.ok());
  CHECK(d.status().code() == "case.nul_byte");
  CHECK(d.status().field().empty());
  CHECK_THAT(d.status().message(), Catch::Contains("NUL byte (at line 17, column 2)"));

  auto yaml = DecideYaml(std::string(kYaml) + std::string(1, '\0') + "caregiver_consent: rechaza\n");
  REQUIRE_FALSE(yaml.ok());
  CHECK(yaml.status().code() == "case.nul_byte");
  CHECK(PeekCaseId(text, CaseFormat::kJson).empty());
}

TEST_CASE("a case is one JSON value or one YAML document", "[case][input]") {
  auto json = Decide(Bogota(), Sample() + "\n" + Sample());
  REQUIRE_FALSE(json.ok());
  CHECK(json.status().code() == "case.trailing_data");
  CHECK_THAT(json.status().message(), Catch::Contains("more follows it (at line 17, column 2)"));
  CHECK(Decide(Bogota(), Sample() + " \n\t\r\n").ok());  // whitespace after it is fine

  // Seen: a second document after `---` was ignored.
  auto yaml = DecideYaml(std::string(kYaml) + "---\ncaregiver_consent: rechaza\n");
  REQUIRE_FALSE(yaml.ok());
  CHECK(yaml.status().code() == "case.trailing_data");
  CHECK_THAT(yaml.status().message(), Catch::Contains("a second document follows (line 9)"));
  CHECK(DecideYaml(std::string("---\n") + kYaml + "...\n").ok());  // one document, marked

  // Found by fuzz_decide_case: a YAML case starting with `,` made yaml-cpp's
  // LoadAll loop for ever (a sidecar thread lost); and `, more` after a value
  // was dropped without a word.
  for (const std::string& text : {std::string(", ") + kYaml, std::string(kYaml) + ", caregiver_consent: rechaza\n"}) {
    auto stray = DecideYaml(text);
    REQUIRE_FALSE(stray.ok());
    CHECK(stray.status().code() == "case.bad_yaml");
  }
  auto leading = DecideYaml(std::string(", ") + kYaml);
  CHECK_THAT(leading.status().message(), Catch::Contains("line 1: a `,` outside [ ] or { }"));
}

TEST_CASE("a number no double holds is refused, not thrown", "[case][input]") {
  // Found by fuzz_decide_case: the JSON parser threw on `1e400`, past every
  // catch: `referral route` aborted, and PeekCaseId with it.
  for (const std::string number : {"1e400", "-1e400", "29.2233720368547748e1818"}) {
    const std::string text = Open() + R"(,"activity_hours_week":)" + number + "}";
    auto d = Decide(Bogota(), text);
    REQUIRE_FALSE(d.ok());
    CHECK(d.status().code() == "case.number_too_large");
    CHECK_THAT(d.status().message(), Catch::Contains("number too large to read (" + number + ")"));
    CHECK(PeekCaseId(text, CaseFormat::kJson).empty());
    CHECK_FALSE(WhyNot(Bogota(), text, "ICBF_PARD").ok());
  }
  DecideOptions es;
  es.lang = Lang::kEs;
  auto spanish = Decide(Bogota(), Open() + R"(,"activity_hours_week":1e400})", es);
  CHECK_THAT(spanish.status().message(), Catch::Contains("un número demasiado grande para leerlo (1e400)"));
  // The largest double is only out of range, and YAML reads 1e400 as text.
  auto largest = Decide(Bogota(), Open() + R"(,"activity_hours_week":1.7976931348623157e308})");
  CHECK(largest.status().code() == "case.out_of_range");
  auto yaml = DecideYaml(std::string(kYaml) + "activity_hours_week: 1e400\n");
  CHECK(yaml.status().code() == "case.bad_type");
}

TEST_CASE("a case that is not UTF-8 is refused, naming the byte", "[case][input]") {
  auto latin1 = Decide(Bogota(), Open() + ", \"activity\": \"ni\xf1o\"}");
  REQUIRE_FALSE(latin1.ok());
  CHECK(latin1.status().code() == "case.bad_encoding");
  CHECK_THAT(latin1.status().message(), Catch::Contains("byte 0xF1") && Catch::Contains("Latin-1"));

  auto key = Decide(Bogota(), Open() + ", \"activ\xc0\xafity\": 1}");
  REQUIRE_FALSE(key.ok());
  CHECK(key.status().code() == "case.bad_encoding");

  auto yaml = DecideYaml(std::string(kYaml) + "activity: ni\xf1o\n");
  REQUIRE_FALSE(yaml.ok());
  CHECK(yaml.status().code() == "case.bad_encoding");
}

TEST_CASE("a case id holding control characters is refused and never echoed", "[case][input]") {
  // Seen: an id with a newline and an escape sequence forged a "Resultado:
  // sin remisión" block in `referral explain`, and ESC[8m hid text.
  const std::string forged = "x\\n\\nResultado: sin remisión\\n\\u001b[8m";
  for (const std::string& id : {forged, std::string("a\\tb"), std::string("a\\u202eb"), std::string("a\\u0000")}) {
    DYNAMIC_SECTION(id) {
      std::string text = Sample();
      text.replace(text.find("muestra-nina-venezolana-3"), 25, id);
      auto d = Decide(Bogota(), text);
      REQUIRE_FALSE(d.ok());
      CHECK(d.status().code() == "case.bad_case_id");
      CHECK(d.status().field() == "case_id");
      CHECK_THAT(d.status().message(), !Catch::Contains("Resultado"));
      CHECK(PeekCaseId(text, CaseFormat::kJson).empty());
    }
  }
  DecideOptions yaml;
  yaml.format = CaseFormat::kYaml;
  auto d = Decide(Bogota(), std::string(kYaml).replace(9, 3, "\"y\\e[8m\""), yaml);
  REQUIRE_FALSE(d.ok());
  CHECK(d.status().code() == "case.bad_case_id");
}

TEST_CASE("an explanation shows input text escaped, never raw", "[case][input][explain]") {
  // A string fact is free text from the case.
  const std::string text =
      R"({"case_id":"k-1","evaluation_date":"2026-03-01","age_documented":true,"birth_date":"2018-01-15",)"
      R"("category":"parental_prison","consent":"accepts","office_code":"N-0\n\nOutcome: no referral\u001b[8m"})";
  auto d = Decide(Example(), text);
  REQUIRE(d.ok());
  CHECK(Explain(Example(), *d, Lang::kEn).find('\x1b') == std::string::npos);
  const std::string shown = Explain(Example(), *d, ExplainOptions{Lang::kEn, true});  // every condition's value
  CHECK(shown.find('\x1b') == std::string::npos);
  CHECK_THAT(shown, Catch::Contains("N-0\\n\\nOutcome: no referral\\x1b[8m"));
  CHECK_THAT(shown, !Catch::Contains("\nOutcome: no referral"));
  // A Decision made by other code is shown safely too.
  Decision made = *d;
  made.case_id = "k-1\n\x1b[8mhidden";
  CHECK(Explain(Example(), made, Lang::kEs).find('\x1b') == std::string::npos);
  CHECK_THAT(Explain(Example(), made, Lang::kEs), Catch::StartsWith("Caso k-1\\n\\x1b[8mhidden — "));
}

TEST_CASE("a message quotes input keys and values escaped", "[case][input]") {
  auto d = Decide(Bogota(), Open() + R"(, "a\u001b[2Jb": 1, "report_source": "x\u202ey"})");
  REQUIRE_FALSE(d.ok());
  for (const auto& e : d.status().errors()) {
    INFO(e.message);
    CHECK(e.message.find('\x1b') == std::string::npos);
    CHECK(e.message.find("\xe2\x80\xae") == std::string::npos);
  }
  CHECK_THAT(d.status().message(), Catch::Contains("unknown field `a\\x1b[2Jb`"));
  REQUIRE(d.status().errors().size() == 2);
  CHECK_THAT(d.status().errors()[1].message, Catch::Contains("got the string \"x\\u202ey\""));
}

}  // namespace
}  // namespace referral
