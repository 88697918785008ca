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
// A legal basis: `consent`, or a word starting with `legal_duty` or
// `public_function` (policy §8), for a service or one referral.
bool IsLegalBasis(const std::string& s);

// `nodes:`: Declare registers node ids, Define reads their rules.
void DeclareNodes(LoadContext& ctx, const YamlRef& section);
void DefineNodes(LoadContext& ctx, const YamlRef& section);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_LOAD_READERS_H_
