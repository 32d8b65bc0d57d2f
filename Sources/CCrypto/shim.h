#ifndef GREENLIGHT_CCRYPTO_SHIM_H
#define GREENLIGHT_CCRYPTO_SHIM_H
// Only OpenSSL's one-shot SHA256() (libcrypto, C): hardware SHA extensions where the CPU has them.
#include <openssl/sha.h>
#endif
