"""
Runs an exported RNN Playground experiment (experiment.py holds what it is; this file, how it
runs): on the CPU or a GPU, in one process or several (DistributedDataParallel), with
checkpoints it can resume from, a CSV of the losses and TensorBoard logs where installed.

Every step draws one global batch of the app's batch size. The first steps use the batches the
app exported (data.json), the same ones the browser would train on next; after those,
playground_data.py draws more from the app's data generator, continuing its random stream.
With N processes, each one trains on its share (1/N of the rows) of every global batch and the
gradients are averaged so that the step equals a one-process step on the whole batch: the
losses match the single-process run to float32 rounding, whatever N is.
"""
import argparse
import csv
import json
import os
import socket
import struct
import sys

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch.nn.parallel import DistributedDataParallel

from playground_data import Rng, make_task

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKPOINT_FORMAT = "rnn-playground-checkpoint"
CHECKPOINT_VERSION = 1
MERSENNE_N = 624


def load_json(name):
    with open(os.path.join(HERE, name)) as f:
        return json.load(f)


def parse_args(argv, exported_batches):
    p = argparse.ArgumentParser(
        prog="experiment.py",
        description="Train the exported experiment further, anywhere PyTorch runs.",
        epilog="Several processes: --nproc N here, or torchrun --nproc_per_node=N experiment.py (see README.txt).",
    )
    p.add_argument("--steps", type=int, default=exported_batches,
                   help=f"training steps after the exported step (default {exported_batches}: the exported batches; more are generated)")
    p.add_argument("--device", choices=["auto", "cpu", "cuda", "mps"], default="auto",
                   help="where to train (default: cuda if there is a GPU, else mps on Apple silicon, else cpu)")
    p.add_argument("--out", default=os.path.join(HERE, "run"), help="folder for checkpoints, loss_history.csv and TensorBoard logs (default: run/ beside this script)")
    p.add_argument("--checkpoint-every", type=int, default=1000, metavar="K", help="save a .pt checkpoint every K steps (0: only at the end; default 1000)")
    p.add_argument("--resume", nargs="?", const="latest", metavar="CHECKPOINT",
                   help="continue from a checkpoint (default: the latest in --out), exactly as if training had never stopped")
    p.add_argument("--eval-every", type=int, default=100, metavar="K", help="held-out loss every K steps (0: only at the start and the end)")
    p.add_argument("--print-every", type=int, default=1, metavar="K", help="print the training loss every K steps")
    p.add_argument("--nproc", type=int, default=1, metavar="N", help="start N processes here and train with DistributedDataParallel")
    p.add_argument("--backend", choices=["gloo", "nccl"], help="the process group backend (default: nccl on GPUs, gloo on the CPU)")
    p.add_argument("--no-tensorboard", action="store_true", help="do not write TensorBoard logs even if torch.utils.tensorboard is installed")
    args = p.parse_args(argv)
    for name in ("steps", "checkpoint_every", "eval_every"):
        if getattr(args, name) < 0:
            p.error(f"--{name.replace('_', '-')} must be 0 or more, got {getattr(args, name)}")
    if args.print_every < 1:
        p.error(f"--print-every must be 1 or more, got {args.print_every}")
    if args.nproc < 1:
        p.error(f"--nproc must be 1 or more, got {args.nproc}")
    return args


def pick_device(name, local_rank, world):
    """The device asked for, or a clear exit when this machine does not have it."""
    has_cuda = torch.cuda.is_available()
    mps = getattr(torch.backends, "mps", None)
    has_mps = mps is not None and mps.is_available()
    if name == "auto":
        name = "cuda" if has_cuda else "mps" if has_mps and world == 1 else "cpu"
    if name == "cuda":
        if not has_cuda:
            sys.exit(f"experiment.py: --device cuda, but torch.cuda.is_available() is False here (PyTorch {torch.__version__}"
                     f"{', built without CUDA' if torch.version.cuda is None else ''}). Use --device cpu, or run where a GPU is.")
        if local_rank >= torch.cuda.device_count():
            sys.exit(f"experiment.py: process {local_rank} needs GPU {local_rank}, but this machine has {torch.cuda.device_count()}: "
                     "start at most one process per GPU.")
        torch.cuda.set_device(local_rank)
        return torch.device("cuda", local_rank)
    if name == "mps":
        if not has_mps:
            sys.exit(f"experiment.py: --device mps, but torch.backends.mps.is_available() is False here (PyTorch {torch.__version__}). "
                     "It needs Apple silicon and PyTorch 1.12 or newer; use --device cpu.")
        if world > 1:
            sys.exit("experiment.py: DistributedDataParallel has no backend for mps; use --device cpu with several processes.")
        return torch.device("mps")
    return torch.device("cpu")


