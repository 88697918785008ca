// What docs/rules.md answers about the rule language, each answer held by a
// test: a node where no rule holds, `outcome` with `next`, the header's
// `effective_date`, what makes `evaluation_date` special, which service keys
// are required, what `basis.sources` holds, which characters ids and values
// may use; and that the page's lists of keys and hit policies are the
// loader's, whole.
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>
#include <yaml-cpp/yaml.h>

#include "referral/analysis.h"
#include "referral/book.h"
#include "referral/engine.h"
#include "referral/ruleset.h"
#include "support/paths.h"

namespace referral {
namespace {

// A small rule set: a `unique` node over consent (one value left out), a
// rule with both `outcome` and `next`, and a header effective date.
const char* kTiny = R"(ruleset:
  id: tiny
  version: "1"
  effective_date: 2026-06-01
  language: en
  entry: start
  priorities: [{id: standard}]
  fallback: {reason: no_route, follow_up: true}
facts:
  evaluation_date: {type: date, required: true}
  consent: {type: enum, values: [accepts, refuses, unknown], default: unknown}
  out_of_school: {type: bool, default: false}
services:
  OFFER: {name: Offer, legal_basis: consent}
  SCHOOL: {name: School enrolment, legal_basis: consent}
nodes:
  start:
    hit: unique
    rules:
      - {id: U1, when: {consent: accepts}, refer: [{service: OFFER, priority: standard}],
         basis: {status: verified, sources: [S36, "Ley 1098 art. 51"]}}
      - {id: U2, when: {consent: refuses}, outcome: no_referral, reason: refuses, next: [gaps]}
  gaps:
    hit: collect
    rules:
      - {id: G1, when: {out_of_school: true}, refer: [{service: SCHOOL, priority: standard}]}
)";

std::string With(std::string text, const std::string& after, const std::string& insert) {
  const auto at = text.find(after);
  REQUIRE(at != std::string::npos);
  return text.insert(at + after.size(), insert);
}

StatusOr<Ruleset> Load(const std::string& text, std::vector<Diagnostic>* diags = nullptr, Lang lang = Lang::kEn) {
  LoadOptions options;
  options.lang = lang;
  std::vector<Diagnostic> ignored;
  return LoadRulesetFromString(text, "tiny.yaml", diags ? diags : &ignored, options);
}

Ruleset Tiny() {
  auto rules = Load(kTiny);
  REQUIRE(rules.ok());
  return std::move(rules).value();
}

Decision DecideOk(const Ruleset& rules, const std::string& facts, const std::string& now = "") {
  DecideOptions options;
  options.now = now;
  auto d = Decide(rules, R"({"case_id":"t",)" + facts + "}", options);
  INFO(facts);
  REQUIRE(d.ok());
  return std::move(d).value();
}

// The one diagnostic of `code`, which must be there.
Diagnostic Only(const std::vector<Diagnostic>& diags, const std::string& code) {
  std::vector<Diagnostic> found;
  for (const auto& d : diags) {
    if (d.code == code) found.push_back(d);
  }
  for (const auto& d : diags) UNSCOPED_INFO(FormatDiagnostic(d));
  REQUIRE(found.size() == 1);
  return found[0];
}

// The one error of `code` that refuses `text`.
Diagnostic Refused(const std::string& text, const std::string& code, Lang lang = Lang::kEn) {
  std::vector<Diagnostic> diags;
  CHECK_FALSE(Load(text, &diags, lang).ok());
  return Only(diags, code);
}

// The keys the loader accepts where `bogus: 1` was put, from its
// `yaml.unknown_key` message ("...; expected one of: a, b, c").
std::set<std::string> AcceptedKeys(const std::string& text) {
  std::vector<Diagnostic> diags;
  CHECK_FALSE(Load(text, &diags).ok());
  const std::string message = Only(diags, "yaml.unknown_key").message;
  const std::string marker = "expected one of: ";
  std::set<std::string> keys;
  std::stringstream list(message.substr(message.find(marker) + marker.size()));
  for (std::string key; std::getline(list, key, ',');) keys.insert(key.substr(key.find_first_not_of(' ')));
  return keys;
}

// docs/rules.md from `heading` to the next heading of its level.
std::string Section(const std::string& heading) {
  const std::string page = testing::ReadText(testing::SourcePath("docs/rules.md"));
  const auto start = page.find("\n" + heading + "\n");
  REQUIRE(start != std::string::npos);
  const auto end = page.find("\n## ", start + heading.size() + 2);
  return page.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// The keys named in the first column of the markdown table that follows
// `intro` in `section` (`| \`a\`, \`b\` | ...` names a and b).
std::set<std::string> TableKeys(const std::string& section, const std::string& intro) {
  auto at = section.find(intro);
  REQUIRE(at != std::string::npos);
  std::set<std::string> keys;
  std::istringstream lines(section.substr(section.find("\n|", at)));
  std::string line;
  std::getline(lines, line);  // the first row is the header
  while (std::getline(lines, line) && !line.empty() && line[0] == '|') {
    const std::string first = line.substr(1, line.find('|', 1) - 1);
    static const std::regex kCode("`([a-z_]+)`");
    for (std::sregex_iterator it(first.begin(), first.end(), kCode), end; it != end; ++it) keys.insert((*it)[1]);
  }
  return keys;
}

}  // namespace

TEST_CASE("a node where no rule holds adds nothing: routing goes on, else the fallback, and analyze shows the gap",
          "[docs][load][eval]") {
  const Ruleset rules = Tiny();
  // `unique` fails only when two rules hold; none holding is no error.
  auto d = DecideOk(rules, R"("evaluation_date":"2026-03-01","consent":"unknown")");
  CHECK(d.path == std::vector<std::string>{"start"});
  CHECK(d.fired_rules.empty());
  CHECK(d.outcome == Outcome::kNoReferral);
  CHECK(d.reason == "no_route");
  CHECK(d.follow_up);
  // `referral analyze` finds those cases before a child does.
  bool gap = false;
  for (const auto& f : Analyze(rules).findings) {
    if (f.code == "analyze.gap") gap = gap || f.example_case.find(R"("consent":"unknown")") != std::string::npos;
  }
  CHECK(gap);
}

TEST_CASE("a rule may give an outcome and go on: the outcome stands only if nothing after it refers",
          "[docs][load][eval]") {
  const Ruleset rules = Tiny();
  auto alone = DecideOk(rules, R"("evaluation_date":"2026-03-01","consent":"refuses")");
  CHECK(alone.path == std::vector<std::string>{"start", "gaps"});
  CHECK(alone.outcome == Outcome::kNoReferral);
  CHECK(alone.reason == "refuses");
  auto referred = DecideOk(rules, R"("evaluation_date":"2026-03-01","consent":"refuses","out_of_school":true)");
  CHECK(referred.outcome == Outcome::kReferred);
  REQUIRE(referred.referrals.size() == 1);
  CHECK(referred.referrals[0].service == "SCHOOL");
}

TEST_CASE("the header's effective_date is shown, never used to decide, and must be a date", "[docs][load]") {
  const Ruleset rules = Tiny();
  CHECK(rules.effective_date() == "2026-06-01");
  // A case evaluated before it is routed by these rules all the same.
  auto before = DecideOk(rules, R"("evaluation_date":"2026-01-15","consent":"accepts")", "2026-01-15T10:00:00Z");
  CHECK(before.outcome == Outcome::kReferred);
  CHECK(RenderBook(rules, BookFormat::kMarkdown, Lang::kEn).find("2026-06-01") != std::string::npos);
  std::string bad = kTiny;
  bad.replace(bad.find("2026-06-01"), 10, "2026-13-01");
  CHECK(Refused(bad, "ruleset.bad_date").line == 4);
}

TEST_CASE("evaluation_date is special: never in the future, and the default date of effective dates",
          "[docs][load][case]") {
  // A rule set whose date fact is another: both are evaluation dates, and a
  // date fact of any other name may be in the future.
  std::string text = With(kTiny, "  language: en\n", "  date_fact: visit_date\n");
  text = With(text, "  out_of_school: {type: bool, default: false}\n",
              "  visit_date: {type: date, required: true}\n  next_appointment: {type: date, default: null}\n");
  auto loaded = Load(text);
  REQUIRE(loaded.ok());
  const Ruleset& rules = *loaded;
  const std::string now = "2026-03-01T10:00:00Z";
  auto facts = [](const char* evaluation, const char* visit, const char* appointment) {
    return std::string(R"("evaluation_date":")") + evaluation + R"(","visit_date":")" + visit +
           R"(","next_appointment":")" + appointment + R"(")";
  };
  DecideOptions options;
  options.now = now;
  auto future_evaluation = Decide(rules, "{\"case_id\":\"t\"," + facts("2062-03-01", "2026-03-01", "2026-04-01") + "}", options);
  REQUIRE_FALSE(future_evaluation.ok());
  CHECK(future_evaluation.status().code() == "case.future_evaluation_date");
  CHECK(future_evaluation.status().field() == "evaluation_date");
  auto future_visit = Decide(rules, "{\"case_id\":\"t\"," + facts("2026-03-01", "2062-03-01", "2026-04-01") + "}", options);
  REQUIRE_FALSE(future_visit.ok());
  CHECK(future_visit.status().field() == "visit_date");
  DecideOk(rules, facts("2026-03-01", "2026-03-01", "2026-04-01"), now);  // an appointment may be ahead
  // Seen: a `date_fact` was read only when some rule was dated, so neither
  // check held in a rule set without effective dates.
  Refused(With(kTiny, "  language: en\n", "  date_fact: visit_day\n"), "ruleset.no_date_fact");

