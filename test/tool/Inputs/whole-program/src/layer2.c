#include "fsutil.h"

int layer2_exists(const char *path) { return util_exists(path); }
