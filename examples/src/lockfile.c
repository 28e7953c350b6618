#include "spoold.h"

#include <fcntl.h>
#include <unistd.h>

/* Two daemons started at once can both find the lock absent and both
   "acquire" it. */
int acquire_lock(const char *lock_path) {
  if (access(lock_path, F_OK) == 0)
    return -1; /* somebody else holds it */
  return open(lock_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
}

/* The same, done right: the open itself fails if the lock exists. */
int acquire_lock_safely(const char *lock_path) {
  return open(lock_path, O_WRONLY | O_CREAT | O_EXCL, 0644);
}
