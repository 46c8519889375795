"""
RNN Playground's toy tasks in Python: the same data, drawn the same way, as the app draws it.

Each task's `draw_batch(n, seq_len, rng)` is a line-by-line port of its TypeScript sampler
(src/lab/tasks/<task>.ts), and `Rng` is the app's generator (mulberry32, src/lab/tasks/rng.ts),
so from the same generator state this file draws the same batches the browser would.

Where the stream can differ from the browser's: the integer arithmetic of `Rng`, and so every
uniform, integer, coin flip and shuffle, is exact. Values that go through `math.sin`, `math.cos`
and `math.log` (the sine task's waves and its Gaussian noise) use this platform's C library,
while the browser uses its own; the two may differ in the last bit of a float64, which the
rounding to float32 almost always hides. The draws consumed per batch never depend on those
values, so a rare last-bit difference never shifts the stream.

    rng = Rng(state)                     # an exported `data_rng` state, or a seed
    task = make_task(spec)               # spec: {"task": "sine", "knobs": {...}, ...}
    batch = task.draw_batch(32, 40, rng)  # {"input": [32, 40, 1], "target": [32, 40, 1]}
"""
import math
import struct

import torch

IGNORE_INDEX = -100
_MASK = 0xFFFFFFFF
_TWO_POW_32 = 4294967296.0


class Rng:
    """Mulberry32: one 32-bit word of state, so a checkpoint carries it as one integer."""

    def __init__(self, state):
        self.s = int(state) & _MASK

    def state(self):
        return self.s

    def next(self):
        """A uniform float in [0, 1) with 32 bits of resolution."""
        self.s = (self.s + 0x6D2B79F5) & _MASK
        t = self.s
        t = ((t ^ (t >> 15)) * (t | 1)) & _MASK
        t = (t ^ ((t + (((t ^ (t >> 7)) * (t | 61)) & _MASK)) & _MASK)) & _MASK
        return ((t ^ (t >> 14)) & _MASK) / _TWO_POW_32

    def int(self, n):
        """A uniform integer in [0, n)."""
        return math.floor(self.next() * n)

    def uniform(self, low, high):
        return low + (high - low) * self.next()

    def bernoulli(self, p):
        return self.next() < p

    def normal(self, mean=0.0, std=1.0):
        """Box-Muller with two uniforms; the second normal is discarded, as in the app."""
        u1 = 1 - self.next()
        u2 = self.next()
        return mean + std * math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)

    def shuffle(self, items):
        """Fisher-Yates, in place."""
        for i in range(len(items) - 1, 0, -1):
            j = self.int(i + 1)
            items[i], items[j] = items[j], items[i]
        return items


def _batch(inputs, input_shape, targets, target_shape, classes, lengths=None):
    batch = {
        "input": torch.tensor(inputs, dtype=torch.float32).reshape(input_shape),
        "target": torch.tensor(targets, dtype=torch.long if classes else torch.float32).reshape(target_shape),
    }
    if lengths is not None:
        batch["lengths"] = torch.tensor(lengths, dtype=torch.long)
    return batch


def _float32(v):
    """v rounded to float32, as a Float32Array stores it."""
    return struct.unpack("<f", struct.pack("<f", v))[0]


def _one_hot(symbols, count):
    """Flat one-hot rows; a negative symbol (padding) is an all-zero step."""
    out = [0.0] * (len(symbols) * count)
    for i, s in enumerate(symbols):
        if s >= 0:
            out[i * count + s] = 1.0
    return out


class Sine:
    """Next-value prediction on noisy sine waves (sine.ts)."""

    def __init__(self, knobs):
        self.low = min(knobs["freqMin"], knobs["freqMax"])
        self.high = max(knobs["freqMin"], knobs["freqMax"])
        self.noise = knobs["noise"]

    def draw_batch(self, n, seq_len, rng):
        inputs, targets = [], []
        for _ in range(n):
            omega = 2 * math.pi * rng.uniform(self.low, self.high)
            phase = rng.uniform(0, 2 * math.pi)
            for t in range(seq_len):
                inputs.append(math.sin(omega * t + phase) + (rng.normal(0, self.noise) if self.noise > 0 else 0))
                targets.append(math.sin(omega * (t + 1) + phase))
        return _batch(inputs, (n, seq_len, 1), targets, (n, seq_len, 1), False)


class Adding:
    """Sum the two marked numbers, answered at the last step (adding.ts)."""

    def draw_batch(self, n, seq_len, rng):
        inputs = [0.0] * (n * seq_len * 2)
        targets = []
        half = seq_len // 2
        for i in range(n):
            for t in range(seq_len):
                inputs[(i * seq_len + t) * 2] = rng.next()
            first = rng.int(half)
            second = half + rng.int(seq_len - half)
            inputs[(i * seq_len + first) * 2 + 1] = 1.0
            inputs[(i * seq_len + second) * 2 + 1] = 1.0
            # The app sums the two values after storing them as float32.
            targets.append(_float32(inputs[(i * seq_len + first) * 2]) + _float32(inputs[(i * seq_len + second) * 2]))
        return _batch(inputs, (n, seq_len, 2), targets, (n, 1), False)


class Parity:
    """Running parity of a bit stream (parity.ts)."""

    def draw_batch(self, n, seq_len, rng):
        bits = [rng.int(2) for _ in range(n * seq_len)]
        targets = []
        for i in range(n):
            odd = 0
            for bit in bits[i * seq_len:(i + 1) * seq_len]:
                odd ^= 1 if bit == 1 else 0
                targets.append(odd)
        return _batch([float(b) for b in bits], (n, seq_len, 1), targets, (n, seq_len), True)


