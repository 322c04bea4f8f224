/* bad_import.c: a model that calls a libc function outside the import table
 * (fopen), which the loader must reject by name. */
typedef struct FILE FILE;
FILE *fopen(const char *, const char *);

void bad_entry(void *const *args) {
  *(FILE **)args[0] = fopen("/dev/null", "r");
}
