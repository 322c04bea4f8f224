/* nnc_runner.c - runs a bundle on raw tensor files with nothing but the
 * runtime: the program to deploy on a target without the compiler (it is
 * what the AArch64 suite runs under qemu).
 *
 * usage: [NNC_THREADS=N] nnc_runner MODEL.nnb IN.bin... -o OUT.bin...
 * NNC_THREADS sets the threads that run the model (0: one per CPU).
 * Each file holds exactly one signature entry's bytes (dense, row-major,
 * little-endian), inputs and outputs in signature order. Exit status 0 on
 * success, 1 with a message on stderr otherwise.
 */
#include "nnc/runtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what, const char *detail) {
  fprintf(stderr, "nnc_runner: %s%s%s\n", what, detail ? ": " : "",
          detail ? detail : "");
  return 1;
}

/* Reads exactly `size` bytes of `path` into a new buffer. */
static void *readExact(const char *path, size_t size, const char **why) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    *why = "cannot open";
    return NULL;
  }
  void *data = malloc(size ? size : 1);
  size_t got = data ? fread(data, 1, size, f) : 0;
  int extra = fgetc(f) != EOF;
  fclose(f);
  if (!data || got != size || extra) {
    free(data);
    *why = "does not hold exactly the tensor's bytes";
    return NULL;
  }
  return data;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return fail("usage: nnc_runner MODEL.nnb IN.bin... -o OUT.bin...", NULL);
  nnc_model *model = NULL;
  nnc_error err;
  if (nnc_model_load_file(argv[1], &model, &err) != NNC_OK)
    return fail(err.message, NULL);
  int sep = 2;
  while (sep < argc && strcmp(argv[sep], "-o") != 0)
    ++sep;
  const char *threads = getenv("NNC_THREADS");
  if (threads && nnc_model_set_threads(model, atoi(threads), &err) != NNC_OK)
    return fail("NNC_THREADS", err.message);
  size_t numIn = nnc_model_num_inputs(model), numOut = nnc_model_num_outputs(model);
  if ((size_t)(sep - 2) != numIn || (size_t)(argc - sep - 1) != numOut) {
    char counts[96];
    snprintf(counts, sizeof counts, "the model takes %zu inputs and %zu outputs",
             numIn, numOut);
    return fail("wrong number of files", counts);
  }
  void **in = calloc(numIn + 1, sizeof(void *));
  void **out = calloc(numOut + 1, sizeof(void *));
  for (size_t i = 0; i < numIn; ++i) {
    nnc_tensor_info info;
    nnc_model_input_info(model, i, &info);
    const char *why = NULL;
    in[i] = readExact(argv[2 + i], info.num_bytes, &why);
    if (!in[i])
      return fail(argv[2 + i], why);
  }
  for (size_t i = 0; i < numOut; ++i) {
    nnc_tensor_info info;
    nnc_model_output_info(model, i, &info);
    out[i] = malloc(info.num_bytes ? info.num_bytes : 1);
  }
  if (nnc_model_run(model, (const void *const *)in, (void *const *)out) != NNC_OK)
    return fail("run failed", NULL);
  for (size_t i = 0; i < numOut; ++i) {
    nnc_tensor_info info;
    nnc_model_output_info(model, i, &info);
    FILE *f = fopen(argv[sep + 1 + i], "wb");
    if (!f || fwrite(out[i], 1, info.num_bytes, f) != info.num_bytes)
      return fail(argv[sep + 1 + i], "cannot write");
    fclose(f);
  }
  nnc_model_free(model);
  return 0;
}
