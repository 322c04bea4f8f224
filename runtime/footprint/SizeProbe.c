/* SizeProbe.c: the smallest program that uses the whole runtime API.
 * Built twice, with the runtime (nnc_size_probe) and with the nnc calls
 * compiled out (nnc_size_baseline); the stripped difference is the cost of
 * the runtime. It also runs: nnc_size_probe BUNDLE loads and describes it. */
#include "nnc/runtime.h"

#include <stdio.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s BUNDLE\n", argv[0]);
    return 2;
  }
#ifdef NNC_SIZE_BASELINE
  printf("%s\n", argv[1]);
  return 0;
#else
  nnc_error err;
  nnc_model *model = NULL;
  /* An empty buffer is never a bundle; the call links load_memory in. */
  if (nnc_model_load_memory("", 0, &model, NULL) == NNC_OK ||
      nnc_model_load_file(argv[1], &model, &err) != NNC_OK) {
    fprintf(stderr, "%s: %s\n", nnc_status_string(err.status), err.message);
    return 1;
  }
  nnc_tensor_info info;
  for (size_t i = 0; i < nnc_model_num_inputs(model); ++i)
    if (nnc_model_input_info(model, i, &info) == 0)
      printf("input %s: %zu bytes of %s (%zu each)\n", info.name,
             info.num_bytes, nnc_dtype_name(info.dtype),
             nnc_dtype_size(info.dtype));
  for (size_t i = 0; i < nnc_model_num_outputs(model); ++i)
    if (nnc_model_output_info(model, i, &info) == 0)
      printf("output %s: %zu bytes\n", info.name, info.num_bytes);
  printf("%s on %s, workspace %llu\n", nnc_model_target(model),
         nnc_runtime_target(),
         (unsigned long long)nnc_model_workspace_size(model));
  /* Not runnable without buffers: exercises the argument check only. */
  nnc_status status = nnc_model_run(model, NULL, NULL);
  nnc_model_free(model);
  return status == NNC_OK || status == NNC_ERR_ARGUMENT ? 0 : 1;
#endif
}
