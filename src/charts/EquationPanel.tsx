import type { ReactNode } from 'react';
import { EmptyChart, ValueText } from './ChartKit.tsx';
import { divergingScale, maxAbs } from './color.ts';
import { topTerms, unitEquation, unitGradient, type Term, type UnitAt } from './equation.ts';
import { layerName } from './series.ts';

interface EquationPanelProps extends UnitAt {
  /** Terms listed per dot product before the rest are summed up; 6 by default. */
  maxTerms?: number;
  /** Backward shows dL/dh_t for the unit instead of h_t. */
  mode?: 'forward' | 'backward';
}

/** Signed numbers coloured like the heatmaps, so a strong negative term looks like one there. */
const SIGN = divergingScale(1);
const NEG = SIGN.color(-0.85);
const POS = SIGN.color(0.85);

/** A number of the equation: the app's formatter, NaN and ±Infinity marked (`ValueText`). */
function Num({ v }: { v: number }) {
  return <ValueText v={v} style={{ color: v < 0 ? NEG : v > 0 ? POS : '#333', fontVariantNumeric: 'tabular-nums' }} />;
}

/**
 * h_t = act(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh) for one unit, with the actual numbers: the
 * largest terms of each dot product, the biases, the pre-activation and the activation.
 */
export function EquationPanel({ maxTerms = 6, mode = 'forward', ...at }: EquationPanelProps) {
  if (mode === 'backward') return <GradientEquation at={at} maxTerms={maxTerms} />;
  const { probe, layer, direction, unit, t, nonlinearity } = at;
  const eq = unitEquation(at);
  if (!eq) return <EmptyChart>Pick a cell of the unrolled network to see its equation.</EmptyChart>;
  const prev = eq.prevT === null ? 'h₀ (zeros)' : `h_${eq.prevT}`;
  const x = layer === 0 ? `x_${t}` : `h_${t} of l${layer - 1}`;
  const mismatch = eq.recordedPre !== undefined && Math.abs(eq.recordedPre - eq.pre) > 1e-4 * Math.max(1, Math.abs(eq.pre));
  return (
    <div style={{ font: '13px system-ui, sans-serif', color: '#222' }} data-testid="equation" data-mode="forward" data-value={String(eq.h)} data-pre={String(eq.pre)}>
      <div style={{ marginBottom: 6 }}>
        {layerName(layer, direction)}, unit <b>{unit}</b>, t = <b>{t}</b>
      </div>
      <div style={{ font: '13px ui-monospace, monospace', lineHeight: 1.7, whiteSpace: 'pre-wrap' }}>
        <div>
          h_{t}[{unit}] = {nonlinearity}(W_ih[{unit}]·{x} + b_ih[{unit}] + W_hh[{unit}]·{prev} + b_hh[{unit}])
        </div>
        <div>
          {'        '}= {nonlinearity}(<Num v={eq.inputDot} /> + {eq.biasIh === null ? '0' : <Num v={eq.biasIh} />} + <Num v={eq.recurrentDot} /> +{' '}
          {eq.biasHh === null ? '0' : <Num v={eq.biasHh} />})
        </div>
        <div>
          {'        '}= {nonlinearity}(<Num v={eq.pre} />) = <b><Num v={eq.h} /></b>
        </div>
      </div>
      {mismatch && (
        <div style={{ color: '#7a2e00' }}>
          The probe recorded a pre-activation of <ValueText v={eq.recordedPre ?? NaN} />: these weights may be from another step.
        </div>
      )}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 24, marginTop: 8 }}>
        <TermTable title={`W_ih[${unit}] · ${x}`} terms={eq.input} k={maxTerms} vName={layer === 0 ? 'x' : 'h'} />
        <TermTable title={`W_hh[${unit}] · ${prev}`} terms={eq.recurrent} k={maxTerms} vName="h" />
      </div>
    </div>
  );
}

