//===- ThreadPool.cpp - Threads that run a model's SPMD entry -------------===//
//
// Three waits, one mechanism: workers wait for a job, threads wait at a
// barrier, the caller waits for the workers to finish. Each spins for a
// few microseconds (a barrier between layers is usually that short), then
// sleeps on a futex; wakers only make the system call when someone sleeps.
//
//===----------------------------------------------------------------------===//

#include "ThreadPool.h"

#include "Error.h"

#include <limits.h>
#include <linux/futex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

using namespace nnc::rt;

namespace {

/// Spins before sleeping: about 50-100 us on current cores.
constexpr int kSpins = 1 << 14;

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

uint32_t load(const uint32_t *p) { return __atomic_load_n(p, __ATOMIC_SEQ_CST); }

/// Returns once *word != value. `sleepers` counts threads inside the futex
/// wait, so that wake() can skip the system call when nobody sleeps; the
/// sequentially consistent order of (sleepers++, read word) here and
/// (write word, read sleepers) in wake() makes a lost wake-up impossible.
void waitWhileEqual(uint32_t *word, uint32_t value, uint32_t *sleepers) {
  for (int i = 0; i < kSpins; ++i) {
    if (load(word) != value)
      return;
    cpuRelax();
  }
  while (load(word) == value) {
    __atomic_add_fetch(sleepers, 1, __ATOMIC_SEQ_CST);
    if (load(word) == value)
      syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, value, nullptr, nullptr, 0);
    __atomic_sub_fetch(sleepers, 1, __ATOMIC_SEQ_CST);
  }
}

/// Stores `value` to *word and wakes whoever sleeps on it.
void publish(uint32_t *word, uint32_t value, uint32_t *sleepers) {
  __atomic_store_n(word, value, __ATOMIC_SEQ_CST);
  if (load(sleepers))
    syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, INT_MAX, nullptr, nullptr, 0);
}

/// Sense-free central barrier: the last thread to arrive opens the next
/// phase. A thread reads the phase before arriving, so it cannot miss it.
/// The last thread to arrive also ends the profiled phase.
void barrier(Sync *sync) {
  uint32_t phase = load(&sync->phase);
  if (__atomic_add_fetch(&sync->arrived, 1, __ATOMIC_SEQ_CST) ==
      sync->threads) {
    if (sync->profile.phaseNs)
      nnc::rt::endPhase(&sync->profile);
    __atomic_store_n(&sync->arrived, 0, __ATOMIC_RELAXED);
    publish(&sync->phase, phase + 1, &sync->sleepers);
    return;
  }
  waitWhileEqual(&sync->phase, phase, &sync->sleepers);
}

void *worker(void *arg) {
  WorkerStart *start = static_cast<WorkerStart *>(arg);
  ThreadPool *pool = start->pool;
  uint32_t index = start->index;
  uint32_t seen = 0;
  for (;;) {
    waitWhileEqual(&pool->job, seen, &pool->jobSleepers);
    seen = load(&pool->job);
    if (__atomic_load_n(&pool->stopping, __ATOMIC_SEQ_CST))
      return nullptr;
    pool->entry(pool->args, pool->scratch[index], index, pool->threads,
                &pool->sync);
    uint32_t done = __atomic_add_fetch(&pool->finished, 1, __ATOMIC_SEQ_CST);
    if (done == pool->threads - 1 && load(&pool->finishedSleepers))
      syscall(SYS_futex, &pool->finished, FUTEX_WAKE_PRIVATE, INT_MAX,
              nullptr, nullptr, 0);
  }
}

} // namespace

void nnc::rt::runAlone(ThreadPool *pool, ParallelEntryFn entry,
                       void *const *args, void *scratch) {
  pool->sync.barrier = barrier;
  pool->sync.threads = 1;
  entry(args, scratch, 0, 1, &pool->sync);
}

