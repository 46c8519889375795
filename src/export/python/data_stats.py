"""
Statistics of playground_data.py's batches, for the test that compares them with the app's
(src/export/data_generator.test.ts). Reads [{"spec": ..., "seed": s, "batches": k, "n": n,
"seq_len": t}, ...] as JSON on stdin; writes one {"input": [mean, var], "target": [mean, var],
"classes": {label: frequency}, "length": mean} per entry.
"""
import json
import sys

import torch

from playground_data import Rng, make_task


def stats(entry):
    task = make_task(entry["spec"])
    rng = Rng(entry["seed"])
    batches = [task.draw_batch(entry["n"], entry["seq_len"], rng) for _ in range(entry["batches"])]
    x = torch.cat([b["input"].reshape(-1) for b in batches]).double()
    y = torch.cat([b["target"].reshape(-1) for b in batches])
    out = {"input": [x.mean().item(), x.var(unbiased=False).item()]}
    if y.dtype == torch.long:
        counted = y[y != -100]
        out["classes"] = {str(c): (counted == c).double().mean().item() for c in counted.unique().tolist()}
    else:
        out["target"] = [y.double().mean().item(), y.double().var(unbiased=False).item()]
    if "lengths" in batches[0]:
        out["length"] = torch.cat([b["lengths"] for b in batches]).double().mean().item()
    return out


print(json.dumps([stats(e) for e in json.load(sys.stdin)]))
