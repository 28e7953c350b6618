// A file created in one function and its mode changed by name in another,
// called later (a published CVE's shape), each through a helper of util.c.
#include <stdio.h>
#include <sys/types.h>
int util_chmod(const char *p, mode_t m);
FILE *util_create(const char *p);
static int save(const char *dst) {
  FILE *f = util_create(dst);
  if (!f) return -1;
  fputs("x", f);
  return fclose(f);
}
static int finish(const char *dst) { return util_chmod(dst, 0600); }
int main(int argc, char **argv) {
  if (save(argv[1]) != 0) return 1;
  return finish(argv[1]);
}
