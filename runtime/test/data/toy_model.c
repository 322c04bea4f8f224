/* toy_model.c: a stand-in for compiler output, built into the test bundles.
 * Computes out[i] = (in[i] * w[i] + expf(in[i])) * TOY_SCALE + bias[i] and
 * reports what it saw in flags; each construct exercises a loader feature. */
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

void toy_entry(void *const *args) {
  const float *in = (const float *)args[0];
  float *out = (float *)args[1];
  int *flags = (int *)args[2];
  const float *w = (const float *)args[3];
  float *ws = (float *)args[4];

  /* Large fixed-size fills and copies become memset/memcpy calls. */
  memset(ws, 0, TOY_WS_FLOATS * sizeof(float));
  for (int i = 0; i < TOY_N; ++i)
    ws[i] = in[i];
  memcpy(ws + TOY_WS_FLOATS / 2, ws, TOY_WS_FLOATS / 2 * sizeof(float));

  for (int i = 0; i < TOY_N; ++i)
    out[i] = helper(ws[TOY_WS_FLOATS / 2 + i], w[i]) * toy_scale + kBias[i];

  flags[0] = (int)((unsigned long)w & 63);
  flags[1] = (int)((unsigned long)ws & 63);
  flags[2] = ++toy_runs;
}