def tensors(batch, classes):
    """A batch from data.json as tensors, as playground_data.py draws them."""
    out = {
        "input": torch.tensor(batch["input"], dtype=torch.float32),
        "target": torch.tensor(batch["target"], dtype=torch.long if classes else torch.float32),
    }
    if "lengths" in batch:
        out["lengths"] = torch.tensor(batch["lengths"], dtype=torch.long)
    return out


def rows_of(batch, rank, world, device):
    """This process's share of a global batch: a contiguous block of rows, on `device`."""
    n = batch["input"].shape[0]
    lo, hi = rank * n // world, (rank + 1) * n // world
    lengths = batch.get("lengths")
    # pack_padded_sequence wants the lengths on the CPU, wherever the data is.
    return batch["input"][lo:hi].to(device), batch["target"][lo:hi].to(device), None if lengths is None else lengths[lo:hi]


def same_batch(a, b):
    """Whether two batches hold the same values (inputs to float32 rounding: see playground_data.py)."""
    return (a["input"].shape == b["input"].shape and torch.allclose(a["input"], b["input"], rtol=0, atol=1e-6)
            and torch.equal(a["target"], b["target"]) and torch.equal(a.get("lengths", torch.zeros(0)), b.get("lengths", torch.zeros(0))))


def evaluate(exp, model, batch, device):
    """Loss on the held-out batch, without dropout and without building a graph."""
    x, target, lengths = rows_of(batch, 0, 1, device)
    model.eval()
    with torch.no_grad():
        loss = exp.loss_sum(model(x, lengths), target, lengths) / exp.scored(target)
    model.train()
    return loss.item()


def generator_state():
    """The default CPU generator in the app's form (engine GeneratorState): seed, mt words, index, cached normal.

    torch.get_rng_state() is PyTorch's CPUGeneratorImplState: seed (u64), left (i32), seeded (i32),
    next (u64), 624 state words (u64), normal x, y, rho (f64), normal_is_valid (i32), then the float normal.
    """
    raw = bytes(torch.get_rng_state().tolist())
    seed, left = struct.unpack_from("<Qi", raw, 0)
    words = struct.unpack_from(f"<{MERSENNE_N}Q", raw, 24)
    normal_y = struct.unpack_from("<d", raw, 24 + 8 * MERSENNE_N + 8)[0]
    normal_valid = struct.unpack_from("<i", raw, 24 + 8 * MERSENNE_N + 24)[0]
    return {"seed": seed, "mt": [w & 0xFFFFFFFF for w in words], "index": MERSENNE_N + 1 - left,
            "nextDoubleNormal": normal_y if normal_valid else None}


