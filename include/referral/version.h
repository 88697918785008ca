/* The engine's version: the one place it is written. CMake reads it from
 * here (the project's VERSION, the SONAMEs, the package files); every
 * decision records it. C and C++.
 *
 * REFERRAL_VERSION_NUMBER is MAJOR * 10000 + MINOR * 100 + PATCH, for
 * comparisons at compile time; referral_version_number() (referral.h) gives
 * the library's own at run time. */
#ifndef REFERRAL_VERSION_H_
#define REFERRAL_VERSION_H_

#define REFERRAL_VERSION_MAJOR 0
#define REFERRAL_VERSION_MINOR 1
#define REFERRAL_VERSION_PATCH 0

#define REFERRAL_VERSION_NUMBER \
  (REFERRAL_VERSION_MAJOR * 10000 + REFERRAL_VERSION_MINOR * 100 + REFERRAL_VERSION_PATCH)
#define REFERRAL_VERSION_STRINGIFY_(x) #x
#define REFERRAL_VERSION_STRINGIFY(x) REFERRAL_VERSION_STRINGIFY_(x)
#define REFERRAL_VERSION_STRING                                                    \
  REFERRAL_VERSION_STRINGIFY(REFERRAL_VERSION_MAJOR)                               \
  "." REFERRAL_VERSION_STRINGIFY(REFERRAL_VERSION_MINOR) "." REFERRAL_VERSION_STRINGIFY( \
      REFERRAL_VERSION_PATCH)

#ifdef __cplusplus
namespace referral {

inline constexpr const char* kEngineVersion = REFERRAL_VERSION_STRING;

}  // namespace referral
#endif

#endif /* REFERRAL_VERSION_H_ */
