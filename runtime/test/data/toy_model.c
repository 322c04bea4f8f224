/* toy_model.c: a stand-in for compiler output, built into the test bundles.
 * args = [in, out, flags, z, weights, workspace]. Computes
 * out[i] = (in[i] * w[i] + expf(in[i])) * TOY_SCALE + bias[i] and z (see
 * toyReference in TestUtil.h), and reports what it saw in flags. Each
 * construct exercises a loader feature. */
#include "toy_model.h"

float expf(float);
void *memset(void *, int, unsigned long);
void *memcpy(void *, const void *, unsigned long);

/* Internal table: .rodata, reached PC-relatively (or absolutely, non-PIC). */
static const float kBias[TOY_N] = TOY_BIAS;
/* Preemptible globals: under -fPIC they are reached through the GOT. */
float toy_scale = TOY_SCALE; /* .data */
int toy_runs;                /* .bss: must be mapped writable and zeroed. */

/* Static helper that must stay a call; it also calls an import. */
__attribute__((noinline)) static float helper(float x, float w) {
  return x * w + expf(x);
}

/* Distinct cases, one calling an import: a jump table of code addresses in
 * .rodata, i.e. relocations from a data section into .text. */
__attribute__((noinline)) static float shape(int i, float x) {
  switch (i % 6) {
  case 0:
    return x + 1.0f;
  case 1:
    return x * x;
  case 2:
    return expf(x);
  case 3:
    return -x;
  case 4:
    return x * 0.5f;
  default:
    return x - 2.0f;
  }
}

static float twice(float x) { return x + x; }
static float negate(float x) { return -x; }
/* Function pointers, one to an import: absolute 64-bit relocations. */
static float (*const kOps[3])(float) = {twice, negate, expf};

void toy_entry(void *const *args) {
  const float *in = (const float *)args[0];
  float *out = (float *)args[1];
  int *flags = (int *)args[2];
  float *z = (float *)args[3];
  const float *w = (const float *)args[4];
  float *ws = (float *)args[5];

  /* Large fixed-size fills and copies become memset/memcpy calls. */
  memset(ws, 0, TOY_WS_FLOATS * sizeof(float));
  for (int i = 0; i < TOY_N; ++i)
    ws[i] = in[i];
  memcpy(ws + TOY_WS_FLOATS / 2, ws, TOY_WS_FLOATS / 2 * sizeof(float));

  for (int i = 0; i < TOY_N; ++i)
    out[i] = helper(ws[TOY_WS_FLOATS / 2 + i], w[i]) * toy_scale + kBias[i];

  for (int i = 0; i < TOY_N; ++i)
    z[i] = kOps[i % 3](shape(i, in[i]));

  flags[0] = (int)((unsigned long)w & 63);
  flags[1] = (int)((unsigned long)ws & 63);
  flags[2] = ++toy_runs;
}