def to_cpu(value):
    if torch.is_tensor(value):
        return value.detach().cpu()
    if isinstance(value, dict):
        return {k: to_cpu(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_cpu(v) for v in value]
    return value


def save_checkpoint(path, exp, model, optimizer, step, rng, world):
    """Everything a resume (here, or in the app's Open checkpoint) needs, on the CPU; written atomically."""
    state = {
        "format": CHECKPOINT_FORMAT,
        "version": CHECKPOINT_VERSION,
        "config": exp.config,
        "step": step,
        "model": to_cpu(model.state_dict()),
        "optimizer": to_cpu(optimizer.state_dict()),
        "data_rng": rng.state(),
        "torch_rng": torch.get_rng_state(),
        "generator": generator_state(),
        "world_size": world,
        "torch_version": str(torch.__version__),  # a plain str: TorchVersion is a class the weights_only loaders refuse
    }
    tmp = f"{path}.partial"
    torch.save(state, tmp)
    os.replace(tmp, path)


def load_checkpoint(path, exp, model, optimizer):
    """Restores a checkpoint of this experiment; a clear exit when it is something else."""
    if not os.path.isfile(path):
        sys.exit(f"experiment.py: --resume: no checkpoint at {path} (checkpoints are written to --out every --checkpoint-every steps).")
    state = torch.load(path, map_location="cpu")
    if not isinstance(state, dict) or state.get("format") != CHECKPOINT_FORMAT:
        sys.exit(f"experiment.py: --resume: {path} is not a checkpoint written by this script.")
    if state.get("version") != CHECKPOINT_VERSION:
        sys.exit(f"experiment.py: --resume: {path} is checkpoint version {state.get('version')}; this script reads version {CHECKPOINT_VERSION}.")
    if state["config"] != exp.config:
        sys.exit(f"experiment.py: --resume: {path} belongs to another experiment (its config differs from this export's).")
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    torch.set_rng_state(state["torch_rng"])
    return state["step"], Rng(state["data_rng"])


class LossLog:
    """loss_history.csv (step, loss, held-out loss) and TensorBoard scalars; the main process only."""

    def __init__(self, out, resume_step, tensorboard):
        self.path = os.path.join(out, "loss_history.csv")
        kept = []
        if resume_step is not None and os.path.isfile(self.path):
            with open(self.path, newline="") as f:
                kept = [row for row in csv.DictReader(f) if int(row["step"]) <= resume_step]
        self.file = open(self.path, "w", newline="")
        self.csv = csv.DictWriter(self.file, fieldnames=["step", "loss", "held_out_loss"])
        self.csv.writeheader()
        self.csv.writerows(kept)
        self.writer = None
        if tensorboard:
            try:
                from torch.utils.tensorboard import SummaryWriter
            except ImportError:
                print("TensorBoard logs skipped: torch.utils.tensorboard needs the tensorboard package (pip install tensorboard)")
            else:
                self.writer = SummaryWriter(os.path.join(out, "tensorboard"), purge_step=resume_step)

    def row(self, step, loss, held_out=None):
        self.csv.writerow({"step": step, "loss": "" if loss is None else f"{loss:.9g}", "held_out_loss": "" if held_out is None else f"{held_out:.9g}"})
        if self.writer is not None:
            if loss is not None:
                self.writer.add_scalar("loss/train", loss, step)
            if held_out is not None:
                self.writer.add_scalar("loss/held_out", held_out, step)

    def flush(self):
        self.file.flush()
        if self.writer is not None:
            self.writer.flush()

    def close(self):
        self.file.close()
        if self.writer is not None:
            self.writer.close()


def train(exp, args, rank=0, world=1, local_rank=0):
    main_process = rank == 0
    say = print if main_process else (lambda *a, **k: None)
    if world > exp.batch_size:
        sys.exit(f"experiment.py: {world} processes but a batch of {exp.batch_size} rows: each process needs at least one row.")
    device = pick_device(args.device, local_rank, world)
    data = load_json("data.json")
    meta = load_json("experiment.json")
    exported = data["train"]
    held_out = tensors(data["eval"], exp.classes)
    task = make_task(meta["task"])

    # 1. The same seed gives the same initial weights: the app's init is bit-exact with PyTorch's
    # (orthogonal_ to float rounding: exp.initial_atol).
    torch.manual_seed(exp.seed)
    model = exp.model()
    if main_process and args.resume is None:
        initial = load_json("initial_weights.json")
        same = all(torch.allclose(p, torch.tensor(initial[name], dtype=torch.float32), rtol=0, atol=exp.initial_atol)
                   for name, p in model.state_dict().items())
        say(f"initial weights from torch.manual_seed({exp.seed}) equal the browser's: {same}")
    model.to(device)
    optimizer = exp.make_optimizer(model.parameters())

    # 2. Where training starts: the app's state at the export, or a checkpoint.
    os.makedirs(args.out, exist_ok=True)
    latest = os.path.join(args.out, "checkpoint.pt")
    if args.resume is not None:
        step, rng = load_checkpoint(latest if args.resume == "latest" else args.resume, exp, model, optimizer)
        say(f"resumed from step {step}")
    else:
        exp.load_exported(model, optimizer)
        step, rng = exp.exported_step, Rng(meta["data_rng"])
    net = DistributedDataParallel(model, device_ids=[local_rank] if device.type == "cuda" else None) if world > 1 else model
    final = exp.exported_step + args.steps
    log = LossLog(args.out, step if args.resume is not None else None, not args.no_tensorboard) if main_process else None
    if world > 1:
        say(f"training with DistributedDataParallel: {world} processes, {exp.batch_size} rows per step shared among them")

    if main_process:
        held = evaluate(exp, model, held_out, device)
        say(f"held-out loss at step {step}: {held:.8g}")
        if args.resume is None:
            log.row(step, None, held)
    checked = matched = 0

    # 3. Train: one global batch per step, this process's rows of it.
    while step < final:
        index = step - exp.exported_step
        batch = task.draw_batch(exp.batch_size, exp.seq_len, rng)
        if index < len(exported):
            saved = tensors(exported[index], exp.classes)
            checked, matched = checked + 1, matched + same_batch(batch, saved)
            batch = saved  # exactly the app's batch, whatever this platform's sin and log round to
        count = exp.scored(batch["target"])
        x, target, lengths = rows_of(batch, rank, world, device)
        optimizer.zero_grad()
        summed = exp.loss_sum(net(x, lengths), target, lengths)
        # DDP averages gradients over processes, so each scales its sum by world / count: the
        # average is then the gradient of the whole batch's mean loss.
        (summed * (world / count)).backward()  # backpropagation through time
        if exp.clip_grad_norm > 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), exp.clip_grad_norm)
        optimizer.step()
        total = summed.detach()
        if world > 1:
            dist.all_reduce(total)
        step += 1
        loss = (total / count).item()
        if step % args.print_every == 0 or step == final:
            say(f"step {step} loss {loss:.8g}")
        due = step == final or (args.eval_every and step % args.eval_every == 0)
        evaluated = evaluate(exp, model, held_out, device) if main_process and due else None
        if evaluated is not None:
            held = evaluated
        if log is not None:
            log.row(step, loss, evaluated)
        if main_process and args.checkpoint_every and step % args.checkpoint_every == 0:
            save_checkpoint(os.path.join(args.out, f"checkpoint_step{step}.pt"), exp, model, optimizer, step, rng, world)
            save_checkpoint(latest, exp, model, optimizer, step, rng, world)
            log.flush()

    if checked:
        say(f"the Python data generator reproduces the exported batches: {matched} of {checked}")
    # 4. The held-out batch after those steps, and a checkpoint of where training ended.
    if main_process:
        say(f"held-out loss at step {step}: {held:.8g}")
        save_checkpoint(latest, exp, model, optimizer, step, rng, world)
        log.close()
        say(f"checkpoint at step {step}: {latest}")