static uint64_t nowNs() {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<uint64_t>(t.tv_sec) * 1000000000u +
         static_cast<uint64_t>(t.tv_nsec);
}

void nnc::rt::startProfile(Profile *profile) {
  profile->phase = 0;
  profile->start = nowNs();
}

void nnc::rt::endPhase(Profile *profile) {
  uint64_t now = nowNs();
  // More barriers than named phases (a bundle from another compiler) add
  // to the last phase rather than past the caller's buffer.
  uint32_t i = profile->phase < profile->phases ? profile->phase
                                                : profile->phases - 1;
  profile->phaseNs[i] += now - profile->start;
  profile->start = now;
  ++profile->phase;
}

uint32_t nnc::rt::onlineCpus() {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? static_cast<uint32_t>(n) : 1;
}

nnc_status nnc::rt::startPool(ThreadPool *pool, uint32_t threads,
                              ParallelEntryFn entry, uint64_t scratchSize,
                              nnc_error *err) {
  *pool = ThreadPool();
  pool->sync.barrier = barrier;
  pool->sync.threads = threads;
  pool->threads = threads;
  pool->entry = entry;
  if (threads <= 1)
    return succeed(err);
  size_t workers = threads - 1;
  pool->workers = static_cast<pthread_t *>(calloc(workers, sizeof(pthread_t)));
  pool->starts =
      static_cast<WorkerStart *>(calloc(workers, sizeof(WorkerStart)));
  pool->scratch = static_cast<void **>(calloc(threads, sizeof(void *)));
  if (scratchSize > SIZE_MAX / workers - 64 ||
      posix_memalign(&pool->ownedScratch, 64,
                     scratchSize ? scratchSize * workers : 64) != 0)
    pool->ownedScratch = nullptr;
  if (!pool->workers || !pool->starts || !pool->scratch ||
      !pool->ownedScratch) {
    stopPool(pool);
    return fail(err, NNC_ERR_NOMEM,
                "cannot allocate %u threads' scratch (%llu bytes each)",
                threads, static_cast<unsigned long long>(scratchSize));
  }
  for (size_t i = 0; i < workers; ++i)
    pool->scratch[i + 1] =
        static_cast<uint8_t *>(pool->ownedScratch) + i * scratchSize;
  for (size_t i = 0; i < workers; ++i) {
    pool->starts[i] = {pool, static_cast<uint32_t>(i + 1)};
    if (int rc = pthread_create(&pool->workers[i], nullptr, worker,
                                &pool->starts[i])) {
      pool->threads = static_cast<uint32_t>(i + 1); // Join those started.
      stopPool(pool);
      return fail(err, NNC_ERR_ARGUMENT, "cannot start thread %zu of %u: %s",
                  i + 1, threads, strerror(rc));
    }
  }
  return succeed(err);
}

void nnc::rt::stopPool(ThreadPool *pool) {
  if (pool->workers) {
    __atomic_store_n(&pool->stopping, true, __ATOMIC_SEQ_CST);
    publish(&pool->job, load(&pool->job) + 1, &pool->jobSleepers);
    for (uint32_t i = 0; i + 1 < pool->threads; ++i)
      pthread_join(pool->workers[i], nullptr);
  }
  free(pool->workers);
  free(pool->starts);
  free(pool->scratch);
  free(pool->ownedScratch);
  *pool = ThreadPool();
}

void nnc::rt::runPool(ThreadPool *pool, void *const *args,
                      void *callerScratch) {
  pool->args = args;
  pool->scratch[0] = callerScratch;
  __atomic_store_n(&pool->finished, 0, __ATOMIC_SEQ_CST);
  publish(&pool->job, load(&pool->job) + 1, &pool->jobSleepers);
  pool->entry(args, callerScratch, 0, pool->threads, &pool->sync);
  uint32_t done;
  while ((done = load(&pool->finished)) != pool->threads - 1)
    waitWhileEqual(&pool->finished, done, &pool->finishedSleepers);
}
