/* A helper of helpers: it calls zz_util.c's, so it goes after that file.
   Braces in a macro, a string and a comment { do not count. */
#define WRAP(x) { x }
int util_exists(const char *path);
static const char *banner = "} not a brace {";

#ifdef SOMETHING_ELSE
int layer_exists(const char *path) {
  return 0;
#else
int layer_exists(const char *path) {
  (void)banner;
#endif
  return util_exists(path);
}
