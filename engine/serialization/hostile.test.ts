/**
 * Crafted files that torch.save never writes: each is refused with a message that says what is
 * wrong (or, where PyTorch loads it, loaded), in bounded time and memory, without recursion
 * limits or exponential walks.
 */
import { describe, expect, it } from 'vitest';
import { torch } from '../index.ts';
import { bytesOf, checkpointZip, float32Bytes, int, pickle, str, tensorOps, u32 } from '../testing/pickles.ts';

const load = (dataPkl: Uint8Array, storages: Record<string, Uint8Array> = {}) => torch.load(checkpointZip(dataPkl, storages));

describe('hostile structures', () => {
  it('refuses containers nested deeper than 1000 levels, without overflowing the stack', () => {
    const depth = 100_000;
    const body = [...new Array<number>(depth).fill(0x5d), ...new Array<number>(depth - 1).fill(0x61)]; // EMPTY_LIST × n, APPEND × n-1
    expect(() => load(pickle(body))).toThrow(/nests containers more than 1000 levels deep/);
  });

  it('walks a structure that shares one list 2^60 ways in linear time', () => {
    const body: (number | number[])[] = [0x5d, 0x71, 0]; // L0 = [], memo 0
    for (let k = 0; k < 60; k++) body.push(0x5d, 0x28, 0x68, k, 0x68, k, 0x65, 0x71, k + 1); // L(k+1) = [Lk, Lk]
    const value = load(pickle(...body)) as unknown[];
    expect(value[0]).toBe(value[1]);
  });

  it('loads a list that contains itself, as Python does', () => {
    const value = load(pickle(0x5d, 0x71, 0, 0x68, 0, 0x61)) as unknown[];
    expect(value[0]).toBe(value);
  });

  it('refuses a stride-0 view that would expand one stored value into a billion', () => {
    expect(() => load(pickle(tensorOps('0', 1, 0, [1_000_000_000], [0])), { 0: float32Bytes([1]) })).toThrow(/more than a file of this size can hold/);
  });

  it('accepts a small stride-0 view, as PyTorch saves an expanded tensor', () => {
    const t = load(pickle(tensorOps('0', 2, 0, [3, 2], [0, 1])), { 0: float32Bytes([1, 2]) }) as torch.Tensor;
    expect(t.tolist()).toEqual([[1, 2], [1, 2], [1, 2]]);
  });

  it('refuses views that read past their storage, and storages shorter than declared or missing', () => {
    expect(() => load(pickle(tensorOps('0', 4, 2, [2, 2], [2, 1])), { 0: float32Bytes([1, 2, 3, 4]) })).toThrow(/reads element 5 of storage '0', which holds 4 float32 elements/);
    expect(() => load(pickle(tensorOps('0', 4, 0, [4], [1])), { 0: float32Bytes([1, 2]) })).toThrow(/storage '0' is truncated: .* 4 float32 elements \(16 bytes\), but the file has 8/);
    expect(() => load(pickle(tensorOps('7', 1, 0, [1], [1])))).toThrow(/storage '7' is missing: the checkpoint has no entry archive\/data\/7/);
  });

  it('refuses integers of more than 1024 bytes', () => {
    expect(() => load(pickle(0x8b, u32(5000), new Uint8Array(5000)))).toThrow(/integer of 5000 bytes/);
  });
});

