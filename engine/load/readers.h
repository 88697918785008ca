// The readers of each top-level section of a rule file. Each takes the
// section's YAML, fills the model and reports problems to the context.
#ifndef REFERRAL_ENGINE_LOAD_READERS_H_
#define REFERRAL_ENGINE_LOAD_READERS_H_

#include "load/load_context.h"

namespace referral::internal {

// `ruleset:` — all of the header but the entry node, scope and fallback
// conditions, which need the facts and nodes (ReadHeaderLinks).
void ReadHeader(LoadContext& ctx, const YamlRef& section);
void ReadHeaderLinks(LoadContext& ctx, const YamlRef& section);
// `ruleset: consent:` (load/consent.cc), once the facts are known.
void ReadConsent(LoadContext& ctx, const YamlRef& section);

// `facts:`; derivations are resolved once all facts are known.
void ReadFacts(LoadContext& ctx, const YamlRef& section);
void ResolveDerivations(LoadContext& ctx);

// `predicates:`: Declare registers names, Define parses their conditions.
void DeclarePredicates(LoadContext& ctx, const YamlRef& section);
void DefinePredicates(LoadContext& ctx, const YamlRef& section);

// A condition (docs/rules.md, "Conditions"); returns its index in
// model.conditions, or -1 after reporting an error.
int ReadCondition(LoadContext& ctx, const YamlRef& ref);

void ReadServices(LoadContext& ctx, const YamlRef& section);
void ResolveFallbacks(LoadContext& ctx);

// Effective dates (load/effective.cc): reads `effective_from` / `effective_to`
// into `e`; the date test they make on the rule set's date fact (-1 after an
// error); `a` and `b` as one condition (-1 = always).
void ReadEffective(LoadContext& ctx, const std::string& key, const YamlRef& v, Effective* e);
// The header's `date_fact`, when it names one: it must be a date fact.
void ResolveDateFact(LoadContext& ctx);
int EffectiveCondition(LoadContext& ctx, const Effective& e, const Location& at);
int AndCondition(LoadContext& ctx, int a, int b);
// Same-id rules are versions: all dated, no two ranges overlapping.
void CheckRuleVersion(LoadContext& ctx, const std::string& id, Effective e, const Location& at,
                      std::set<std::string>& rule_ids);
// Renames every version of a rule with several to `id@from` (or `id@..to`).
void NameRuleVersions(LoadContext& ctx);

// `directory:` (load/directory.cc): the offices of locally delivered
// services, and the check that every locality has one.
void ReadDirectory(LoadContext& ctx, const YamlRef& section);
void CheckDirectory(LoadContext& ctx);
// A legal basis: `consent`, or a word starting with `legal_duty` or
// `public_function` (policy §8), for a service or one referral.
bool IsLegalBasis(const std::string& s);

// `nodes:`: Declare registers node ids, Define reads their rules.
void DeclareNodes(LoadContext& ctx, const YamlRef& section);
void DefineNodes(LoadContext& ctx, const YamlRef& section);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_LOAD_READERS_H_
