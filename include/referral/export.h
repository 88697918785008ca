// REFERRAL_API marks what the shared library exports. The library is built
// with hidden visibility, so anything without it stays internal: consumers
// see the public API and nothing of yaml-cpp, Boost or the engine's insides.
#ifndef REFERRAL_EXPORT_H_
#define REFERRAL_EXPORT_H_

#if defined(_WIN32)
#define REFERRAL_API
#else
#define REFERRAL_API __attribute__((visibility("default")))
#endif

#endif  // REFERRAL_EXPORT_H_