  // Without `date_fact`, effective dates are tested on `evaluation_date`...
  std::string dated = With(kTiny, "  SCHOOL: {name: School enrolment, legal_basis: consent",
                           ", effective_from: 2026-07-01");
  auto with_dates = Load(dated);
  REQUIRE(with_dates.ok());
  const std::string out = R"("consent":"refuses","out_of_school":true)";
  CHECK(DecideOk(*with_dates, R"("evaluation_date":"2026-07-01",)" + out).outcome == Outcome::kReferred);
  CHECK(DecideOk(*with_dates, R"("evaluation_date":"2026-06-30",)" + out).outcome == Outcome::kNoReferral);
  // ...and a rule set with neither cannot date anything.
  std::string undated = dated;
  undated.replace(undated.find("evaluation_date: {"), 15, "seen_on");
  Refused(undated, "ruleset.no_date_fact");
}

TEST_CASE("a service needs a name and a legal basis, and every other key is optional", "[docs][load]") {
  CHECK(Load(kTiny).ok());  // OFFER and SCHOOL give only these two
  for (const char* key : {"name: Offer, ", "legal_basis: consent"}) {
    std::string text = kTiny;
    text.erase(text.find(key), std::string(key).size());
    CHECK(Refused(text, "yaml.missing_key").message.find(std::string(key).substr(0, 4)) != std::string::npos);
  }
  // A basis other than consent needs human confirmation (policy §10).
  std::string duty = kTiny;
  duty.replace(duty.find("Offer, legal_basis: consent"), 27, "Offer, legal_basis: legal_duty_art51");
  Refused(duty, "service.duty_without_confirmation");
}