def _process(rank, exp, world, port, args):
    """One of the --nproc processes: joins the local rendezvous, then trains its share."""
    backend = args.backend or ("nccl" if args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available()) else "gloo")
    dist.init_process_group(backend, init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=world)
    try:
        train(exp, args, rank, world, rank)
    finally:
        dist.destroy_process_group()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(exp, argv=None):
    args = parse_args(argv, len(load_json("data.json")["train"]))
    if "RANK" in os.environ and "WORLD_SIZE" in os.environ:
        # Started by torchrun (or any launcher that sets the env:// variables).
        if args.nproc != 1:
            sys.exit("experiment.py: --nproc starts its own processes; under torchrun, use --nproc_per_node instead.")
        local_rank = int(os.environ.get("LOCAL_RANK", "0"))
        cuda = args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available())
        dist.init_process_group(args.backend or ("nccl" if cuda else "gloo"))
        try:
            train(exp, args, dist.get_rank(), dist.get_world_size(), local_rank)
        finally:
            dist.destroy_process_group()
    elif args.nproc > 1:
        if args.nproc > exp.batch_size:
            sys.exit(f"experiment.py: {args.nproc} processes but a batch of {exp.batch_size} rows: each process needs at least one row.")
        mp.spawn(_process, args=(exp, args.nproc, free_port(), args), nprocs=args.nproc, join=True)
    else:
        train(exp, args)
