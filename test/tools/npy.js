// npy.js - minimal NumPy .npy (format 1.0) reader and writer.
// Used by ort_run.js to feed onnxruntime-node and write its outputs. Only
// C-order little-endian arrays of the dtypes in DTYPES; anything else is an
// error, so a test never silently reads the wrong bytes.
'use strict';

const fs = require('fs');

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY

// .npy descr -> typed-array constructor and onnxruntime tensor type: the
// dtypes of the nnc runtime. float16 travels as its IEEE bits.
const DTYPES = {
  '<f4': { array: Float32Array, ort: 'float32' },
  '<f2': { array: Uint16Array, ort: 'float16' },
  '<f8': { array: Float64Array, ort: 'float64' },
  '|i1': { array: Int8Array, ort: 'int8' },
  '<i2': { array: Int16Array, ort: 'int16' },
  '<i4': { array: Int32Array, ort: 'int32' },
  '<i8': { array: BigInt64Array, ort: 'int64' },
  '|u1': { array: Uint8Array, ort: 'uint8' },
  '<u2': { array: Uint16Array, ort: 'uint16' },
  '<u4': { array: Uint32Array, ort: 'uint32' },
  '<u8': { array: BigUint64Array, ort: 'uint64' },
  '|b1': { array: Uint8Array, ort: 'bool' },
};

// Numpy also spells the one-byte types without a byte-order mark or with '<'.
const ALIASES = {
  'i1': '|i1', '<i1': '|i1', 'u1': '|u1', '<u1': '|u1',
  'b1': '|b1', '<b1': '|b1', '?': '|b1', '|?': '|b1',
};

/// Parses the Python-literal header dict that numpy writes, e.g.
/// {'descr': '<f4', 'fortran_order': False, 'shape': (1, 3), }
function parseHeader(text, path) {
  const field = (name, pattern) => {
    const m = text.match(new RegExp(`'${name}'\\s*:\\s*${pattern}`));
    if (!m) throw new Error(`${path}: .npy header has no valid '${name}': ${text.trim()}`);
    return m[1];
  };
  const descr = field('descr', "'([^']*)'");
  const fortran = field('fortran_order', '(True|False)');
  const shapeText = field('shape', '\\(([^)]*)\\)');
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map((s) => {
    if (!/^\d+$/.test(s)) throw new Error(`${path}: bad dimension '${s}' in .npy shape`);
    return Number(s);
  });
  return { descr: ALIASES[descr] || descr, fortran: fortran === 'True', shape };
}

/// Reads a .npy file. Returns { dtype: ortType, shape: [..], data: TypedArray }.
function readNpy(path) {
  const buf = fs.readFileSync(path);
  if (buf.length < 10 || !buf.subarray(0, 6).equals(MAGIC))
    throw new Error(`${path}: not a .npy file (bad magic)`);
  const [major, minor] = [buf[6], buf[7]];
  if (major !== 1 || minor !== 0)
    throw new Error(`${path}: .npy format ${major}.${minor} not supported (only 1.0)`);
  const headerLen = buf.readUInt16LE(8);
  const dataStart = 10 + headerLen;
  if (dataStart > buf.length) throw new Error(`${path}: truncated .npy header`);
  const header = parseHeader(buf.toString('latin1', 10, dataStart), path);
  const type = DTYPES[header.descr];
  if (!type)
    throw new Error(`${path}: dtype '${header.descr}' not supported ` +
      `(supported: ${Object.keys(DTYPES).join(', ')})`);
  if (header.fortran) throw new Error(`${path}: Fortran-order arrays are not supported`);

  const count = header.shape.reduce((a, b) => a * b, 1);
  const byteLen = count * type.array.BYTES_PER_ELEMENT;
  if (buf.length - dataStart !== byteLen)
    throw new Error(`${path}: expected ${byteLen} data bytes for shape ` +
      `[${header.shape}] ${header.descr}, found ${buf.length - dataStart}`);
  // Copy into a fresh, aligned buffer: the data offset need not be aligned.
  const data = new type.array(count);
  Buffer.from(data.buffer).set(buf.subarray(dataStart));
  return { dtype: type.ort, shape: header.shape, data };
}

/// Writes a .npy file from an onnxruntime tensor type, a shape and a typed array.
function writeNpy(path, dtype, shape, data) {
  const descr = Object.keys(DTYPES).find((d) => DTYPES[d].ort === dtype);
  if (!descr) throw new Error(`${path}: cannot write tensor type '${dtype}' as .npy`);
  const count = shape.reduce((a, b) => a * b, 1);
  if (data.length !== count)
    throw new Error(`${path}: ${data.length} elements do not match shape [${shape}]`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Pad with spaces so magic + version + length + header + '\n' is a multiple of 64.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const prefix = Buffer.alloc(10);
  MAGIC.copy(prefix, 0);
  prefix[6] = 1;
  prefix[7] = 0;
  prefix.writeUInt16LE(header.length, 8);
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  fs.writeFileSync(path, Buffer.concat([prefix, Buffer.from(header, 'latin1'), body]));
}

module.exports = { readNpy, writeNpy };
