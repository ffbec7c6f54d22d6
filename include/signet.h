/* signet.h: mint and verify Flask session cookies and itsdangerous tokens from C. */
#ifndef SIGNET_H
#define SIGNET_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SIGNET_VERSION_MAJOR 0
#define SIGNET_VERSION_MINOR 1
#define SIGNET_VERSION_PATCH 0
#define SIGNET_VERSION_NUMBER (SIGNET_VERSION_MAJOR * 10000 + SIGNET_VERSION_MINOR * 100 + SIGNET_VERSION_PATCH)
#define SIGNET_VERSION_STRING "0.1.0"

/* The library's SIGNET_VERSION_NUMBER, to compare with the header's. Thread-safe. */
unsigned signet_version_number(void);

#ifdef __cplusplus
}
#endif

#endif /* SIGNET_H */
