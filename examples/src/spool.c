#include "spoold.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* Picks a free job file name: the name is rebuilt after the check, so the
   check and the open are about different files (not a finding), but the
   open can still clobber a file created meanwhile. */
int enqueue(const char *spool_dir, const char *job, const char *payload) {
  char name[4096];
  snprintf(name, sizeof name, "%s/%s.job", spool_dir, job);
  int fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0)
    return -1;
  ssize_t written = write(fd, payload, strlen(payload));
  close(fd);
  return written < 0 ? -1 : 0;
}

/* Waits until a slot file is gone, then claims it: another waiter can
   claim it in between. */
int wait_for_slot(const char *slot_path) {
  while (access(slot_path, F_OK) == 0)
    usleep(10000);
  return creat(slot_path, 0600);
}
