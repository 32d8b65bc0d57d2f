#ifndef GREENLIGHT_CGEOS_SHIM_H
#define GREENLIGHT_CGEOS_SHIM_H
// GEOS's C API only (the reentrant _r functions): the C++ library stays behind it, so nothing of
// C++ reaches the Swift modules that import this one.
#include <geos_c.h>
#endif
