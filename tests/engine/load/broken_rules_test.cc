// Bad rule files as first-class test subjects: every fixture under
// tests/fixtures/broken_rules/ is a small rule set with one deliberate defect
// (unless it is about several at once). Loading it must fail with exactly one
// error, with a stable code, at the defect's line and column, with the right
// message and did-you-mean. The table also names the text found at that place
// in the fixture, so a wrong line or column in the table itself is caught.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "referral/ruleset.h"
#include "support/paths.h"

namespace referral {
namespace {

namespace fs = std::filesystem;
using testing::ReadText;
using testing::SourcePath;

const std::string kDir = "tests/fixtures/broken_rules/";

struct BrokenRule {
  const char* fixture;  // file or folder under tests/fixtures/broken_rules/
  const char* file;     // the file the error is in, inside a folder fixture; "" = the fixture
  const char* code;
  int line;             // 0: the problem is not in one place
  int column;
  const char* at;       // the fixture's text at line:column (the defect)
  const char* message;  // a substring of the English message
  const char* suggest;  // the did-you-mean, or "" for none
};

// clang-format off
const BrokenRule kBroken[] = {
  {"01_yaml_syntax.yaml", "", "yaml.syntax", 43, 31, "]", "YAML syntax error: illegal flow end", ""},
  {"02_tab_indent.yaml", "", "yaml.tab", 48, 1, "\thit: collect", "a tab is used for indentation", ""},
  {"03_bad_indent.yaml", "", "yaml.syntax", 51, 8, "when: {age_months", "YAML syntax error: end of sequence not found", ""},
  {"04_empty.yaml", "", "file.empty", 0, 0, "", "04_empty.yaml` is empty: a rule file holds a mapping", ""},
  {"05_only_comments.yaml", "", "file.empty", 0, 0, "", "05_only_comments.yaml` is empty", ""},
  {"06_missing_ruleset.yaml", "", "ruleset.no_header", 0, 0, "", "no file defines `ruleset:`", ""},
  {"two_headers", "b_second_header.yaml", "ruleset.duplicate_header", 3, 1, "ruleset:",
   "`ruleset` is already defined in `", ""},
  {"07_unknown_top_level_key.yaml", "", "yaml.unknown_key", 27, 1, "predicate:",
   "unknown key `predicate` in rule file; expected one of: ruleset, facts, predicates, services, nodes", "predicates"},
  {"08_unknown_fact_type.yaml", "", "fact.unknown_type", 23, 23, "strng,",
   "unknown type `strng` for fact `office_code`; expected bool, int, enum, set, string or date", "string"},
  {"09_fact_without_default.yaml", "", "fact.no_default", 22, 10, "{type: set",
   "fact `risks` needs `required: true` or a `default`", ""},
  {"10_fact_required_and_default.yaml", "", "fact.required_and_default", 23, 16, "{type: string, required: true, default: null}",
   "fact `office_code` is required and has a default; choose one", ""},
  {"11_enum_without_values.yaml", "", "fact.no_values", 23, 37, "[]", "fact `nationality` needs `values`", ""},
  {"12_duplicate_enum_value.yaml", "", "fact.duplicate_value", 20, 47, "own_begging, rights_violation]",
   "value `own_begging` is listed twice in fact `category`", ""},
  {"13_bad_default.yaml", "", "fact.bad_default", 24, 84, "unknwon",
   "the default of fact `health_affiliation` must be one of the fact's values", ""},
  {"14_unknown_fact_in_condition.yaml", "", "cond.unknown_name", 51, 34, "categroy:",
   "unknown fact or predicate `categroy`", "category"},
  {"15_unknown_enum_value_in_condition.yaml", "", "cond.unknown_value", 51, 44, "own_beging}",
   "`own_beging` is not a value of `category`; allowed: own_begging, work_accompaniment, rights_violation", "own_begging"},
  {"16_number_out_of_range.yaml", "", "cond.out_of_range", 51, 28, "301..400",
   "`in 301..400` can never hold for `age_months`, whose values are 0..300", ""},
  {"17_empty_range.yaml", "", "cond.empty_range", 51, 28, "10..5", "range `10..5` on `age_months` is empty", ""},
  {"18_bad_date_in_condition.yaml", "", "cond.bad_date", 43, 50, "2026-02-30..",
   "`2026-02-30` is not a date YYYY-MM-DD (fact `evaluation_date`)", ""},
  {"19_string_fact_with_operator.yaml", "", "yaml.unknown_key", 44, 47, "\">\": N-01",
   "unknown key `>` in test on `office_code`; expected one of: not", ""},
  {"20_unknown_service.yaml", "", "rule.unknown_service", 44, 27, "ICBF_PRAD,", "unknown service `ICBF_PRAD`", "ICBF_PARD"},
  {"21_unknown_priority.yaml", "", "rule.unknown_priority", 44, 48, "urgnet}", "unknown priority `urgnet`", "urgent"},
  {"22_unknown_next_node.yaml", "", "rule.unknown_node", 46, 23, "ofer]", "unknown node `ofer`", "offer"},
  {"23_unknown_entry.yaml", "", "ruleset.unknown_entry", 6, 10, "triag", "entry node `triag` is not defined", "triage"},
  {"24_graph_cycle.yaml", "", "graph.cycle", 54, 9, "id: O2",
   "the routing graph has a cycle: triage -> offer -> triage", ""},
  {"25_self_loop.yaml", "", "graph.cycle", 54, 9, "id: O2", "the routing graph has a cycle: offer -> offer", ""},
  {"26_unreachable_node.yaml", "", "graph.unreachable", 54, 3, "orphan:",
   "node `orphan` cannot be reached from the entry node `triage`", ""},
  {"27_predicate_cycle.yaml", "", "predicate.cycle", 27, 3, "exploited:",
   "predicates use each other in a cycle: exploited -> flagged -> exploited", ""},
  {"28_duplicate_rule_id.yaml", "", "rule.duplicate_id", 50, 13, "T1", "rule id `T1` is used twice", ""},
  {"29_rule_does_nothing.yaml", "", "rule.does_nothing", 54, 9, "id: O2",
   "rule `O2` does nothing: give it `refer`, `next`, `outcome` or `warn`", ""},
  {"30_node_without_rules.yaml", "", "node.no_rules", 49, 12, "[]", "node `offer` needs a non-empty `rules` list", ""},
  {"31_bad_hit_policy.yaml", "", "node.bad_hit", 48, 10, "colect",
   "hit policy `colect` must be first, collect or unique", "collect"},
  {"32_duty_without_confirmation.yaml", "", "service.duty_without_confirmation", 32, 18, "legal_duty_art51_ley1098",
   "service `ICBF_PARD` has legal basis `legal_duty_art51_ley1098` and so needs `human_confirmation: true`", ""},
  {"33_bad_legal_basis.yaml", "", "service.bad_legal_basis", 36, 18, "parental_request",
   "legal basis `parental_request` must be `consent` or start with `legal_duty` or `public_function`", ""},
  {"34_because_quotes_sensitive_fact.yaml", "", "rule.template_sensitive_fact", 53, 18, "\"The child is",
   "because-text quotes sensitive fact `health_affiliation`", ""},
  {"35_because_quotes_unknown_fact.yaml", "", "rule.template_unknown_fact", 53, 18, "\"The child is {age_month}",
   "because-text quotes unknown fact `age_month`", "age_months"},
  {"36_reason_without_outcome.yaml", "", "rule.reason_without_outcome", 50, 9, "id: O1",
   "rule `O1` has `reason` or `follow_up` but no `outcome`", ""},
  {"37_duplicate_key.yaml", "", "yaml.duplicate_key", 41, 5, "hit: unique", "key `hit` appears twice in node `triage`", ""},
  {"38_unknown_rule_key.yaml", "", "yaml.unknown_key", 51, 9, "whne:",
   "unknown key `whne` in rule; expected one of: id, when, refer", "when"},
  {"40_unknown_fact_key.yaml", "", "yaml.unknown_key", 24, 93, "sensitve:",
   "unknown key `sensitve` in fact `health_affiliation`", "sensitive"},
  {"41_missing_fallback.yaml", "", "yaml.missing_key", 3, 3, "id: broken", "ruleset is missing `fallback`", ""},
  {"42_wrong_scalar_type.yaml", "", "yaml.type", 12, 16, "yes", "follow_up must be true | false", ""},
  {"43_bad_basis_status.yaml", "", "rule.bad_basis", 45, 25, "verifed,",
   "basis status `verifed` must be verified, partly_verified or assumption", "verified"},
  {"44_predicate_named_like_fact.yaml", "", "name.duplicate", 28, 3, "category:",
   "`category` is already defined as a fact or predicate", ""},
  {"45_bad_outcome.yaml", "", "rule.bad_outcome", 48, 18, "referred",
   "outcome `referred` is not allowed; a rule may set `no_referral`", ""},
  {"46_min_greater_than_max.yaml", "", "fact.bad_bounds", 17, 15, "{type: int, min: 300, max: 0,",
   "fact `age_months`: `min` is greater than `max`", ""},
  {"47_duplicate_referral.yaml", "", "rule.duplicate_referral", 46, 13, "{service: ICBF_PARD, priority: standard}",
   "service `ICBF_PARD` is referred twice by rule `T1`", ""},
  {"48_condition_not_mapping.yaml", "", "cond.not_mapping", 43, 15, "exploited",
   "a condition must be a non-empty mapping", ""},
  {"49_bad_effective_date.yaml", "", "ruleset.bad_date", 5, 19, "2026-13-01", "`2026-13-01` is not a date YYYY-MM-DD", ""},
  {"50_duplicate_priority.yaml", "", "ruleset.duplicate_priority", 10, 7, "{id: urgent, timeframe: 3_hours}",
   "priority `urgent` is defined twice", ""},
  {"51_overlapping_effective_dates.yaml", "", "rule.overlapping_versions", 48, 13, "T2",
   "rule `T2` in force 2026-06-01.. overlaps its version in force ..2026-06-30", ""},
  {"52_directory_gap.yaml", "", "directory.gap", 37, 15, "local",
   "service `KINDERGARTEN` is delivered locally but no office of the directory serves `south` (values of `area`)", ""},
  {"53_consent_unknown_fact.yaml", "", "ruleset.consent_unknown_fact", 14, 19, "caregiver_consnet,",
   "consent fact `caregiver_consnet` is not a fact of the rule set", "caregiver_consent"},
  {"54_consent_fact_not_enum.yaml", "", "ruleset.consent_not_enum", 14, 19, "consent_given,",
   "consent fact `consent_given` must be an enum fact (its values say whether consent was given); it is bool", ""},
  {"55_consent_unknown_value.yaml", "", "ruleset.consent_unknown_value", 14, 56, "acepts_partly]",
   "`acepts_partly` is not a value of consent fact `caregiver_consent`; allowed: accepts, accepts_partly, refuses, "
   "not_obtained", "accepts_partly"},
  {"56_second_document.yaml", "", "yaml.second_document", 55, 1, "---",
   "a second YAML document begins here; a file holds one", ""},
  {"58_fallback_changes_basis.yaml", "", "service.fallback_basis", 39, 16, "ICBF_PARD]",
   "fallback `ICBF_PARD` of service `KINDERGARTEN` has legal basis `legal_duty_art51_ley1098`", ""},
  {"57_latin1_because.yaml", "", "file.bad_encoding", 54, 29, "\xf1" "o tiene",
   "byte 0xF1 in `ni\\xf1o` is not UTF-8: the file looks like Latin-1 / Windows-1252; save it as UTF-8", ""},
};
// clang-format on

// The text of `path` from line:column (1-based) to the end of that line.
std::string TextAt(const std::string& path, int line, int column) {
  const std::string text = ReadText(path);
  size_t pos = 0;
  for (int i = 1; i < line; ++i) {
    pos = text.find('\n', pos);
    if (pos == std::string::npos) return "<no such line>";
    ++pos;
  }
  size_t end = text.find('\n', pos);
  std::string l = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
  if (column < 1 || static_cast<size_t>(column - 1) > l.size()) return "<no such column>";
  return l.substr(column - 1);
}

std::vector<Diagnostic> Errors(const std::vector<Diagnostic>& diags) {
  std::vector<Diagnostic> out;
  std::copy_if(diags.begin(), diags.end(), std::back_inserter(out),
               [](const Diagnostic& d) { return d.severity == Severity::kError; });
  return out;
}

std::string Describe(const std::vector<Diagnostic>& diags) {
  std::string out;
  for (const auto& d : diags) out += "\n  " + FormatDiagnostic(d);
  return out;
}

TEST_CASE("a broken rule file is rejected with a located, coded error", "[load]") {
  for (const BrokenRule& row : kBroken) {
    DYNAMIC_SECTION(row.fixture) {
      const std::string path = SourcePath(kDir + row.fixture);
      const std::string file = *row.file ? path + "/" + row.file : path;
      if (row.line > 0) {
        INFO("the table's line:column must point at the defect in " << file);
        REQUIRE(TextAt(file, row.line, row.column).rfind(row.at, 0) == 0);
      }

      std::vector<Diagnostic> diags;
      auto rules = LoadRuleset(path, &diags);
      REQUIRE_FALSE(rules.ok());
      CHECK(rules.status().code() == "ruleset.invalid");
      const auto errors = Errors(diags);
      INFO("diagnostics:" << Describe(diags));
      REQUIRE(errors.size() == 1);
      const Diagnostic& d = errors[0];
      CHECK(d.code == row.code);
      CHECK(d.file == file);
      CHECK(d.line == row.line);
      CHECK(d.column == row.column);
      CHECK_THAT(d.message, Catch::Contains(row.message));
      if (*row.suggest) {
        CHECK(d.help == std::string("did you mean `") + row.suggest + "`?");
      } else {
        CHECK(d.help.empty());
      }
      // The formatted line is what `referral check` prints.
      if (row.line > 0) {
        CHECK(FormatDiagnostic(d).rfind(file + ":" + std::to_string(row.line) + ":" +
                                            std::to_string(row.column) + ": error[" + row.code + "]: ",
                                        0) == 0);
      }

      // The same text loaded from memory gives the same diagnostic.
      if (!*row.file) {
        std::vector<Diagnostic> mem;
        auto from_string = LoadRulesetFromString(ReadText(path), row.fixture, &mem);
        REQUIRE_FALSE(from_string.ok());
        const auto mem_errors = Errors(mem);
        REQUIRE(mem_errors.size() == 1);
        CHECK(mem_errors[0].code == row.code);
        CHECK(mem_errors[0].file == row.fixture);
        CHECK(mem_errors[0].line == row.line);
        CHECK(mem_errors[0].column == row.column);
        CHECK(mem_errors[0].help == d.help);
      }
    }
  }
}

TEST_CASE("every broken-rule fixture is in the table", "[load]") {
  std::set<std::string> listed;
  for (const BrokenRule& row : kBroken) listed.insert(row.fixture);
  listed.insert("39_several_problems.yaml");  // its own test below
  size_t found = 0;
  for (const auto& entry : fs::directory_iterator(SourcePath(kDir))) {
    const std::string name = entry.path().filename().string();
    INFO(name);
    CHECK(listed.count(name) == 1);
    ++found;
  }
  CHECK(found == listed.size());
  CHECK(found >= 30);
}

TEST_CASE("every problem of a file is reported in one run, sorted by line", "[load]") {
  struct Expected {
    const char* code;
    int line;
    int column;
    const char* at;
    const char* suggest;
  };
  // The loader finds these in another order (header, facts, services, header
  // links such as `entry`, nodes); they are reported in the file's order.
  const Expected expected[] = {
      {"ruleset.bad_language", 6, 13, "fr", ""},
      {"ruleset.unknown_entry", 7, 10, "triag", "triage"},
      {"fact.unknown_type", 24, 23, "strng", "string"},
      {"service.bad_legal_basis", 37, 18, "parental_request", ""},
      {"rule.unknown_priority", 45, 48, "urgnet", "urgent"},
      {"node.bad_hit", 49, 10, "colect", "collect"},
      {"yaml.unknown_key", 52, 9, "whne:", "when"},
  };
  const std::string path = SourcePath(kDir + "39_several_problems.yaml");
  std::vector<Diagnostic> diags;
  auto rules = LoadRuleset(path, &diags);
  REQUIRE_FALSE(rules.ok());
  INFO("diagnostics:" << Describe(diags));
  REQUIRE(diags.size() == std::size(expected));
  for (size_t i = 0; i < diags.size(); ++i) {
    INFO("diagnostic " << i);
    REQUIRE(TextAt(path, expected[i].line, expected[i].column).rfind(expected[i].at, 0) == 0);
    CHECK(diags[i].severity == Severity::kError);
    CHECK(diags[i].code == expected[i].code);
    CHECK(diags[i].line == expected[i].line);
    CHECK(diags[i].column == expected[i].column);
    CHECK(diags[i].help ==
          (*expected[i].suggest ? std::string("did you mean `") + expected[i].suggest + "`?" : std::string()));
  }
  for (size_t i = 1; i < diags.size(); ++i) {
    CHECK(std::make_pair(diags[i - 1].line, diags[i - 1].column) < std::make_pair(diags[i].line, diags[i].column));
  }
}

TEST_CASE("a folder with no rule file is rejected", "[load]") {
  // Created here, not kept in git (git does not keep empty folders).
  const fs::path dir = fs::temp_directory_path() / ("referral_empty_folder_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto check = [&] {
    std::vector<Diagnostic> diags;
    auto rules = LoadRuleset(dir, &diags);
    REQUIRE_FALSE(rules.ok());
    CHECK(rules.status().code() == "ruleset.io");
    INFO("diagnostics:" << Describe(diags));
    REQUIRE(diags.size() == 1);
    CHECK(diags[0].code == "file.empty_folder");
    CHECK(diags[0].file == dir.string());
    CHECK(diags[0].line == 0);
    CHECK(diags[0].message == "`" + dir.string() + "` holds no rule file (*.yaml)");
  };
  SECTION("an empty folder") { check(); }
  SECTION("a folder with only test files and other files") {
    fs::create_directories(dir / "tests");
    std::ofstream(dir / "tests" / "cases.yaml") << "tests: []\n";
    std::ofstream(dir / "more.test.yaml") << "tests: []\n";
    std::ofstream(dir / "README.md") << "not a rule file\n";
    check();
  }
  fs::remove_all(dir);
}

TEST_CASE("a path that does not exist is rejected", "[load]") {
  const std::string path = SourcePath(kDir + "no_such_file.yaml");
  std::vector<Diagnostic> diags;
  auto rules = LoadRuleset(path, &diags, LoadOptions{Lang::kEs});
  REQUIRE_FALSE(rules.ok());
  CHECK(rules.status().code() == "ruleset.io");
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].code == "file.not_found");
  CHECK(diags[0].message == "`" + path + "` no existe");
}

