import { torch } from 'engine';
import { useMemo } from 'react';

/** Placeholder page: runs the engine's nn.RNN once so the build proves the engine loads in a page. */
export function App() {
  const shapes = useMemo(() => {
    torch.manual_seed(0);
    const rnn = new torch.nn.RNN(10, 20, { num_layers: 2 });
    const [output, h_n] = rnn.forward(torch.randn([5, 3, 10]), torch.randn([2, 3, 20]));
    return { output: output.shape, h_n: h_n.shape };
  }, []);
  return (
    <main>
      <h1>RNN Playground</h1>
      <p>
        The engine runs: <code>nn.RNN(10, 20, num_layers=2)</code> gave output [{shapes.output.join(', ')}] and h_n [
        {shapes.h_n.join(', ')}].
      </p>
    </main>
  );
}
