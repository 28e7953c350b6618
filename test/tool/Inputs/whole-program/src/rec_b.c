#include "fsutil.h"

int rec_b(const char *path, int n) { return rec_a(path, n); }
