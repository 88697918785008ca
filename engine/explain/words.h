// The words an explanation uses for the rule set's codes: time spans and
// deadlines, ages, legal bases, warnings, facts, values and what a condition
// asks, in Spanish or English. Codes appear only where no words exist.
#ifndef REFERRAL_ENGINE_EXPLAIN_WORDS_H_
#define REFERRAL_ENGINE_EXPLAIN_WORDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/model.h"
#include "util/date.h"

namespace referral::internal {

// Seconds in a timeframe written `N_unit` (Primero's `1_hour`, `3_days`;
// units hour, day, week, singular or plural); nullopt for anything else.
std::optional<int64_t> TimeframeSeconds(std::string_view timeframe);
// "1 hora", "3 días" / "1 hour", "3 days"; the code itself when not N_unit.
std::string TimeframeWords(std::string_view timeframe, Lang lang);
// `at` plus `seconds` as a local date and time, "2026-03-02 10:00 (UTC-05:00)".
std::string DeadlineWords(const Instant& at, int64_t seconds, std::optional<int> utc_offset_minutes);
// The same instant in RFC 3339 at that offset, "2026-03-02T10:00:00-05:00".
std::string DeadlineRfc3339(const Instant& at, int64_t seconds, std::optional<int> utc_offset_minutes);

// An age in whole months: "3 años y 3 meses", "15 años", "11 meses", "1 año".
std::string AgeWords(int64_t months, Lang lang);

// A legal basis: `consent` is the caregiver's consent, `legal_duty*` a legal
// duty; any other code as written.
std::string LegalBasisWords(std::string_view basis, Lang lang);

// A warning code's sentence: the rule set's (`ruleset: warnings:`), else the
// engine's own; empty when neither has one.
std::string WarningWords(const Model& m, std::string_view code, Lang lang);

// A priority level's label, else its id.
const std::string& PriorityWords(const Priority& p, Lang lang);

// A code as words: underscores become spaces ("busqueda_activa" -> "busqueda activa").
std::string Spaced(std::string_view code);

// Value `v` of enum or set fact `f` as people read it: its label, else the
// code with spaces for underscores.
std::string ValueLabel(const Fact& f, size_t v, Lang lang);

// A fact's label, else its name.
const std::string& FactWords(const Fact& f, Lang lang);

// A value of fact `f` as FormatValue wrote it ("true", "39", "venezolana",
// "[a, b]"), as people read it: yes/no, ages in years and months, codes
// with spaces for underscores.
std::string ValueWords(const Model& m, int f, std::string_view value, Lang lang);

// What a test asks of its fact, e.g. "hasta 4 años y 11 meses", "es
// venezolana u otra", "incluye alguno de: a, b", "está vacío"; `negated`: what
// its negation asks ("no está vacío").
std::string TestWords(const Model& m, const Test& t, bool negated, Lang lang);

// A condition test as the decision records it (`contains any of [a, b]`, `in
// 0..59`, `is empty`: the rule's own values, the loader's English verb), with
// its verb in `lang`, for the explanation's technical detail.
std::string TestText(std::string_view text, Lang lang);

// A predicate as people read it: its label in `lang`, else its name spaced.
std::string PredicateWords(const Predicate& p, Lang lang);

// A whole condition (Model::conditions[cond]) as a sentence: "edad hasta 4
// años y 11 meses; y nacionalidad es venezolana u otra". A predicate is named
// («primera infancia»), to be defined once by its own condition's words. -1
// (no condition) is "siempre" / "always".
std::string ConditionWords(const Model& m, int cond, Lang lang);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_EXPLAIN_WORDS_H_
