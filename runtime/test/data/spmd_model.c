/* spmd_model.c: a stand-in for a model compiled with a parallel entry.
 * args = [x, out, flags, weights, workspace]. Phase 1 writes 2*x into the
 * shared workspace, each thread its chunk; after a barrier, phase 2 sums
 * the whole workspace (so every thread needs every other's phase 1) and
 * writes out[i] = sum + x[i] for its chunk. Each thread also stamps its
 * private scratch before the barrier and checks it after: flags[t] is t + 1
 * when thread t ran and its scratch was not touched by another. */
#define SPMD_N 4096
#define SPMD_FLAGS 8

typedef struct sync_t {
  void (*barrier)(struct sync_t *);
} sync_t;

static void chunk(long thread, long threads, long *begin, long *end) {
  long per = (SPMD_N + threads - 1) / threads;
  *begin = thread * per < SPMD_N ? thread * per : SPMD_N;
  *end = *begin + per < SPMD_N ? *begin + per : SPMD_N;
}

void spmd_mt(void *const *args, void *scratch, long thread, long threads,
             sync_t *sync) {
  const float *x = args[0];
  float *out = args[1];
  int *flags = args[2];
  float *ws = args[4];
  volatile long *mine = scratch;
  long begin, end;
  chunk(thread, threads, &begin, &end);
  for (long i = 0; i < 16; ++i)
    mine[i] = thread * 1000 + i;
  for (long i = begin; i < end; ++i)
    ws[i] = 2.0f * x[i];
  if (sync) /* several threads, or one whose phases the runtime times */
    sync->barrier(sync);
  float sum = 0.0f;
  for (long i = 0; i < SPMD_N; ++i)
    sum += ws[i];
  for (long i = begin; i < end; ++i)
    out[i] = sum + x[i];
  int intact = 1;
  for (long i = 0; i < 16; ++i)
    intact &= mine[i] == thread * 1000 + i;
  if (thread < SPMD_FLAGS)
    flags[thread] = intact ? (int)thread + 1 : -1;
}

/* The single-threaded entry: thread 0 of 1, scratch at the workspace's tail. */
void spmd_entry(void *const *args) {
  spmd_mt(args, (char *)args[4] + SPMD_N * sizeof(float), 0, 1, 0);
}
