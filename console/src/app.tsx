/**
 * The officer console: sign in with an agency API key, pick an agency of the key and a report year, and
 * work on that year in one of its views. Where one is (agency, year, view) is kept in the address's hash,
 * so that a reload or the back button keeps it; the key is kept in sessionStorage only.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { FIRST_REPORT_YEAR } from '../../shared/domain/formats/index.ts';
import { Api, ApiError, type Me } from './api.ts';
import { ErrorNote } from './load.tsx';
import { KEY_PATTERN, session } from './session.ts';
import { DeadlinesPanel } from './views/deadlines.tsx';
import { MetricsPanel } from './views/metrics.tsx';
import { NarrativePanel } from './views/narrative.tsx';
import { ReportPanel } from './views/report.tsx';
import { StatisticsPanel } from './views/statistics.tsx';
import { VersionsPanel } from './views/versions.tsx';

const VIEWS = [
  { id: 'statistics', label: '统计与检查' },
  { id: 'deadlines', label: '答复期限' },
  { id: 'narrative', label: '报告正文' },
  { id: 'metrics', label: '申报数据' },
  { id: 'report', label: '生成与发布' },
  { id: 'versions', label: '版本与更正' },
] as const;
type ViewId = (typeof VIEWS)[number]['id'];

interface Place {
  readonly agencyId?: string;
  readonly year?: number;
  readonly view: ViewId;
}

function readPlace(): Place {
  const [agencyId, year, view] = decodeURIComponent(window.location.hash.replace(/^#\/?/, '')).split('/');
  return {
    ...(agencyId ? { agencyId } : {}),
    ...(year && /^\d{4}$/.test(year) ? { year: Number(year) } : {}),
    view: VIEWS.some((v) => v.id === view) ? (view as ViewId) : 'statistics',
  };
}

function writePlace(place: Place) {
  const hash = `#/${[place.agencyId ?? '', place.year ?? '', place.view].map(encodeURIComponent).join('/')}`;
  if (window.location.hash !== hash) window.location.hash = hash;
}

/** The report years to pick from: the first of the national formats to this year. */
function reportYears(): number[] {
  const thisYear = new Date().getFullYear();
  const years: number[] = [];
  for (let y = thisYear; y >= FIRST_REPORT_YEAR; y--) years.push(y);
  return years;
}

export function App() {
  const [key, setKey] = useState(session.key());
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<unknown>(null);
  const api = useMemo(() => (key ? new Api(key) : null), [key]);

  useEffect(() => {
    if (!api) return;
    setMe(null);
    setError(null);
    api.me().then(setMe, (caught: unknown) => {
      // A key that stopped working (revoked) signs the tab out, with the reason.
      if (caught instanceof ApiError && caught.status === 401) {
        session.signOut();
        setKey(null);
      }
      setError(caught);
    });
  }, [api]);

  const signOut = () => {
    session.signOut();
    setKey(null);
    setMe(null);
    setError(null);
    window.location.hash = '';
  };

  return (
    <>
      <header class="top">
        <p class="brand">政府信息公开年度报告 · 工作台</p>
        {me && (
          <button type="button" class="link" onClick={signOut}>
            退出登录
          </button>
        )}
      </header>
      <main id="main">
        {!api || (!me && error !== null) ? (
          <SignIn
            error={error}
            onSignIn={(value) => {
              session.signIn(value);
              setKey(value);
            }}
          />
        ) : !me ? (
          <p class="muted">正在登录…</p>
        ) : (
          <Workspace api={api} me={me} />
        )}
      </main>
    </>
  );
}

