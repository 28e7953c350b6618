int layer_exists(const char *path);
int util_create(const char *path);

int make_8(const char *name) {
  if (layer_exists(name))
    return -1;
  return util_create(name);
}
