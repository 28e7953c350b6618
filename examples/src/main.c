#include "spoold.h"

#include <stdio.h>

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "/tmp";
  char lock[4096], config[4096], slot[4096];
  snprintf(lock, sizeof lock, "%s/spoold.lock", dir);
  snprintf(config, sizeof config, "%s/spoold.conf", dir);
  snprintf(slot, sizeof slot, "%s/spoold.slot", dir);
  if (acquire_lock(lock) < 0)
    return 1;
  if (write_default_config(config) < 0)
    return 1;
  FILE *cfg = open_config(config);
  if (cfg)
    fclose(cfg);
  if (wait_for_slot(slot) < 0)
    return 1;
  return enqueue(dir, "hello", "hello, world\n");
}
