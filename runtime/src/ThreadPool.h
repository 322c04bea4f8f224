//===- ThreadPool.h - Threads that run a model's SPMD entry -----*- C++ -*-===//
//
// A model compiled with a parallel entry is run by N threads at once: the
// caller and N-1 workers that the pool creates when the thread count is set
// (never during a run). Threads wait by spinning briefly, then on a futex.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_RUNTIME_THREADPOOL_H
#define NNC_RUNTIME_THREADPOOL_H

#include "ElfLoader.h"

#include <pthread.h>
#include <stdint.h>

namespace nnc::rt {

/// A run's profile: nanoseconds per phase, added to by each barrier.
struct Profile {
  uint64_t *phaseNs = nullptr; ///< The caller's; null when not profiling.
  uint32_t phases = 0;         ///< Entries of phaseNs.
  uint32_t phase = 0;          ///< The phase running now.
  uint64_t start = 0;          ///< When it started (CLOCK_MONOTONIC ns).
};

/// What compiled code receives as `sync`: the barrier must come first.
struct Sync {
  void (*barrier)(Sync *);
  uint32_t threads;
  Profile profile;
  alignas(64) uint32_t arrived;
  alignas(64) uint32_t phase;
  uint32_t sleepers;
};

struct ThreadPool;
struct WorkerStart {
  ThreadPool *pool;
  uint32_t index;
};

struct ThreadPool {
  Sync sync;
  uint32_t threads = 1; ///< Including the caller.
  pthread_t *workers = nullptr;
  WorkerStart *starts = nullptr;
  void **scratch = nullptr; ///< Per thread; [0] is set by each run.
  void *ownedScratch = nullptr;
  ParallelEntryFn entry = nullptr;
  void *const *args = nullptr;
  alignas(64) uint32_t job = 0;      ///< Bumped to start a run (or to stop).
  uint32_t jobSleepers = 0;
  alignas(64) uint32_t finished = 0; ///< Workers done with the current job.
  uint32_t finishedSleepers = 0;
  bool stopping = false;
};

/// Starts `threads - 1` workers, each with `scratchSize` bytes of private
/// scratch. Fails with NNC_ERR_NOMEM or NNC_ERR_ARGUMENT (threads cannot be
/// created); the pool is then empty.
nnc_status startPool(ThreadPool *pool, uint32_t threads, ParallelEntryFn entry,
                     uint64_t scratchSize, nnc_error *err);

/// Stops and joins the workers and frees what startPool allocated.
void stopPool(ThreadPool *pool);

/// Runs entry(args, scratch_t, t, threads, sync) on every thread, the
/// caller being thread 0 with `callerScratch`; returns when all are done.
void runPool(ThreadPool *pool, void *const *args, void *callerScratch);

/// Runs `entry` on the caller alone as thread 0 of 1 with the pool's sync,
/// so that its barriers (which return at once) time the phases.
void runAlone(ThreadPool *pool, ParallelEntryFn entry, void *const *args,
              void *scratch);

/// Starts profiling a run when `profile` has a buffer: phase 0 from now.
void startProfile(Profile *profile);
/// Adds the time since the current phase started to it; the next phase
/// starts now.
void endPhase(Profile *profile);

/// Online CPUs, at least 1.
uint32_t onlineCpus();

} // namespace nnc::rt

#endif // NNC_RUNTIME_THREADPOOL_H