TEST_CASE("basis.sources are free ids of the policy's sources, shown as written", "[docs][load][book]") {
  const std::string book = RenderBook(Tiny(), BookFormat::kMarkdown, Lang::kEn);
  CHECK(book.find("S36, Ley 1098 art. 51") != std::string::npos);
  std::string text = kTiny;
  text.replace(text.find("[S36, \"Ley 1098 art. 51\"]"), 25, "S36");
  CHECK(Refused(text, "yaml.type").message.find("sources") != std::string::npos);
}

TEST_CASE("ids and values are ASCII codes: accents and ñ are refused in words, with the ASCII spelling",
          "[docs][load][lang]") {
  struct Row {
    std::string after, insert, code, help;
  };
  const Row rows[] = {
      {"  out_of_school: {type: bool, default: false}\n", "  niño_solo: {type: bool, default: false}\n",
       "fact.bad_name", "did you mean `nino_solo`?"},
      {"services:\n", "  NIÑEZ_SDIS: {name: Niñez, legal_basis: consent}\n", "service.bad_id",
       "did you mean `NINEZ_SDIS`?"},
      {"nodes:\n", "  atención:\n    rules: [{id: A1, warn: [x]}]\n", "node.bad_id", "did you mean `atencion`?"},
      {"      - {id: G1", ".niño", "rule.bad_id", "did you mean `G1.nino`?"},
      {"values: [accepts, refuses, unknown", ", sí", "fact.bad_value", "did you mean `si`?"},
      {"values: [accepts, refuses, unknown", ", no sabe", "fact.bad_value", "did you mean `no_sabe`?"},
      {"values: [accepts, refuses, unknown", ", ''", "fact.bad_value", ""},
      {"values: [accepts, refuses, unknown", ", 'a:b'", "fact.bad_value", ""},
  };
  for (const auto& row : rows) {
    DYNAMIC_SECTION(row.insert) {
      const Diagnostic d = Refused(With(kTiny, row.after, row.insert), row.code);
      CHECK(d.help == row.help);
      CHECK(d.message.find("no accents, no ñ") != std::string::npos);
    }
  }
  // In Spanish too, the message says why.
  const Diagnostic d =
      Refused(With(kTiny, "  out_of_school: {type: bool, default: false}\n", "  niño: {type: bool}\n"), "fact.bad_name",
              Lang::kEs);
  CHECK(d.message.find("sin tildes ni ñ") != std::string::npos);
  CHECK(d.message.find("las tildes van en su `label`") != std::string::npos);
  CHECK(d.help == "¿quiso decir `nino`?");
  // Codes with `-`, `.` and upper case stay as they were.
  CHECK(Load(With(kTiny, "values: [accepts, refuses, unknown", ", N-01, v1.2, Otro")).ok());
}

