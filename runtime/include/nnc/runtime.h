/* nnc/runtime.h: the C API of the nnc runtime.
 * Loads a verified .nnb bundle, exposes its signature and runs it on caller
 * buffers. Loading allocates everything a run needs; a run allocates nothing. */
#ifndef NNC_RUNTIME_H
#define NNC_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Bundle format version this runtime understands. */
#define NNC_BUNDLE_FORMAT_VERSION 1u

typedef enum nnc_status {
  NNC_OK = 0,
  NNC_ERR_IO = 1,             /**< file missing or unreadable */
  NNC_ERR_INVALID_BUNDLE = 2, /**< not a bundle, truncated or corrupt */
  NNC_ERR_VERSION = 3,        /**< bundle format version not supported */
  NNC_ERR_TARGET = 4,         /**< bundle compiled for another target */
  NNC_ERR_LOAD = 5,           /**< native code could not be loaded */
  NNC_ERR_ARGUMENT = 6,       /**< bad argument from the caller */
  NNC_ERR_NOMEM = 7,          /**< out of memory (load time only) */
  NNC_ERR_DEVICE = 8,         /**< GPU driver error during a run; see
                                   nnc_model_last_error() */
} nnc_status;

/** Element types, little-endian. NNC_F16 is IEEE binary16; NNC_BOOL is one
 * byte per element, 0 or 1 (like NumPy's bool). */
typedef enum nnc_dtype {
  NNC_F32 = 0, NNC_F16 = 1, NNC_I32 = 2, NNC_I64 = 3, NNC_I8 = 4, NNC_U8 = 5,
  NNC_BOOL = 6, NNC_F64 = 7, NNC_I16 = 8, NNC_U16 = 9, NNC_U32 = 10,
  NNC_U64 = 11,
} nnc_dtype;

/** Filled by calls that can fail; message is a human-readable sentence. */
typedef struct nnc_error {
  nnc_status status;
  char message[256];
} nnc_error;

/** Signature entry; pointers stay valid while the model is loaded. */
typedef struct nnc_tensor_info {
  const char *name;
  nnc_dtype dtype;
  int32_t rank;
  const int64_t *shape;
  size_t num_bytes;
} nnc_tensor_info;

typedef struct nnc_model nnc_model;

/** Short fixed description of a status code. */
const char *nnc_status_string(nnc_status status);

/** Size in bytes of one element of dtype; 0 for an unknown dtype. */
size_t nnc_dtype_size(nnc_dtype dtype);

/** NumPy's name of dtype ("float32", "int64", "uint8", "bool", ...);
 * "unknown" for an unknown dtype. */
const char *nnc_dtype_name(nnc_dtype dtype);

/** Loads and verifies a bundle file. `err` may be NULL. */
nnc_status nnc_model_load_file(const char *path, nnc_model **model,
                               nnc_error *err);

/** Loads and verifies a bundle from memory; the bytes are copied. */
nnc_status nnc_model_load_memory(const void *data, size_t size,
                                 nnc_model **model, nnc_error *err);

/** Releases everything the model owns. NULL is allowed. */
void nnc_model_free(nnc_model *model);

size_t nnc_model_num_inputs(const nnc_model *model);
size_t nnc_model_num_outputs(const nnc_model *model);
/** Returns 0 on success, -1 if index is out of range. */
int nnc_model_input_info(const nnc_model *model, size_t index,
                         nnc_tensor_info *info);
int nnc_model_output_info(const nnc_model *model, size_t index,
                          nnc_tensor_info *info);

/** Target triple and workspace size recorded in the bundle. */
const char *nnc_model_target(const nnc_model *model);
uint64_t nnc_model_workspace_size(const nnc_model *model);

/** Why the model's last run failed with NNC_ERR_DEVICE (a GPU driver
 * error, naming the call and kernel); "" when it did not. */
const char *nnc_model_last_error(const nnc_model *model);

/** Target triple of the code this runtime can execute. */
const char *nnc_runtime_target(void);

/** Sets how many threads run the model (the caller's included); 0 means
 * one per online CPU. Starts the worker threads and allocates their scratch
 * here, never in a run. A model compiled without a parallel entry (one too
 * small for threads to pay) keeps running on the caller alone. The default
 * is 1. Not to be called while the model runs. */
nnc_status nnc_model_set_threads(nnc_model *model, int threads,
                                 nnc_error *err);

/** 1 if the model was compiled with a parallel entry (threads can help),
 * 0 if it always runs on the caller alone. */
int nnc_model_parallel(const nnc_model *model);

/** Bytes of scratch each thread beyond the first allocates. */
uint64_t nnc_model_thread_scratch_size(const nnc_model *model);

/** Threads a run uses (1 unless nnc_model_set_threads gave more and the
 * model has a parallel entry). */
int nnc_model_threads(const nnc_model *model);

/** Phases of the model's multithreaded code (the code between two of its
 * barriers), in order; 0 for a model compiled without a parallel entry. */
int nnc_model_num_phases(const nnc_model *model);

/** Name of a phase: the model nodes (e.g. ONNX node names) its code comes
 * from; "" for an index out of range. */
const char *nnc_model_phase_name(const nnc_model *model, int phase);

/** Profiles later runs: each adds the nanoseconds it spends in phase i to
 * phase_ns[i] (nnc_model_num_phases entries, owned by the caller, used
 * until profiling stops). A phase ends when the last thread reaches its
 * barrier. At one thread a profiled run goes through the multithreaded code
 * on the caller alone. NULL stops profiling. NNC_ERR_ARGUMENT for a model
 * with no phases. Not to be called while the model runs. */
nnc_status nnc_model_set_profile(nnc_model *model, uint64_t *phase_ns,
                                 nnc_error *err);

/** Runs the model. inputs/outputs hold one buffer per signature entry, in
 * order, each dense row-major of info.num_bytes. An output may not share a
 * byte with any other buffer of the call (the compiled code writes outputs
 * while inputs are still read): NNC_ERR_ARGUMENT. No allocation happens
 * here. A model is not re-entrant: do not run one model from two threads at
 * once. */
nnc_status nnc_model_run(nnc_model *model, const void *const *inputs,
                         void *const *outputs);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NNC_RUNTIME_H */
