/* toy_model.h: constants shared by toy_model.c and the runtime tests.
 * No system headers: the model is also cross-compiled for AArch64. */
#ifndef NNC_TEST_TOY_MODEL_H
#define NNC_TEST_TOY_MODEL_H

/* Elements of the input, the weights and the first output. */
#define TOY_N 16
/* Workspace floats: 4 KiB, large enough that clang calls memset/memcpy. */
#define TOY_WS_FLOATS 1024
/* Elements of the second output (int32 flags). */
#define TOY_FLAGS 3
#define TOY_SCALE 0.5f
/* clang-format off */
#define TOY_BIAS                                                               \
  {-1.0f, -0.875f, -0.75f, -0.625f, -0.5f, -0.375f, -0.25f, -0.125f,          \
   0.0f,  0.125f,  0.25f,  0.375f,  0.5f,  0.625f,  0.75f,  0.875f}
/* clang-format on */

#endif /* NNC_TEST_TOY_MODEL_H */
