/* A directory made, then given away by name: it can be swapped for a link
 * in between, and the owner of what the link points to changes. Fixed by
 * lchown (--fix-notes). Needs root (chown to another user). */
#include <sys/stat.h>
#include <unistd.h>

void race_window(void);

int race_op(const char *path) {
  rmdir(path);
  if (mkdir(path, 0755) != 0)
    return -1;
  race_window();
  if (chown(path, 1, 1) != 0)
    return -1;
  return 0;
}
