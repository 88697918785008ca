// REFERRAL_API marks what the shared library exports. The library is built
// with hidden visibility, so anything without it stays internal: consumers
// see the public API and nothing of yaml-cpp, Boost or the engine's insides.
#ifndef REFERRAL_EXPORT_H_
#define REFERRAL_EXPORT_H_

// On Windows (untested here): exported while the library is built
// (REFERRAL_BUILDING), imported by its consumers, and nothing for the static
// library (REFERRAL_STATIC, set by the referral::engine_static target).
#if defined(_WIN32)
#if defined(REFERRAL_STATIC)
#define REFERRAL_API
#elif defined(REFERRAL_BUILDING)
#define REFERRAL_API __declspec(dllexport)
#else
#define REFERRAL_API __declspec(dllimport)
#endif
#else
#define REFERRAL_API __attribute__((visibility("default")))
#endif

#endif  // REFERRAL_EXPORT_H_
