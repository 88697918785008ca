// The engine's version, as recorded in every decision.
#ifndef REFERRAL_VERSION_H_
#define REFERRAL_VERSION_H_

namespace referral {

inline constexpr const char* kEngineVersion = "0.1.0";

}  // namespace referral

#endif  // REFERRAL_VERSION_H_
