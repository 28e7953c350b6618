int util_exists(const char *path);
int util_create(const char *path);

int make_2(const char *name) {
  if (util_exists(name))
    return -1;
  return util_create(name);
}
