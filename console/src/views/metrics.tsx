/**
 * Declared figures (`metric.declared`, docs/contract.md): the office states a figure of the report year
 * (微信公众号实人认证注册人数 1250000 人 …). Each declaration is one event sent to POST /v1/events; the
 * latest per key counts from the next nightly on. The figures the template names and those declared so
 * far are listed to pick from.
 */
import { useState } from 'preact/hooks';
import type { Api, EventResult } from '../api.ts';
import { ErrorNote, ScrollBox, Show, useAction, useLoad } from '../load.tsx';

interface Declared {
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  readonly value: number | null;
}

const EVENT_STATUS_LABELS: Readonly<Record<EventResult['status'], string>> = {
  accepted: '已接收',
  duplicate: '重复（此前已接收）',
  rejected: '被拒绝',
  conflict: '冲突（同一编号的不同内容）',
  forbidden: '无权报送',
};

/** Now in Beijing time with its offset: the declaration's occurredAt (a later one wins per key). */
function nowInBeijing(): string {
  return `${new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

/** The figures a template names: `{{metrics.key}}`. */
function metricKeysOf(template: unknown): string[] {
  const keys = new Set<string>();
  for (const match of JSON.stringify(template).matchAll(/\{\{\s*metrics\.([a-z][a-z0-9_]{0,63})/g)) {
    if (match[1]) keys.add(match[1]);
  }
  return [...keys].sort();
}

export function MetricsPanel({ api, agencyId, year }: { api: Api; agencyId: string; year: number }) {
  const { loaded } = useLoad(async () => {
    const [template, statistics] = await Promise.all([
      api.template(agencyId, year),
      api.statistics(agencyId, year).catch(() => null),
    ]);
    const declared = new Map<string, Declared>();
    for (const key of metricKeysOf(template.template))
      declared.set(key, { key, label: '', unit: '', value: null });
    for (const [key, metric] of Object.entries(statistics?.extras.metrics ?? {})) {
      declared.set(key, { key, ...metric });
    }
    return [...declared.values()];
  }, [agencyId, year]);
  return (
    <Show loaded={loaded}>
      {(declared) => <MetricsForm api={api} agencyId={agencyId} year={year} declared={declared} />}
    </Show>
  );
}

const EMPTY = { key: '', label: '', unit: '', value: '' };

function MetricsForm(props: { api: Api; agencyId: string; year: number; declared: readonly Declared[] }) {
  const { api, agencyId, year, declared } = props;
  const [form, setForm] = useState(EMPTY);
  const [result, setResult] = useState<EventResult | null>(null);
  const { running, error, run } = useAction<'send'>();
  const sending = running !== null;

  const field = (name: keyof typeof EMPTY) => ({
    id: `metric-${name}`,
    name,
    value: form[name],
    onInput: (event: Event) => {
      const value = (event.currentTarget as HTMLInputElement).value;
      setForm((current) => ({ ...current, [name]: value }));
    },
  });

  const send = async (event: Event) => {
    event.preventDefault();
    setResult(null);
    await run('send', async () => {
      const answer = await api.sendEvents([
        {
          eventId: `console-${crypto.randomUUID()}`,
          agencyId,
          type: 'metric.declared',
          occurredAt: nowInBeijing(),
          data: {
            year,
            key: form.key.trim(),
            label: form.label.trim(),
            unit: form.unit.trim(),
            value: form.value.trim() === '' ? Number.NaN : Number(form.value),
          },
        },
      ]);
      setResult(answer.results[0] ?? null);
    });
  };

  return (
    <div class="stack">
      <p class="muted">
        本机关申报的 {year}{' '}
        年度数据（如公众号注册人数、新闻稿件篇数），供报告模板以编号引用；同一编号以最后一次申报为准。
      </p>
      {declared.length > 0 && <DeclaredTable declared={declared} onPick={setForm} />}
      <form class="stack" onSubmit={send}>
        <div class="field">
          <label for="metric-key">编号</label>
          <p id="metric-key-hint" class="guidance">
            小写字母开头，只含 a–z、0–9 和下划线，如 wechat_verified_users；模板以 {'{{metrics.编号}}'} 引用。
          </p>
          <input
            {...field('key')}
            required
            pattern="[a-z][a-z0-9_]{0,63}"
            aria-describedby="metric-key-hint"
          />
        </div>
        <div class="field">
          <label for="metric-label">名称</label>
          <input {...field('label')} required maxLength={64} />
        </div>
        <div class="row">
          <div class="field">
            <label for="metric-value">数值</label>
            <input {...field('value')} required inputMode="decimal" pattern="\d+(\.\d{1,2})?" />
          </div>
          <div class="field">
            <label for="metric-unit">单位</label>
            <input {...field('unit')} required maxLength={16} />
          </div>
        </div>
        {error !== null && <ErrorNote error={error} />}
        <div class="actions">
          <button type="submit" class="primary" disabled={sending}>
            {sending ? '正在报送…' : `报送 ${year} 年数据`}
          </button>
        </div>
      </form>
      {result && <EventAnswer result={result} />}
    </div>
  );
}

/** What is declared already and what the template refers to; a row can be taken into the form. */
function DeclaredTable(props: { declared: readonly Declared[]; onPick: (form: typeof EMPTY) => void }) {
  const { declared, onPick } = props;
  return (
    <ScrollBox label="已申报和模板引用的数据">
      <table class="list">
        <thead>
          <tr>
            <th scope="col">编号</th>
            <th scope="col">名称</th>
            <th scope="col">数值</th>
            <th scope="col">
              <span class="visually-hidden">操作</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {declared.map((d) => (
            <tr key={d.key}>
              <td>
                <code>{d.key}</code>
              </td>
              <td>{d.label || <span class="muted">模板引用，尚未申报</span>}</td>
              <td>{d.value === null ? '—' : `${d.value} ${d.unit}`}</td>
              <td>
                <button
                  type="button"
                  onClick={() =>
                    onPick({
                      key: d.key,
                      label: d.label,
                      unit: d.unit,
                      value: d.value === null ? '' : String(d.value),
                    })
                  }
                >
                  填入表单<span class="visually-hidden">：{d.key}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

function EventAnswer({ result }: { result: EventResult }) {
  const ok = result.status === 'accepted' || result.status === 'duplicate';
  return (
    <div class={`note ${ok ? 'note-ok' : 'note-error'}`} role="status">
      <p>
        事件 <code>{result.eventId}</code>：{EVENT_STATUS_LABELS[result.status]}。
        {ok && '此后生成的报告即计入；“统计与检查”在下一次夜间计算后显示。'}
      </p>
      {result.issues && result.issues.length > 0 && (
        <ul>
          {result.issues.map((issue) => (
            <li key={issue.path}>
              <code>{issue.path}</code>：{issue.message}
            </li>
          ))}
        </ul>
      )}
      {result.message && <p class="detail">{result.message}</p>}
    </div>
  );
}