def _symbol_batch(rng, n, seq_len, count, targets_of):
    """Random symbols, one-hot, with per-sequence class targets (symbols.ts)."""
    symbols = [rng.int(count) for _ in range(n * seq_len)]
    targets = []
    for i in range(n):
        targets.extend(targets_of(symbols[i * seq_len:(i + 1) * seq_len]))
    return _batch(_one_hot(symbols, count), (n, seq_len, count), targets, (n, seq_len), True)


class Echo:
    """Repeat the symbol from k steps ago; the first k steps are not scored (echo.ts)."""

    def __init__(self, knobs):
        self.delay = int(knobs["delay"])
        self.symbols = int(knobs["symbols"])

    def draw_batch(self, n, seq_len, rng):
        k = self.delay
        return _symbol_batch(rng, n, seq_len, self.symbols, lambda s: [IGNORE_INDEX if t < k else s[t - k] for t in range(len(s))])


class Reverse:
    """Output the mirrored symbol (reverse.ts)."""

    def __init__(self, knobs):
        self.symbols = int(knobs["symbols"])

    def draw_batch(self, n, seq_len, rng):
        return _symbol_batch(rng, n, seq_len, self.symbols, lambda s: s[::-1])


class Brackets:
    """Nesting depth of a bracket string that never closes more than it opened (brackets.ts)."""

    def __init__(self, knobs):
        self.max_depth = int(knobs["maxDepth"])
        self.open_prob = knobs["openProb"]

    def draw_batch(self, n, seq_len, rng):
        inputs = [0.0] * (n * seq_len * 2)
        targets = []
        for i in range(n):
            depth = 0
            for t in range(seq_len):
                # At depth 0 only '(' is legal and at the cap only ')'; in between, a biased coin.
                opens = depth == 0 or (depth < self.max_depth and rng.bernoulli(self.open_prob))
                depth += 1 if opens else -1
                inputs[(i * seq_len + t) * 2 + (0 if opens else 1)] = 1.0
                targets.append(float(depth))
        return _batch(inputs, (n, seq_len, 2), targets, (n, seq_len, 1), False)


class Pattern:
    """Does a variable-length string of A, B, C contain ABA? (pattern.ts)"""

    A, B, SYMBOLS = 0, 1, 3

    def __init__(self, knobs):
        self.min_length = int(knobs["minLength"])

    def draw_batch(self, n, seq_len, rng):
        # Exactly half the batch (rounded up) is positive, in shuffled order.
        labels = rng.shuffle([1 if i < math.ceil(n / 2) else 0 for i in range(n)])
        shortest = min(self.min_length, seq_len)
        symbols = [-1] * (n * seq_len)
        lengths = []
        for i, label in enumerate(labels):
            length = shortest + rng.int(seq_len - shortest + 1)
            row = [0] * length
            if label == 1:
                for t in range(length):
                    row[t] = rng.int(self.SYMBOLS)
                at = rng.int(length - 2)
                row[at:at + 3] = [self.A, self.B, self.A]
            else:
                for t in range(length):
                    after_ab = t >= 2 and row[t - 2] == self.A and row[t - 1] == self.B
                    row[t] = self.B + rng.int(2) if after_ab else rng.int(self.SYMBOLS)
            symbols[i * seq_len:i * seq_len + length] = row
            lengths.append(length)
        return _batch(_one_hot(symbols, self.SYMBOLS), (n, seq_len, self.SYMBOLS), labels, (n,), True, lengths)


class TextLM:
    """Next character of a text read as a loop, windows at random starts (text_lm.ts)."""

    def __init__(self, ids, vocab_size):
        self.ids = ids
        self.size = vocab_size

    def draw_batch(self, n, seq_len, rng):
        ids, size = self.ids, self.size
        inputs = [0.0] * (n * seq_len * size)
        targets = []
        for i in range(n):
            start = rng.int(len(ids))
            for t in range(seq_len):
                inputs[(i * seq_len + t) * size + ids[(start + t) % len(ids)]] = 1.0
                targets.append(ids[(start + t + 1) % len(ids)])
        return _batch(inputs, (n, seq_len, size), targets, (n, seq_len), True)


class Numbers:
    """Windows cut from the user's standardised sequences, predicting the next values (custom_numbers.ts)."""

    def __init__(self, sequences, steps, width):
        self.sequences = sequences
        self.steps = steps
        self.width = width

    def draw_batch(self, n, seq_len, rng):
        w = self.width
        row = seq_len * w
        inputs, targets = [], []
        for _ in range(n):
            seq = self.sequences[rng.int(len(self.sequences))]
            start = rng.int(self.steps - seq_len) * w
            inputs.extend(seq[start:start + row])
            targets.extend(seq[start + w:start + w + row])
        return _batch(inputs, (n, seq_len, w), targets, (n, seq_len, w), False)


def make_task(spec):
    """The sampler for an exported task spec: {"task": id, "knobs": {...}, plus "text" or "numbers" data}."""
    task, knobs = spec["task"], spec.get("knobs", {})
    if task == "sine":
        return Sine(knobs)
    if task == "adding":
        return Adding()
    if task == "parity":
        return Parity()
    if task == "echo":
        return Echo(knobs)
    if task == "reverse":
        return Reverse(knobs)
    if task == "brackets":
        return Brackets(knobs)
    if task == "pattern":
        return Pattern(knobs)
    if task in ("charlm", "custom_text"):
        return TextLM(spec["text"]["ids"], len(spec["text"]["vocab"]))
    if task == "custom_numbers":
        data = spec["numbers"]
        return Numbers(data["sequences"], data["steps"], data["width"])
    raise ValueError(f"unknown task {task!r}: this file knows sine, adding, parity, echo, reverse, brackets, pattern, charlm, custom_text, custom_numbers")
