#ifndef LEADEX_CMALLOC_SHIM_H
#define LEADEX_CMALLOC_SHIM_H

// glibc's allocator tuning (mallopt); Swift's Glibc module leaves <malloc.h> out.
#include <malloc.h>

#endif