TEST_CASE("diagnostics are in Spanish when asked", "[load]") {
  struct Spanish {
    const char* fixture;
    const char* code;
    const char* message;
    const char* help;
  };
  const Spanish rows[] = {
      {"02_tab_indent.yaml", "yaml.tab", "se usa un tabulador para sangrar; la sangría en YAML debe usar espacios", ""},
      {"04_empty.yaml", "file.empty", "está vacío: un archivo de reglas contiene un mapa", ""},
      {"14_unknown_fact_in_condition.yaml", "cond.unknown_name", "hecho o predicado desconocido `categroy`",
       "¿quiso decir `category`?"},
      {"15_unknown_enum_value_in_condition.yaml", "cond.unknown_value",
       "`own_beging` no es un valor de `category`; permitidos: own_begging", "¿quiso decir `own_begging`?"},
      {"20_unknown_service.yaml", "rule.unknown_service", "servicio desconocido `ICBF_PRAD`", "¿quiso decir `ICBF_PARD`?"},
      {"24_graph_cycle.yaml", "graph.cycle", "el grafo de rutas tiene un ciclo: triage -> offer -> triage", ""},
      {"32_duty_without_confirmation.yaml", "service.duty_without_confirmation",
       "el servicio `ICBF_PARD` tiene base legal `legal_duty_art51_ley1098` y por eso necesita", ""},
      {"38_unknown_rule_key.yaml", "yaml.unknown_key", "clave desconocida `whne` en una regla; se esperaba una de estas claves: `id, when,",
       "¿quiso decir `when`?"},
      {"57_latin1_because.yaml", "file.bad_encoding",
       "el byte 0xF1 en `ni\\xf1o` no es UTF-8: el archivo parece estar en Latin-1 / Windows-1252; guárdelo como UTF-8",
       ""},
  };
  for (const Spanish& row : rows) {
    DYNAMIC_SECTION(row.fixture) {
      std::vector<Diagnostic> en, es;
      auto a = LoadRuleset(SourcePath(kDir + row.fixture), &en);
      auto b = LoadRuleset(SourcePath(kDir + row.fixture), &es, LoadOptions{Lang::kEs});
      REQUIRE_FALSE(b.ok());
      REQUIRE(es.size() == 1);
      REQUIRE(en.size() == 1);
      CHECK(es[0].code == row.code);
      CHECK_THAT(es[0].message, Catch::Contains(row.message));
      CHECK(es[0].help == row.help);
      // Only the language changes: same code and place.
      CHECK(es[0].code == en[0].code);
      CHECK(es[0].line == en[0].line);
      CHECK(es[0].column == en[0].column);
      CHECK(es[0].message != en[0].message);
    }
  }
}

}  // namespace
}  // namespace referral