function SignIn({ error, onSignIn }: { error: unknown; onSignIn: (key: string) => void }) {
  const [value, setValue] = useState('');
  const [invalid, setInvalid] = useState(false);
  const submit = (event: Event) => {
    event.preventDefault();
    const key = value.trim();
    if (!KEY_PATTERN.test(key)) {
      setInvalid(true);
      return;
    }
    onSignIn(key);
  };
  return (
    <form class="card stack signin" onSubmit={submit}>
      <h1>登录</h1>
      <p>请输入本机关的接口密钥（以 gk_ 开头）。密钥只保存在当前浏览器标签页中，关闭标签页后即失效。</p>
      <div class="field">
        <label for="api-key">接口密钥</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autocomplete="off"
          spellcheck={false}
          value={value}
          aria-invalid={invalid}
          aria-describedby={invalid ? 'api-key-error' : undefined}
          onInput={(event) => {
            setValue((event.currentTarget as HTMLInputElement).value);
            setInvalid(false);
          }}
        />
        {invalid && (
          <p id="api-key-error" class="field-error">
            密钥格式不正确：应为 gk_ 加 43 个字母、数字、“-”或“_”。
          </p>
        )}
      </div>
      {error !== null && <ErrorNote error={error} />}
      <div class="actions">
        <button type="submit" class="primary">
          登录
        </button>
      </div>
    </form>
  );
}

function Workspace({ api, me }: { api: Api; me: Me }) {
  const [place, setPlace] = useState(readPlace);
  useEffect(() => {
    const onHash = () => setPlace(readPlace());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const years = reportYears();
  const agency = me.agencies.find((a) => a.id === place.agencyId) ?? me.agencies[0];
  const year = place.year && years.includes(place.year) ? place.year : (years[1] ?? years[0]!);
  const go = (change: Partial<Place>) => {
    const next = { agencyId: agency?.id, year, view: place.view, ...change };
    setPlace(next);
    writePlace(next);
  };
  if (!agency) return <p class="note note-error">此密钥没有可操作的机关。</p>;
  const depth = (id: string | undefined): number => {
    const parent = me.agencies.find((a) => a.id === id)?.parentId;
    return parent && me.agencies.some((a) => a.id === parent) ? 1 + depth(parent) : 0;
  };
  const view = VIEWS.find((v) => v.id === place.view)!;
  return (
    <>
      <h1>
        {agency.name} · {year} 年度
      </h1>
      <div class="pickers">
        <div class="field">
          <label for="agency">机关</label>
          <select
            id="agency"
            value={agency.id}
            onChange={(e) => go({ agencyId: (e.currentTarget as HTMLSelectElement).value })}
          >
            {me.agencies.map((a) => (
              <option key={a.id} value={a.id}>
                {'　'.repeat(depth(a.id))}
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="year">年度</label>
          <select
            id="year"
            value={String(year)}
            onChange={(e) => go({ year: Number((e.currentTarget as HTMLSelectElement).value) })}
          >
            {years.map((y) => (
              <option key={y} value={String(y)}>
                {y} 年
              </option>
            ))}
          </select>
        </div>
      </div>
      <nav aria-label="工作内容">
        <ul class="tabs">
          {VIEWS.map((v) => (
            <li key={v.id}>
              <a
                href={`#/${encodeURIComponent(agency.id)}/${year}/${v.id}`}
                aria-current={v.id === view.id ? 'page' : undefined}
                onClick={(event) => {
                  event.preventDefault();
                  go({ view: v.id });
                }}
              >
                {v.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <section class="panel" aria-labelledby="view-heading">
        <h2 id="view-heading">{view.label}</h2>
        <Panel view={view.id} api={api} agencyId={agency.id} year={year} />
      </section>
    </>
  );
}

function Panel(props: { view: ViewId; api: Api; agencyId: string; year: number }) {
  const { view, api, agencyId, year } = props;
  // Keyed by agency and year: nothing typed for one agency-year is carried to another.
  const key = `${agencyId}/${year}`;
  switch (view) {
    case 'statistics':
      return <StatisticsPanel key={key} api={api} agencyId={agencyId} year={year} />;
    case 'deadlines':
      return <DeadlinesPanel key={key} api={api} agencyId={agencyId} />;
    case 'narrative':
      return <NarrativePanel key={key} api={api} agencyId={agencyId} year={year} />;
    case 'metrics':
      return <MetricsPanel key={key} api={api} agencyId={agencyId} year={year} />;
    case 'report':
      return <ReportPanel key={key} api={api} agencyId={agencyId} year={year} />;
    case 'versions':
      return <VersionsPanel key={key} api={api} agencyId={agencyId} year={year} />;
  }
}
