// Embedding the engine in C++: the README's example. Usage: consumer_cxx RULES CASE.json
#include <fstream>
#include <iostream>
#include <sstream>

#include "referral/engine.h"
#include "referral/explain.h"

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  std::stringstream case_json;
  case_json << std::ifstream(argv[2]).rdbuf();

  std::vector<referral::Diagnostic> diags;
  auto rules = referral::LoadRuleset(argv[1], &diags);  // immutable: share it across threads
  if (!rules.ok()) {
    for (const auto& d : diags) std::cerr << referral::FormatDiagnostic(d) << "\n";
    return 3;
  }
  auto decision = referral::Decide(*rules, case_json.str());
  if (!decision.ok()) {
    std::cerr << decision.status().code() << " " << decision.status().field() << "\n";
    return 1;
  }
  std::cout << referral::DecisionToJson(*decision, false) << "\n"
            << referral::Explain(*rules, *decision, referral::Lang::kEs);
  return 0;
}
