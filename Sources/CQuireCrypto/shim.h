#ifndef CQUIRE_CRYPTO_SHIM_H
#define CQUIRE_CRYPTO_SHIM_H
#include <openssl/evp.h>
#include <openssl/sha.h>
#endif