describe('malformed pickles', () => {
  it.each([
    ['a memo read before it is written', pickle(0x68, 5), /memo entry 5 is read before it is written/],
    ['STOP on an empty stack', pickle(), /stack is empty/],
    ['APPEND to a dict', pickle(0x7d, 0x4e, 0x61), /APPEND can only add to a list/],
    ['SETITEM on a list', pickle(0x5d, 0x4e, 0x4e, 0x73), /SETITEM can only set items of a dict/],
    ['TUPLE without MARK', pickle(0x4e, 0x74), /needs a MARK/],
    ['an unknown opcode', pickle(0xff), /unknown opcode 0xff/],
    ['protocol 0 INST, which calls a class', pickle('ios\nsystem\n'), /INST .*never writes/],
    ['out-of-band buffers (protocol 5)', pickle(0x97), /NEXT_BUFFER/],
    ['a pickle with no STOP', bytesOf(0x80, 2, 0x4e), /data\.pkl is truncated/],
    ['invalid UTF-8 in a string', pickle('X', u32(2), 0xff, 0xfe), /not valid UTF-8/],
    ['REDUCE without a tuple of arguments', pickle('ccollections\nOrderedDict\n', 0x4e, 'R'), /REDUCE needs a tuple/],
    ['REDUCE of a dtype, which is not a function', pickle('ctorch\nfloat32\n', ')', 'R'), /calls torch\.float32, which is not a function/],
    ['a persistent id that is not a storage', pickle('(', str('module'), str('x'), 't', 'Q'), /persistent object of kind module/],
    ['a tensor as a dict key', pickle('}', tensorOps('0', 1, 0, [1], [1]), 0x4e, 's'), /tensor as a dict key/],
    ['BUILD on a list', pickle(0x5d, 0x7d, 'b'), /sets the state of object/],
    ['NEWOBJ of OrderedDict with keywords', pickle('ccollections\nOrderedDict\n', ')', '}', str('a'), 0x4e, 's', 0x92), /keyword arguments/],
  ])('%s', (_, dataPkl, message) => {
    expect(() => load(dataPkl, { 0: float32Bytes([1]) })).toThrow(message);
  });

  it('refuses the globals a hostile file uses, whichever opcode names them', () => {
    expect(() => load(pickle('csubprocess\ncheck_output\n'))).toThrow(/Refused GLOBAL subprocess\.check_output: it is a function that runs commands/);
    expect(() => load(pickle('c__builtin__\ngetattr\n'))).toThrow(/Refused GLOBAL builtins\.getattr/);
    expect(() => load(bytesOf(0x80, 4, 0x8c, 2, 'os', 0x8c, 6, 'system', 0x93, '.'))).toThrow(/Refused GLOBAL os\.system/);
    expect(() => load(pickle('cnumpy.core.multiarray\n_reconstruct\n'))).toThrow(/NumPy object/);
    expect(() => load(pickle('ctorch.optim.adam\nAdam\n'))).toThrow(/optimizer\.state_dict\(\)/);
    expect(() => load(pickle('ctorch._utils\n_rebuild_qtensor\n'))).toThrow(/quantized tensor: save t\.dequantize\(\)/);
    expect(() => load(pickle('ctorch\nComplexFloatStorage\n'))).toThrow(/complex64 tensor .*real and imaginary parts/);
    expect(() => load(pickle('cbuiltins\ncomplex\n'))).toThrow(/complex number/);
  });

  it('loads the allowed containers a pickle may build: sets, bytes, Counter, torch.Size, torch.device', () => {
    const value = load(pickle(
      '(',
      'cbuiltins\nset\n', '(', ']', '(', int(1), int(2), 'e', 't', 'R',
      0x8f, '(', int(3), 0x90,
      'c_codecs\nencode\n', '(', str('\u00ff\u0001'), str('latin1'), 't', 'R',
      'ctorch\nSize\n', '(', '(', int(2), int(3), 't', 't', 'R',
      'ctorch\ndevice\n', '(', str('cuda'), int(0), 't', 'R',
      'ccollections\nCounter\n', ')', 'R',
      'l',
    )) as unknown[];
    expect(value[0]).toEqual(new Set([1, 2]));
    expect(value[1]).toEqual(new Set([3]));
    expect(value[2]).toEqual(Uint8Array.from([0xff, 1]));
    expect(value[3]).toEqual([2, 3]);
    expect(Object.isFrozen(value[3])).toBe(true);
    expect(value[4]).toBe('cuda:0');
    expect(value[5]).toEqual({});
  });

  const legacyMagic = bytesOf(0x80, 2, 0x8a, 10, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, '.');

  it('refuses a plain pickle that is not a torch.save file, and a legacy file with the wrong protocol', () => {
    expect(() => torch.load(pickle(int(5)))).toThrow(/not one written by torch\.save/);
    expect(() => torch.load(bytesOf(legacyMagic, pickle(int(7))))).toThrow(/protocol version 7; only 1001/);
  });

  it("reads a legacy storage view (PyTorch < 0.4's view_metadata) as its slice of the root storage", () => {
    const object = pickle(
      'ctorch._utils\n_rebuild_tensor_v2\n', '(',
      '(', str('storage'), 'ctorch\nFloatStorage\n', str('root'), str('cpu'), int(4), '(', str('view'), int(1), int(2), 't', 't', 'Q',
      int(0), '(', int(2), 't', '(', int(1), 't', 0x89, 'ccollections\nOrderedDict\n', ')', 'R', 't', 'R',
    );
    const numel = bytesOf(4, 0, 0, 0, 0, 0, 0, 0);
    const file = bytesOf(legacyMagic, pickle(int(1001)), pickle('}'), object, pickle(']', str('root'), 'a'), numel, float32Bytes([10, 20, 30, 40]));
    expect((torch.load(file) as torch.Tensor).tolist()).toEqual([20, 30]);
  });
});
