/* digits_app.c: the digits classifier embedded in a plain C program.
 *
 *   nnc compile --emit=obj digits.onnx -o digits.o     (also writes digits.h)
 *   cc -O2 -I. digits_app.c digits.o -lm -o digits_app
 *   ./digits_app test_images.npy test_labels.npy
 *
 * No runtime library and no bundle loader: the object carries code and
 * weights, the header gives shapes and the workspace size. */
#include "digits.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads a little-endian C-order .npy whose dtype is `descr` ('<f4', '<i8').
 * Returns the data (malloc'd) and its element count, or NULL. */
static void *read_npy(const char *path, const char *descr, size_t elem_size,
                      size_t *count) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "digits_app: cannot open %s\n", path);
    return NULL;
  }
  unsigned char preamble[10];
  uint16_t header_len = 0;
  if (fread(preamble, 1, 10, f) != 10 || memcmp(preamble, "\x93NUMPY\x01", 7)) {
    fprintf(stderr, "digits_app: %s is not a version 1 .npy file\n", path);
    fclose(f);
    return NULL;
  }
  header_len = (uint16_t)(preamble[8] | preamble[9] << 8);
  char header[1024];
  if (header_len >= sizeof(header) || fread(header, 1, header_len, f) != header_len) {
    fclose(f);
    return NULL;
  }
  header[header_len] = '\0';
  const char *shape = strstr(header, "'shape': (");
  if (!strstr(header, descr) || !shape) {
    fprintf(stderr, "digits_app: %s does not hold %s data\n", path, descr);
    fclose(f);
    return NULL;
  }
  size_t n = 1;
  for (const char *p = shape + 10; *p && *p != ')';) {
    char *end;
    unsigned long d = strtoul(p, &end, 10);
    if (end == p) {
      ++p;
      continue;
    }
    n *= d;
    p = end;
  }
  void *data = malloc(n * elem_size);
  if (!data || fread(data, elem_size, n, f) != n) {
    free(data);
    fclose(f);
    return NULL;
  }
  fclose(f);
  *count = n;
  return data;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s IMAGES.npy LABELS.npy\n", argv[0]);
    return 2;
  }
  size_t num_values = 0, num_labels = 0;
  float *images = read_npy(argv[1], "<f4", sizeof(float), &num_values);
  int64_t *labels = read_npy(argv[2], "<i8", sizeof(int64_t), &num_labels);
  if (!images || !labels || num_values != num_labels * NNC_DIGITS_INPUT0_COUNT) {
    fprintf(stderr, "digits_app: bad input files\n");
    return 1;
  }
  /* One statically sized, aligned workspace: the model never allocates. */
  static _Alignas(64) unsigned char workspace[NNC_DIGITS_WORKSPACE_SIZE + 1];
  float logits[NNC_DIGITS_OUTPUT0_COUNT];
  size_t correct = 0;
  for (size_t i = 0; i < num_labels; ++i) {
    nnc_digits_run(images + i * NNC_DIGITS_INPUT0_COUNT, logits, workspace);
    int best = 0;
    for (int c = 1; c < NNC_DIGITS_OUTPUT0_COUNT; ++c)
      if (logits[c] > logits[best])
        best = c;
    correct += best == labels[i];
  }
  printf("accuracy: %.6f (%zu/%zu)\n", (double)correct / (double)num_labels,
         correct, num_labels);
  free(images);
  free(labels);
  return 0;
}