TEST_CASE("docs/rules.md lists every header, service and rule key the loader accepts, and no other",
          "[docs][load]") {
  // The header: the keys of the page's example.
  const std::string header = Section("## Header: `ruleset`");
  const auto block = header.find("```yaml\n");
  REQUIRE(block != std::string::npos);
  const std::string example = header.substr(block + 8, header.find("```", block + 8) - block - 8);
  std::set<std::string> documented;
  for (const auto& entry : YAML::Load(example)["ruleset"]) documented.insert(entry.first.as<std::string>());
  CHECK(documented == AcceptedKeys(With(kTiny, "  version: \"1\"\n", "  bogus: 1\n")));

  // The services: the table, whose "required" column names exactly these two.
  const std::string services = Section("## Services");
  CHECK(TableKeys(services, "| key | required |") ==
        AcceptedKeys(With(kTiny, "OFFER: {name: Offer, legal_basis: consent", ", bogus: 1")));
  std::set<std::string> required;
  std::istringstream rows(services.substr(services.find("| key | required |")));
  for (std::string line; std::getline(rows, line) && !line.empty() && line[0] == '|';) {
    if (line.find("| yes |") != std::string::npos) required.insert(line.substr(3, line.find('`', 3) - 3));
  }
  CHECK(required == std::set<std::string>{"name", "legal_basis"});

  // The rules: the "Rule keys" table.
  CHECK(TableKeys(Section("## Nodes and rules"), "Rule keys:") ==
        AcceptedKeys(With(kTiny, "      - {id: G1", ", bogus: 1")));
}

TEST_CASE("docs/rules.md's hit policies are the loader's, and its scope example admits presumed minors",
          "[docs][load]") {
  const std::string nodes = Section("## Nodes and rules");
  std::set<std::string> documented;
  std::istringstream lines(nodes.substr(nodes.find("Hit policies:")));
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line) && line.rfind("- `", 0) == 0) documented.insert(line.substr(3, line.find('`', 3) - 3));
  CHECK(documented == std::set<std::string>{"first", "collect", "unique"});
  for (const auto& hit : documented) {
    std::string text = kTiny;
    text.replace(text.find("hit: unique"), 11, "hit: " + hit);
    CHECK(Load(text).ok());
  }
  std::string text = kTiny;
  text.replace(text.find("hit: unique"), 11, "hit: priority");
  CHECK(Refused(text, "node.bad_hit").message == "hit policy `priority` must be first, collect or unique");

  // The header's example scope is the form the presumed-minor advice gives
  // (not known to be an adult), not one that needs a known age.
  const std::string header = Section("## Header: `ruleset`");
  CHECK(header.find("when: {not: {age_months: 216..}}") != std::string::npos);
  CHECK(header.find("..215}") == std::string::npos);
}

}  // namespace referral
