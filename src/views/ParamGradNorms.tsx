import { useApp } from '../state/useApp.ts';
import { ValueText } from '../charts/ChartKit.tsx';
import { finiteExtent } from '../charts/nonfinite.ts';

/** The last step's gradient norm per parameter (before clipping), as numbers and relative bars. */
export function ParamGradNorms() {
  const norms = useApp((s) => s.frame?.paramGradNorms);
  const clip = useApp((s) => s.config.clipGradNorm);
  const entries = Object.entries(norms ?? {});
  if (entries.length === 0) return null;
  const total = Math.sqrt(entries.reduce((sum, [, n]) => sum + n * n, 0));
  // Bars are relative to the largest finite norm; a NaN or Infinity norm gets no bar, its number is marked.
  const largest = finiteExtent(entries.map(([, n]) => n), [0, 0])[1];
  const bar = (n: number) => (Number.isFinite(n) && largest > 0 ? (100 * n) / largest : 0);
  return (
    <section className="card param-norms" aria-label="Gradient norm per parameter">
      <h3>
        ‖grad‖ per parameter, last step (total <ValueText v={total} />
        {clip > 0 ? `, clipped to ${clip}` : ''})
      </h3>
      <table>
        <tbody>
          {entries.map(([name, n]) => (
            <tr key={name}>
              <th scope="row">
                <code>{name}</code>
              </th>
              <td className="num" data-testid={`pgn-${name}`}>
                <ValueText v={n} />
              </td>
              <td className="bar-cell">
                <span className="bar" style={{ width: `${bar(n)}%` }} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
