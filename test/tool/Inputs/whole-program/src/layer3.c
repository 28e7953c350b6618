#include "fsutil.h"

int layer3_exists(const char *path) { return layer2_exists(path); }
