#include <stdio.h>
#include "fsutil.h"

/* A create, then a change of mode by name through a helper of fsutil.c. */
int save(const char *dst) {
  FILE *f = fopen(dst, "wb");
  if (!f)
    return -1;
  fclose(f);
  return util_chmod(dst, 0600);
}

/* A check and a create, both through helpers of fsutil.c. */
int create_new(const char *name) {
  if (util_exists(name))
    return -1;
  return util_create(name);
}

/* The check three files deep: layer3.c -> layer2.c -> fsutil.c. */
int create_deep(const char *name) {
  if (layer3_exists(name))
    return -1;
  return util_create(name);
}

/* The use through recursion across two files. */
int create_recursive(const char *name) {
  if (access(name, F_OK) == 0)
    return -1;
  return rec_b(name, 3);
}

/* A helper of the header. */
int create_from_header(const char *name) {
  if (header_exists(name))
    return -1;
  return util_create(name);
}

/* Silent: the helper creates with O_EXCL, and the mode is changed through
   the descriptor. */
int create_safely(const char *name) {
  if (util_exists(name))
    return -1;
  int fd = util_create_excl(name);
  if (fd < 0)
    return -1;
  return util_fchmod(fd, 0600);
}

/* Silent: this file's own static check_it looks at no file. */
static int check_it(const char *path) { return path[0] == '/'; }
int create_if_relative(const char *name) {
  if (check_it(name))
    return -1;
  return util_create(name);
}

/* Not followed: a call through a function pointer. */
int create_through_pointer(const char *name) {
  int (*exists)(const char *) = util_exists;
  if (exists(name))
    return -1;
  return util_create(name);
}
