// The rule book (engine/book/book.cc): the whole rule set as a document in
// words, the same in Markdown and HTML, in both languages.
#include <catch2/catch.hpp>

#include <string>

#include "model/model.h"
#include "referral/book.h"
#include "support/rulesets.h"

namespace referral {
namespace {

TEST_CASE("the book of rules/bogota has every stage in routing order, every rule and every service", "[book]") {
  const Ruleset& rules = testing::BogotaRules();
  const internal::Model& m = internal::ModelOf(rules);
  for (Lang lang : {Lang::kEs, Lang::kEn}) {
    for (BookFormat format : {BookFormat::kMarkdown, BookFormat::kHtml}) {
      const std::string book = RenderBook(rules, format, lang);
      INFO((lang == Lang::kEs ? "es " : "en ") << (format == BookFormat::kHtml ? "html" : "md"));
      CHECK_THAT(book, Catch::Contains(m.digest));
      size_t at = 0;
      int stage = 0;
      for (int n : m.node_order) {  // stages in routing order, rules in their order
        const std::string heading = std::string(lang == Lang::kEs ? "Etapa " : "Stage ") + std::to_string(++stage) +
                                    ": " + m.nodes[n].id;
        at = book.find(heading, at);
        REQUIRE(at != std::string::npos);
        for (int r : m.nodes[n].rules) {
          at = book.find((lang == Lang::kEs ? "Regla " : "Rule ") + m.rules[r].id, at);
          INFO(m.rules[r].id);
          REQUIRE(at != std::string::npos);
        }
      }
      for (const internal::Service& s : m.services) {
        std::string name = s.name.Get(lang);
        if (format == BookFormat::kHtml) {
          for (size_t q; (q = name.find('\'')) != std::string::npos;) name.replace(q, 1, "&#39;");
        }
        CHECK_THAT(book, Catch::Contains(name + " (" + s.id + ")"));
      }
      CHECK(book.find("{age_months") == std::string::npos);  // templates name their facts
    }
  }
}

TEST_CASE("the book writes conditions, bases and deadlines in words", "[book]") {
  const Ruleset& rules = testing::BogotaRules();
  const std::string es = RenderBook(rules, BookFormat::kMarkdown, Lang::kEs);
  CHECK_THAT(es, Catch::Contains("- «primera infancia»: edad hasta 4 años y 11 meses.\n"));
  CHECK_THAT(es, Catch::Contains("- «migrante»: nacionalidad es venezolana u otra.\n"));
  CHECK_THAT(es, Catch::Contains("### Regla R1.violencia_intrafamiliar\n\n- Si: «violencia intrafamiliar».\n"
                                 "- Remite a: Comisaría de Familia (COMISARIA_FAMILIA); prioridad urgente, plazo 1 hora; "
                                 "base legal: deber legal"));
  CHECK_THAT(es, Catch::Contains("- Fundamento: verificado; fuentes: S46, S47, S48\n"));
  CHECK_THAT(es, Catch::Contains("- Fundamento: supuesto"));
  CHECK_THAT(es, Catch::Contains("- Advertencia: El cuidador aceptó solo parte de los servicios"));
  CHECK_THAT(es, Catch::Contains("- Motivo: Niña o niño de «edad»"));
  CHECK_THAT(es, Catch::Contains("### pertenencia étnica (ethnic_group)\n"));
  CHECK_THAT(es, Catch::Contains("- dato sensible: su valor nunca se muestra\n"));
  for (const char* code : {"1_hour", "3_days", "legal_duty_art51"}) CHECK(es.find(code) == std::string::npos);
  const std::string en = RenderBook(rules, BookFormat::kMarkdown, Lang::kEn);
  CHECK_THAT(en, Catch::Contains("- «early childhood»: age up to 4 years and 11 months.\n"));
  CHECK_THAT(en, Catch::Contains("priority urgent, timeframe 1 hour; legal basis: legal duty"));
}

TEST_CASE("the HTML book is one self-contained page that prints a stage per page", "[book]") {
  const std::string html = RenderBook(testing::BogotaRules(), BookFormat::kHtml, Lang::kEs);
  CHECK(html.rfind("<!DOCTYPE html>\n<html lang=\"es\">", 0) == 0);
  CHECK_THAT(html, Catch::Contains("section.stage,section.part{break-before:page}"));
  CHECK_THAT(html, Catch::Contains("<section class=\"stage\" id=\"stage-triaje\">"));
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("http") == std::string::npos);  // nothing fetched from elsewhere
  CHECK(html.find("<link") == std::string::npos);
}

}  // namespace
}  // namespace referral
