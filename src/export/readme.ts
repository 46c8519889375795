/** The bundle's README.txt: what each file is and how to run the experiment, here and on a cluster. */
export function readmeText(taskTitle: string, step: number, batches: number, dropout = false): string {
  return `RNN Playground: ${taskTitle}, exported at training step ${step}

Run the same experiment in PyTorch (1.13 or newer):

    pip install torch        (if you do not have it)
    python3 experiment.py

It prints the loss of each of the next ${batches} steps and the held-out loss; they match the
numbers the app shows for the same steps (up to float rounding).${dropout ? `
This model uses dropout between layers: PyTorch draws other dropout masks than the browser, so the
training losses match only roughly. The held-out loss (no dropout) matches.` : ''}

Train further
    python3 experiment.py --steps 100000
After the ${batches} exported batches, playground_data.py draws more from the app's own data
generator, continuing its random stream, so the run goes on as it would have in the browser. The
held-out loss is always measured on the exported held-out batch.

    --device cpu|cuda|mps    where to train (default: a GPU if there is one)
    --out DIR                checkpoints, loss_history.csv, TensorBoard logs (default: run/)
    --checkpoint-every K     a .pt checkpoint every K steps (run/checkpoint.pt is the latest)
    --resume [CHECKPOINT]    continue from a checkpoint exactly as if training had not stopped
    --eval-every K           held-out loss every K steps
    python3 experiment.py --help lists them all.
TensorBoard logs are written when torch.utils.tensorboard is installed (pip install tensorboard):
    tensorboard --logdir run/tensorboard

On a GPU, PyTorch's RNN kernels (cuDNN) round differently from the CPU's, so its losses agree
with the app's to a few digits rather than to the last one.

Several processes (DistributedDataParallel: gloo on the CPU, nccl on GPUs)
Each process trains on its share of every batch and the gradients are averaged, so the losses
are those of one process, to float32 rounding.
  One machine, N processes:
    torchrun --nproc_per_node=N experiment.py --steps 100000
    python3 experiment.py --nproc N --steps 100000     (starts its own processes; also where
                                                       torchrun itself fails, as Debian's does
                                                       for PyTorch 1.13 on Python 3.11)
  Several machines (run on each, with the same files; HOST:PORT is reachable from all of them):
    torchrun --nnodes=2 --nproc_per_node=8 --rdzv_backend=c10d --rdzv_endpoint=HOST:29500 \\
             --rdzv_id=rnn-playground experiment.py --steps 100000
  With one process per GPU, the batch is shared among all processes of all machines.

Back in the app
Open checkpoint (next to Export to PyTorch) reads run/checkpoint.pt, or any checkpoint_step*.pt,
and shows the run at that step with those weights, to step through in the browser.

Files
experiment.py          the model, loss and optimizer as the app builds them, with comments
trainer.py             how it runs: devices, processes, checkpoints, logs
playground_data.py     the app's tasks in Python: the same data generator (see its comment for
                       where its numbers can differ from the browser's in the last bit)
experiment.json        the app's config, the task's data settings and the generator's state
weights.pt             the model's state_dict at step ${step}: torch.load("weights.pt")
weights.safetensors    the same, for safetensors.torch.load_file("weights.safetensors")
weights.json           the same as JSON lists, by PyTorch names (rnn.weight_ih_l0, head.weight, ...)
initial_weights.json   the weights the browser started from, to compare with torch.manual_seed
optimizer.json         the optimizer's state (momentum and running averages) at step ${step}
data.json              the held-out batch ("eval") and the next ${batches} training batches ("train")
`;
}
