#include "diag/suggest.h"

#include <catch2/catch.hpp>

using referral::internal::Suggest;

TEST_CASE("did-you-mean finds a plausible typo and nothing else", "[diag]") {
  std::vector<std::string> services = {"SDIS_CENTRO_ABRAZAR", "SDIS_CENTRO_AMAR", "ICBF_PARD"};
  CHECK(Suggest("SDIS_CENTRO_ABRZAR", services) == "SDIS_CENTRO_ABRAZAR");
  CHECK(Suggest("icbf_pard", services) == "ICBF_PARD");
  CHECK(Suggest("COMISARIA_FAMILIA", services).empty());
  CHECK(Suggest("whne", {"when", "refer", "next"}) == "when");
}
