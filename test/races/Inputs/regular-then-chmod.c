/* lstat saw a regular file, then its mode is changed by name: a link
 * swapped in between is followed, and the mode of what it points to is
 * changed. Fixed by fchmodat(..., AT_SYMLINK_NOFOLLOW) (--fix). */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

void race_window(void);

int race_op(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return -1;
  race_window();
  if (chmod(path, 0666) != 0)
    return -1;
  return 0;
}
