/**
 * The template's narrative slots with their guidance, prefilled with the latest saved text; saving sends
 * the whole narrative (a save replaces it: a slot left empty is empty in the new version).
 */
import { useState } from 'preact/hooks';
import type { TemplateSlot } from '../../../shared/domain/report/template.ts';
import type { Api, NarrativeView, TemplateView } from '../api.ts';
import { beijingTime } from '../labels.ts';
import { ErrorNote, Show, useAction, useLoad } from '../load.tsx';

export function NarrativePanel({ api, agencyId, year }: { api: Api; agencyId: string; year: number }) {
  const { loaded } = useLoad(async () => {
    const [template, narrative] = await Promise.all([
      api.template(agencyId, year),
      api.narrative(agencyId, year),
    ]);
    return { template, narrative };
  }, [agencyId, year]);
  return (
    <Show loaded={loaded}>
      {({ template, narrative }) => (
        <NarrativeForm
          key={`${agencyId}/${year}/${narrative?.version ?? 0}`}
          api={api}
          agencyId={agencyId}
          year={year}
          template={template}
          saved={narrative}
        />
      )}
    </Show>
  );
}

function NarrativeForm(props: {
  api: Api;
  agencyId: string;
  year: number;
  template: TemplateView;
  saved: NarrativeView | null;
}) {
  const { api, agencyId, year, template } = props;
  const [texts, setTexts] = useState<Record<string, string>>({ ...(props.saved?.sections ?? {}) });
  const [saved, setSaved] = useState(props.saved);
  const { running, error, run } = useAction<'save'>();
  const saving = running !== null;

  const save = async (event: Event) => {
    event.preventDefault();
    await run('save', async () => {
      const sections = Object.fromEntries(
        template.template.slots
          .map((slot) => [slot.id, texts[slot.id] ?? ''])
          .filter(([, text]) => text !== ''),
      );
      setSaved(await api.saveNarrative(agencyId, year, sections));
    });
  };

  return (
    <form class="stack" onSubmit={save}>
      <p class="muted">
        模板：{template.template.name ?? template.template.id}
        {template.source === 'national' ? '（国家格式）' : '（本机关模板）'}。
        {saved ? `最近保存：第 ${saved.version} 版，${beijingTime(saved.savedAt)}。` : '尚未保存过正文。'}
      </p>
      {template.template.slots.map((slot) => (
        <SlotField
          key={slot.id}
          slot={slot}
          value={texts[slot.id] ?? ''}
          onInput={(value) => setTexts((current) => ({ ...current, [slot.id]: value }))}
        />
      ))}
      {error !== null && <ErrorNote error={error} />}
      <div class="actions">
        <button type="submit" class="primary" disabled={saving}>
          {saving ? '正在保存…' : '保存正文'}
        </button>
        {saved && !saving && error === null && (
          <output class="note note-ok">已保存（第 {saved.version} 版）。</output>
        )}
      </div>
    </form>
  );
}

function SlotField({
  slot,
  value,
  onInput,
}: {
  slot: TemplateSlot;
  value: string;
  onInput: (value: string) => void;
}) {
  const id = `slot-${slot.id}`;
  const hint = `${id}-guidance`;
  const mark = slot.required ? '（必填）' : slot.recommended ? '（建议填写）' : '';
  const common = {
    id,
    name: slot.id,
    value,
    'aria-describedby': hint,
    onInput: (event: Event) => onInput((event.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class="field">
      <label for={id}>
        {slot.label}
        {mark && <span class="muted">{mark}</span>}
      </label>
      <p id={hint} class="guidance">
        {slot.guidance}
      </p>
      {slot.kind === 'paragraphs' ? (
        <textarea {...common} rows={6} />
      ) : slot.kind === 'date' ? (
        <input {...common} type="date" />
      ) : (
        <input {...common} type="text" />
      )}
    </div>
  );
}
