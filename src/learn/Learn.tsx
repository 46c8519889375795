import { findPreset, presetLink } from '../lab/config/presets.ts';
import { LESSONS } from './lessons.ts';

/** Short plain-language explanations below the playground, each with a link that shows it. */
export function Learn() {
  return (
    <section className="learn" aria-labelledby="learn-title">
      <h2 id="learn-title">Learn</h2>
      <div className="lessons">
        {LESSONS.map((lesson) => {
          const preset = findPreset(lesson.preset);
          return (
            <article key={lesson.id} id={`learn-${lesson.id}`}>
              <h3>{lesson.title}</h3>
              {lesson.paragraphs.map((p, i) => (
                <p key={i}>{p}</p>
              ))}
              {preset && (
                <p className="try">
                  <a href={`#${presetLink(preset)}`} onClick={() => window.scrollTo({ top: 0 })}>
                    Open “{preset.title}”
                  </a>{' '}
                  {lesson.try}
                </p>
              )}
            </article>
          );
        })}
      </div>
    </section>
  );
}
