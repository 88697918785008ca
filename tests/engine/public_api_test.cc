// Contracts of the public C++ headers that a misuse must not slip past
// quietly: StatusOr's checked failures, and handles that hold no internal
// type or lock in their layout (include/referral/).
#include <catch2/catch.hpp>

#include <csignal>
#include <memory>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "referral/live_ruleset.h"
#include "referral/ruleset.h"
#include "referral/status.h"
#include "referral/version.h"

namespace referral {
namespace {

// Runs `f` in a child process; returns the signal it died of (0 if none).
template <class F>
int DeathSignal(F f) {
  pid_t pid = fork();
  if (pid == 0) {
    std::freopen("/dev/null", "w", stderr);
    f();
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

TEST_CASE("a StatusOr made from an OK Status holds an error, not a missing value", "[api][status]") {
  StatusOr<int> s(Status::Ok());
  CHECK_FALSE(s.ok());
  CHECK_FALSE(s.status().ok());
  CHECK(s.status().code() == "internal.ok_status_without_value");
}

TEST_CASE("reading the value of a StatusOr holding an error aborts, it is never undefined", "[api][status]") {
  StatusOr<std::string> error(Status::Error("case.bad_type", "no"));
  CHECK(DeathSignal([&] { (void)error.value(); }) == SIGABRT);
  CHECK(DeathSignal([&] { (void)error->size(); }) == SIGABRT);
  CHECK(DeathSignal([&] { (void)*error; }) == SIGABRT);
  CHECK(DeathSignal([&] { (void)std::move(error).value(); }) == SIGABRT);
  StatusOr<std::string> fine(std::string("x"));
  CHECK(DeathSignal([&] { (void)fine.value(); }) == 0);
  CHECK(fine->size() == 1);
}

template <class T>
concept ExposesModel = requires(const T& t) { t.model(); };

TEST_CASE("the public handles hold no internal type or lock in their layout", "[api]") {
  STATIC_REQUIRE_FALSE(ExposesModel<Ruleset>);
  STATIC_REQUIRE(sizeof(Ruleset) == sizeof(std::shared_ptr<int>));
  STATIC_REQUIRE(sizeof(LiveRuleset) == sizeof(std::unique_ptr<int>));
}

TEST_CASE("the version is written once and reads the same everywhere", "[api]") {
  CHECK(std::string(kEngineVersion) == REFERRAL_VERSION_STRING);
  CHECK(std::string(kEngineVersion) ==
        std::to_string(REFERRAL_VERSION_MAJOR) + "." + std::to_string(REFERRAL_VERSION_MINOR) + "." +
            std::to_string(REFERRAL_VERSION_PATCH));
}

}  // namespace
}  // namespace referral
