#ifndef GREENLIGHT_CPROJ_SHIM_H
#define GREENLIGHT_CPROJ_SHIM_H
// Only PROJ's geodesic API (Karney's algorithms, C): no C++ leaks into importers.
#include <geodesic.h>
#endif
