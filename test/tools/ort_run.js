// ort_run.js - runs an ONNX model with onnxruntime-node, .npy in and out.
// The reference side of the end-to-end tests: the outputs it writes are what
// nnc-compiled models are compared against (see compare.py).
//
//   [NODE_PATH=build/ort/node_modules] node ort_run.js MODEL.onnx OUTDIR IN0.npy [IN1.npy ...]
//
// Inputs bind to the graph inputs in order; output i goes to OUTDIR/<i>.npy and
// its name is printed. Any error prints a message and exits with status 1.
'use strict';

const fs = require('fs');
const path = require('path');
const { readNpy, writeNpy } = require('./npy');

/// onnxruntime-node from NODE_PATH, else from the default build tree.
function loadOrt() {
  try {
    return require('onnxruntime-node');
  } catch (err) {
    const fallback = path.join(__dirname, '..', '..', 'build', 'ort', 'node_modules',
      'onnxruntime-node');
    if (fs.existsSync(fallback)) return require(fallback);
    throw new Error('cannot load onnxruntime-node (set NODE_PATH to its node_modules): ' +
      err.message);
  }
}

async function main(argv) {
  if (argv.length < 2) throw new Error('usage: ort_run.js MODEL.onnx OUTDIR IN0.npy [IN1.npy ...]');
  const [modelPath, outDir, ...inputPaths] = argv;
  const ort = loadOrt();

  const session = await ort.InferenceSession.create(modelPath, {
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
  });
  if (inputPaths.length !== session.inputNames.length)
    throw new Error(`${modelPath} has ${session.inputNames.length} inputs ` +
      `(${session.inputNames.join(', ')}) but ${inputPaths.length} .npy files were given`);

  const feeds = {};
  session.inputNames.forEach((name, i) => {
    const a = readNpy(inputPaths[i]);
    feeds[name] = new ort.Tensor(a.dtype, a.data, a.shape);
  });
  const results = await session.run(feeds);

  fs.mkdirSync(outDir, { recursive: true });
  session.outputNames.forEach((name, i) => {
    const t = results[name];
    const file = path.join(outDir, `${i}.npy`);
    writeNpy(file, t.type, t.dims, t.data);
    console.log(`${i} ${name} ${t.type} [${t.dims.join(', ')}] -> ${file}`);
  });
}

main(process.argv.slice(2)).catch((err) => {
  console.error(`ort_run.js: error: ${err && err.message ? err.message : err}`);
  process.exit(1);
});
