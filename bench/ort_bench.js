// ort_bench.js: times onnxruntime in-process, the way `nnc bench` times nnc.
// usage: node ort_bench.js MODEL.onnx [--runs N] [--warmup N] [--threads T]
// Prints one JSON line: {"median_ms":…, "min_ms":…, "max_ms":…, "runs":…}.
// Inputs are seeded uniform [-1, 1) float32, like `nnc bench`.
'use strict';
const path = require('path');
let ort;
try {
  ort = require('onnxruntime-node');
} catch (e) {
  ort = require(path.join(__dirname, '..', 'build', 'ort', 'node_modules',
                          'onnxruntime-node'));
}

function option(args, name, dflt) {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}

async function main() {
  const args = process.argv.slice(2);
  const model = args[0];
  const runs = option(args, '--runs', 100);
  const warmup = option(args, '--warmup', 10);
  const threads = option(args, '--threads', 1);
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  // A small LCG keeps inputs deterministic without extra dependencies.
  let state = 12345;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648 * 2 - 1;
  };
  const feeds = {};
  for (const name of session.inputNames) {
    const meta = session.inputMetadata.find((m) => m.name === name);
    const shape = meta.shape.map((d) => (typeof d === 'number' ? d : 1));
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    for (let i = 0; i < n; ++i) data[i] = next();
    feeds[name] = new ort.Tensor('float32', data, shape);
  }
  for (let i = 0; i < warmup; ++i) await session.run(feeds);
  const times = [];
  for (let i = 0; i < runs; ++i) {
    const start = process.hrtime.bigint();
    await session.run(feeds);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  const median = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
  console.log(JSON.stringify({median_ms: median, min_ms: times[0],
                              max_ms: times[times.length - 1], runs}));
}

main().catch((e) => {
  console.error('ort_bench.js: error: ' + e.message);
  process.exit(1);
});
