"""The benchmark's native peer: the training step of engine/bench/workload.ts in PyTorch.

nn.RNN (tanh), nn.LSTM or nn.GRU (the workload's "cell") over a time-major batch, a Linear head back to the input size at every timestep,
mse_loss against a target, backward through time and plain SGD, exactly as engine_side.ts writes
it with our engine. Inputs and targets come from the same LCG as workloadData() in workload.ts.

Run by train_step.bench.ts, one process per workload and thread count, which talks to it over
lines on stdin and stdout so that its timed rounds interleave with ours:
  argv: the workload as JSON, the thread count
  prints: "ready <torch version> <BLAS library>" once warm
  reads "round <ms>": runs steps for at least <ms> milliseconds, prints the steps per second
  reads "quit" (or end of input): exits
"""
import json
import os
import sys
import time

import torch

LEARNING_RATE = 0.01


def workload_data(w):
    """workloadData() of workload.ts: the LCG s = s * 1664525 + 1013904223 mod 2^32, s / 2^31 - 1."""
    length = w["seq"] * w["batch"] * w["input"]
    s = 12345
    values = []
    for _ in range(2 * length):
        s = (s * 1664525 + 1013904223) & 0xFFFFFFFF
        values.append(s / 2**31 - 1)
    shape = (w["seq"], w["batch"], w["input"])
    x = torch.tensor(values[:length], dtype=torch.float32).reshape(shape)
    target = torch.tensor(values[length:], dtype=torch.float32).reshape(shape)
    return x, target


def blas_library():
    """The BLAS this process loaded, from its memory map: shows whether LD_LIBRARY_PATH took."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line}
        return ",".join(sorted(os.path.basename(os.path.dirname(p)) + "/" + os.path.basename(p) for p in paths)) or "none"
    except OSError:
        return "unknown"


def main():
    w = json.loads(sys.argv[1])
    threads = int(sys.argv[2])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    dirs = 2 if w["bidirectional"] else 1
    layer = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[w["cell"]]
    rnn = layer(w["input"], w["hidden"], num_layers=w["layers"], bidirectional=w["bidirectional"])
    head = torch.nn.Linear(dirs * w["hidden"], w["input"])
    optimizer = torch.optim.SGD([*rnn.parameters(), *head.parameters()], lr=LEARNING_RATE)
    x, target = workload_data(w)

    def step():
        optimizer.zero_grad()
        output, _ = rnn(x)
        loss = torch.nn.functional.mse_loss(head(output), target)
        loss.backward()
        optimizer.step()
        loss.item()

    start = time.perf_counter()
    step()
    while time.perf_counter() - start < 0.5:
        step()
    print("ready", torch.__version__, blas_library(), flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == "quit":
            break
        ms = float(words[1])
        steps = 0
        start = time.perf_counter()
        elapsed = 0.0
        while steps == 0 or elapsed * 1000 < ms:
            step()
            steps += 1
            elapsed = time.perf_counter() - start
        print(steps / elapsed, flush=True)


if __name__ == "__main__":
    main()