namespace referral {

TEST_CASE("a fact whose definition is refused gives one error, not one per rule that uses it", "[load]") {
  // Seen: `type: lista` was followed by an unknown-name error at every condition on the fact.
  std::string yaml = ReadText(SourcePath("rules/example/ruleset.yaml"));
  const std::string good = "consent: {type: enum,";
  REQUIRE(yaml.find(good) != std::string::npos);
  yaml.replace(yaml.find(good), good.size(), "consent: {type: lista,");
  const std::string dir = (std::filesystem::temp_directory_path() / "referral-knock-on").string();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (const char* f : {"nodes.yaml", "services.yaml"}) {
    std::filesystem::copy_file(SourcePath(std::string("rules/example/") + f), dir + "/" + f);
  }
  std::ofstream(dir + "/ruleset.yaml") << yaml;
  std::vector<Diagnostic> diags;
  CHECK_FALSE(LoadRuleset(dir, &diags).ok());
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].code == "fact.unknown_type");
  // A name that was never defined is still reported at each use.
  yaml.replace(yaml.find("consent: {type: lista,"), 22, "consentimiento: {type: enum,");
  std::ofstream(dir + "/ruleset.yaml") << yaml;
  diags.clear();
  CHECK_FALSE(LoadRuleset(dir, &diags).ok());
  CHECK(std::count_if(diags.begin(), diags.end(), [](const Diagnostic& d) { return d.code == "cond.unknown_name"; }) >= 4);
}

}  // namespace referral
