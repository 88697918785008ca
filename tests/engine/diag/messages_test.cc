// The message catalogue (engine/diag/messages.cc) in both languages: every
// message has a Spanish and an English text with the same placeholders, and
// the Spanish diagnostics a policy officer gets for every broken rule file
// hold no English words, codes and quoted text aside.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "diag/diag_sink.h"
#include "referral/analysis.h"
#include "referral/ruleset.h"
#include "support/paths.h"

namespace referral::internal {
namespace {

std::set<std::string> Placeholders(std::string_view pattern) {
  std::set<std::string> out;
  for (size_t i = 0; i + 2 < pattern.size(); ++i) {
    if (pattern[i] == '{' && pattern[i + 2] == '}' && pattern[i + 1] >= '0' && pattern[i + 1] <= '9') {
      out.insert(std::string(pattern.substr(i, 3)));
    }
  }
  return out;
}

// The words a reader sees: quoted text (`…`), a code in brackets at the end
// ("(help.did_you_mean)") and file paths taken out.
std::string Prose(std::string text) {
  text = std::regex_replace(text, std::regex("`[^`]*`"), " ");
  // A quotation of the (English) policy in single quotes: 'Duties and the social offer'.
  text = std::regex_replace(text, std::regex("'[^']*'"), " ");
  text = std::regex_replace(text, std::regex("\\([a-z_]+\\.[a-z_]+\\)"), " ");
  text = std::regex_replace(text, std::regex("[^ ]*/[^ ]*"), " ");
  return text;
}

}  // namespace

TEST_CASE("every message of the catalogue has Spanish and English with the same placeholders", "[diag][lang]") {
  const auto codes = MessageCodes();
  REQUIRE(codes.size() > 150);
  for (std::string_view code : codes) {
    INFO(code);
    const std::string_view es = MessagePattern(code, Lang::kEs), en = MessagePattern(code, Lang::kEn);
    CHECK_FALSE(es.empty());
    CHECK_FALSE(en.empty());
    if (code != "words.no") CHECK(es != en);  // "no" is both
    CHECK(Placeholders(es) == Placeholders(en));
  }
}

// English words that a Spanish message must not hold outside quotes.
const std::regex kEnglish(
    "\\b(the|must|is|are|of|and|or|with|without|expected|allowed|value|values|rule|rules|fact|facts|node|"
    "service|list|integer|string|file|found|end|missing|unknown|should|cannot|not|one|because|test|never|no longer|"
    "reaches|fire|cases)\\b");

TEST_CASE("Spanish analysis findings hold no English words", "[diag][lang]") {
  // Seen: `referral analyze --lang es` printed every finding in English.
  int findings = 0;
  std::vector<std::filesystem::path> sets = {testing::SourcePath("rules/bogota"), testing::SourcePath("rules/maicao")};
  for (const auto& entry : std::filesystem::directory_iterator(testing::SourcePath("tests/fixtures/analyze"))) {
    sets.push_back(entry.path());
  }
  for (const auto& path : sets) {
    auto rules = LoadRuleset(path, nullptr);
    if (!rules.ok()) continue;
    AnalyzeOptions options;
    options.max_regions = 20000;
    const AnalysisReport report = Analyze(*rules, options, Lang::kEs);
    for (const Finding& f : report.findings) {
      INFO(path.filename().string() << ": " << f.code << ": " << f.message);
      std::smatch m;
      const std::string prose = Prose(f.message);
      CHECK_FALSE(std::regex_search(prose, m, kEnglish));
      ++findings;
    }
    if (!report.complete) {
      INFO(report.incomplete_reason);
      const std::string prose = Prose(report.incomplete_reason);
      std::smatch m;
      CHECK_FALSE(std::regex_search(prose, m, kEnglish));
    }
  }
  CHECK(findings > 20);
}

TEST_CASE("Spanish diagnostics of every broken rule file hold no English words", "[diag][lang]") {
  // Seen: "clave desconocida en rule", "debe ser integer", "debe ser one of the fact's values".
  int messages = 0;
  for (const auto& entry : std::filesystem::directory_iterator(testing::SourcePath("tests/fixtures/broken_rules"))) {
    std::vector<Diagnostic> diags;
    LoadOptions options;
    options.lang = Lang::kEs;
    (void)LoadRuleset(entry.path(), &diags, options);
    for (const Diagnostic& d : diags) {
      INFO(entry.path().filename().string() << ": " << d.code << ": " << d.message);
      std::smatch m;
      const std::string prose = Prose(d.message);
      CHECK_FALSE(std::regex_search(prose, m, kEnglish));
      if (!d.help.empty()) {
        INFO("help: " << d.help);
        const std::string help = Prose(d.help);
        CHECK_FALSE(std::regex_search(help, m, kEnglish));
      }
      ++messages;
    }
  }
  CHECK(messages > 60);
}

}  // namespace referral::internal

