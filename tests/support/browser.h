// Headless Chromium (Debian package `chromium`, installed by
// scripts/setup.sh) as a person's browser: a page loaded from disk with
// networking off, its rendered DOM, and a screenshot.
#ifndef REFERRAL_TESTS_SUPPORT_BROWSER_H_
#define REFERRAL_TESTS_SUPPORT_BROWSER_H_

#include <filesystem>
#include <string>
#include <vector>

#include "support/process.h"

namespace referral::testing {

// Chromium's arguments for a headless run with its own profile folder and no
// network traffic of its own, then `extra`.
inline std::vector<std::string> ChromiumArgs(const std::filesystem::path& profile, std::vector<std::string> extra) {
  std::vector<std::string> args{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                                "--disable-dev-shm-usage", "--user-data-dir=" + profile.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

}  // namespace referral::testing

#endif  // REFERRAL_TESTS_SUPPORT_BROWSER_H_