/** dL/dh_t[i] = (from the output at t) + sum_j W_hh[j][i] act'(pre_next[j]) dL/dh_next[j], with the numbers. */
function GradientEquation({ at, maxTerms }: { at: UnitAt; maxTerms: number }) {
  const { probe, layer, direction, unit, t, nonlinearity } = at;
  const g = unitGradient(at);
  if (!g) return <div style={{ font: '12px system-ui', color: '#666' }}>Pick a cell of the unrolled network to see its gradient.</div>;
  const next = g.nextT === null ? null : `t = ${g.nextT}`;
  const above = layer === probe.layers.reduce((m, l) => Math.max(m, l.layer), 0) ? `the output at t = ${t}` : `l${layer + 1} at t = ${t}`;
  const slope = nonlinearity === 'tanh' ? '(1 - h²)' : '[pre > 0]';
  return (
    <div style={{ font: '13px system-ui, sans-serif', color: '#222' }} data-testid="equation" data-mode="backward" data-value={String(g.total)}>
      <div style={{ marginBottom: 6 }}>
        {layerName(layer, direction)}, unit <b>{unit}</b>, t = <b>{t}</b>
      </div>
      <div style={{ font: '13px ui-monospace, monospace', lineHeight: 1.7, whiteSpace: 'pre-wrap' }}>
        <div>
          dL/dh_{t}[{unit}] = (from {above}){next && ` + Σ_j W_hh[j][${unit}] · ${nonlinearity}'${slope} · dL/dh_${g.nextT}[j]`}
        </div>
        <div>
          {'        '}= <Num v={g.fromOutput} />
          {next && (
            <>
              {' '}+ <Num v={g.recurrent} />
            </>
          )}{' '}
          = <b><Num v={g.total} /></b>
        </div>
      </div>
      {next ? (
        <div style={{ marginTop: 8 }}>
          <TermTable title={`W_hhᵀ[${unit}] · (${nonlinearity}' ⊙ dL/dh) from ${next}`} terms={g.terms} k={maxTerms} vName="act'·g" />
        </div>
      ) : (
        <div style={{ color: '#666' }}>The last step the gradient reaches first: all of it comes from {above}.</div>
      )}
    </div>
  );
}

function TermTable({ title, terms, k, vName }: { title: string; terms: Term[]; k: number; vName: string }) {
  const { top, restSum, restCount } = topTerms(terms, k);
  // The bars' scale: finite products only; a NaN or ±Infinity product gets no bar, its number is marked.
  const biggest = maxAbs(top.map((p) => p.product));
  const bar = (product: number) => (Number.isFinite(product) ? (Math.abs(product) / biggest) * 60 : 0);
  const cell = (content: ReactNode, align: 'left' | 'right' = 'right') => <td style={{ padding: '0 6px', textAlign: align }}>{content}</td>;
  return (
    <table style={{ borderCollapse: 'collapse', font: '12px ui-monospace, monospace' }}>
      <caption style={{ textAlign: 'left', font: '600 12px system-ui, sans-serif', paddingBottom: 2 }}>{title}: largest terms</caption>
      <thead style={{ color: '#666' }}>
        <tr>
          {cell('j')}
          {cell('w')}
          {cell(vName)}
          {cell('w·' + vName)}
          {cell('', 'left')}
        </tr>
      </thead>
      <tbody>
        {top.map((p) => (
          <tr key={p.j}>
            {cell(p.j)}
            {cell(<Num v={p.w} />)}
            {cell(<Num v={p.v} />)}
            {cell(<Num v={p.product} />)}
            {cell(
              <svg width={60} height={8} aria-hidden="true">
                <rect width={bar(p.product)} height={8} fill={p.product < 0 ? NEG : POS} />
              </svg>,
              'left',
            )}
          </tr>
        ))}
        {restCount > 0 && (
          <tr style={{ color: '#666' }}>
            <td colSpan={3} style={{ padding: '0 6px', textAlign: 'right' }}>
              {restCount} more
            </td>
            {cell(<Num v={restSum} />)}
            {cell('', 'left')}
          </tr>
        )}
      </tbody>
    </table>
  );
}