namespace referral::internal {

// Every Spanish text of the catalogue (diagnostics, findings, case errors,
// what test, diff and verify print), with its placeholders taken out: no
// English word outside quotes. Seen: `test`, `diff` and `verify` spoke only
// English, whatever --lang said.
TEST_CASE("no Spanish text of the catalogue holds an English word outside quotes", "[diag][lang]") {
  const std::regex placeholder("\\{[0-9]\\}");
  int checked = 0;
  for (std::string_view code : MessageCodes()) {
    const std::string es(MessagePattern(code, Lang::kEs));
    INFO(code << ": " << es);
    std::smatch m;
    const std::string prose = Prose(std::regex_replace(es, placeholder, " "));
    CHECK_FALSE(std::regex_search(prose, m, kEnglish));
    ++checked;
  }
  CHECK(checked > 200);
}

}  // namespace referral::internal

#include "referral/book.h"
#include "referral/engine.h"
#include "referral/explain.h"
#include "referral/testing.h"

namespace referral::internal {

// What a Bogotá case worker and a committee read, as they read it: the
// Spanish explanation (with its technical detail) of every test case of
// rules/bogota and rules/maicao, and the Spanish rule book. Words written in
// code outside the catalogue are caught here.
TEST_CASE("Spanish explanations and the Spanish rule book hold no English words", "[diag][lang][explain][book]") {
  for (const char* set : {"rules/bogota", "rules/maicao"}) {
    auto rules = LoadRuleset(testing::SourcePath(set), nullptr);
    REQUIRE(rules.ok());
    std::smatch m;
    std::istringstream book(RenderBook(*rules, BookFormat::kMarkdown, Lang::kEs));
    for (std::string line; std::getline(book, line);) {
      const std::string prose = Prose(line);
      if (std::regex_search(prose, m, kEnglish)) FAIL_CHECK(set << " book: `" << m.str() << "` in: " << line);
    }
    int explained = 0;
    for (const auto& t : LoadTests(FindTestFiles(testing::SourcePath(set)), nullptr)) {
      DecideOptions options;
      options.now = "2026-03-02T00:00:00Z";
      auto d = Decide(*rules, t.case_json, options);
      if (!d.ok()) continue;
      ExplainOptions explain;
      explain.lang = Lang::kEs;
      explain.detail = true;
      const std::string text = Explain(*rules, *d, explain);
      std::istringstream lines(text);
      for (std::string line; std::getline(lines, line);) {
        const std::string prose = Prose(line);
        if (std::regex_search(prose, m, kEnglish)) {
          FAIL_CHECK(set << ": " << t.name << ": `" << m.str() << "` in: " << line);
          break;
        }
      }
      ++explained;
    }
    CHECK(explained > 10);
  }
}

}  // namespace referral::internal

#include <filesystem>

#include "referral/record.h"
#include "referral/report.h"

namespace referral::internal {

// The same for what a case worker asks (why not this service?) and what the
// programme publishes (the report), in Spanish, from rules/bogota.
TEST_CASE("Spanish why-not answers and the Spanish report hold no English words", "[diag][lang][explain][report]") {
  auto rules = LoadRuleset(testing::SourcePath("rules/bogota"), nullptr);
  REQUIRE(rules.ok());
  std::smatch m;
  auto check_lines = [&](const std::string& what, const std::string& text) {
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      const std::string prose = Prose(line);
      if (std::regex_search(prose, m, kEnglish)) FAIL_CHECK(what << ": `" << m.str() << "` in: " << line);
    }
  };
  const auto tests = LoadTests(FindTestFiles(testing::SourcePath("rules/bogota")), nullptr);
  const std::filesystem::path records = std::filesystem::temp_directory_path() / "referral-lang-report.jsonl";
  std::filesystem::remove(records);
  auto log = RecordLog::Open(records);
  REQUIRE(log.ok());
  int asked = 0;
  for (const auto& t : tests) {
    auto d = Decide(*rules, t.case_json);
    if (!d.ok()) continue;
    REQUIRE((*log)->AppendDecision(*rules, *d, t.case_json, CaseFormat::kJson, "2026-03-01T10:00:00Z", nullptr).ok());
    if (asked >= 6) continue;
    for (const char* service : {"ICBF_PARD", "SED_MATRICULA"}) {
      auto answer = WhyNot(*rules, t.case_json, service);
      if (!answer.ok()) continue;
      check_lines(t.name + " why not " + service, RenderWhyNot(*answer, Lang::kEs));
      ++asked;
    }
  }
  CHECK(asked >= 6);
  log->reset();  // closes the record file
  ReportOptions options;
  options.threshold = 3;
  auto report = BuildReport(records, options);
  INFO((report.ok() ? std::string() : report.status().code() + ": " + report.status().message()));
  REQUIRE(report.ok());
  check_lines("report", RenderReport(*report, ReportFormat::kMarkdown, Lang::kEs, *rules));
  std::filesystem::remove(records);
}

}  // namespace referral::internal
