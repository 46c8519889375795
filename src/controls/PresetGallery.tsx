import { PRESETS, presetLink } from '../lab/config/presets.ts';

/** Curated experiments as plain links: opening one (or sharing it) sets the whole experiment. */
export function PresetGallery() {
  return (
    <nav className="presets" aria-label="Presets">
      <h2>Presets</h2>
      <ul>
        {PRESETS.map((p) => (
          <li key={p.id}>
            <a href={`#${presetLink(p)}`} data-preset={p.id} title={p.summary}>
              {p.title}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
