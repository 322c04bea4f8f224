/* fma_peak.c - the machine's fp32 FMA peak, for bench/run.py.
 *
 * usage: fma_peak THREADS
 * Each thread runs 24 independent chains of vector FMAs (enough to cover the
 * FMA latency on two ports) for a fixed count and the program prints the
 * total GFLOP/s (one FMA = 2 flops per lane). Built with -march=native, so
 * the vectors are as wide as the CPU's (AVX-512: 16 floats).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#if defined(__AVX512F__)
#include <immintrin.h>
typedef __m512 vec;
#define LANES 16
#define FMA(a, b, c) _mm512_fmadd_ps(a, b, c)
#define SET1(x) _mm512_set1_ps(x)
#define SUM(v) _mm512_reduce_add_ps(v)
#elif defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
typedef __m256 vec;
#define LANES 8
#define FMA(a, b, c) _mm256_fmadd_ps(a, b, c)
#define SET1(x) _mm256_set1_ps(x)
static float SUM(vec v) {
  float f[8];
  _mm256_storeu_ps(f, v);
  return f[0] + f[1] + f[2] + f[3] + f[4] + f[5] + f[6] + f[7];
}
#else
#error "fma_peak needs AVX2+FMA or AVX-512"
#endif

#define CHAINS 24
static const long kIterations = 200000000L / CHAINS;

static void *work(void *out) {
  vec acc[CHAINS];
  vec x = SET1(0.999999f), y = SET1(1e-7f);
  for (int i = 0; i < CHAINS; ++i)
    acc[i] = SET1((float)i);
  for (long it = 0; it < kIterations; ++it)
    for (int i = 0; i < CHAINS; ++i)
      acc[i] = FMA(acc[i], x, y);
  float s = 0;
  for (int i = 0; i < CHAINS; ++i)
    s += SUM(acc[i]);
  *(float *)out = s; /* keeps the chains alive */
  return NULL;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 1;
  if (threads < 1 || threads > 64)
    return 2;
  pthread_t tid[64];
  float sink[64];
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int t = 0; t < threads; ++t)
    pthread_create(&tid[t], NULL, work, &sink[t]);
  for (int t = 0; t < threads; ++t)
    pthread_join(tid[t], NULL);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double secs = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
  double flops = 2.0 * LANES * CHAINS * (double)kIterations * threads;
  printf("%.1f\n", flops / secs / 1e9);
  return sink[0] == 12345.0f; /* never true; uses the result */
}
