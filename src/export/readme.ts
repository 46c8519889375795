/** The bundle's README.txt: what each file is and how to run the script. */
export function readmeText(taskTitle: string, step: number, batches: number, dropout = false): string {
  return `RNN Playground: ${taskTitle}, exported at training step ${step}

Run the same experiment in PyTorch:

    pip install torch        (if you do not have it)
    python3 experiment.py

experiment.py          the model, loss and optimizer as the app builds them, with comments
weights.json           the model's state_dict at step ${step}, by PyTorch names (rnn.weight_ih_l0, head.weight, ...)
initial_weights.json   the weights the browser started from, to compare with torch.manual_seed
optimizer.json         the optimizer's state (momentum and running averages) at step ${step}
data.json              the held-out batch ("eval") and the next ${batches} training batches ("train")

The script prints the loss of each of those ${batches} steps and the held-out loss; they match the
numbers the app shows for the same steps (up to float rounding).${dropout ? `
This model uses dropout between layers: PyTorch draws other dropout masks than the browser, so the
training losses match only roughly. The held-out loss (no dropout) matches.` : ''}
`;
}
