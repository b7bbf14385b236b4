/**
 * The versions of the year with their files (each download asks the API for a signed link as JSON, then
 * the browser goes there), and the correction (更正) of a published year: a later version published in
 * place of the current one, with the reason the public page shows.
 */
import { useState } from 'preact/hooks';
import type { Api, Publication, VersionList, VersionSummary } from '../api.ts';
import { beijingTime } from '../labels.ts';
import { ErrorNote, Show, useAction, useLoad } from '../load.tsx';
import { Preview } from './report.tsx';

const FILE_LABELS: Readonly<Record<string, string>> = {
  'report.docx': 'Word',
  'report.xlsx': 'Excel',
  'report.html': '网页',
  'findings.html': '检查结果',
  'statistics.json': '统计数据',
  'manifest.json': '清单',
};

export function VersionsPanel({ api, agencyId, year }: { api: Api; agencyId: string; year: number }) {
  const { loaded, reload } = useLoad(() => api.versions(agencyId, year), [agencyId, year]);
  const [previewed, setPreviewed] = useState<number | null>(null);
  const [corrected, setCorrected] = useState<Publication | null>(null);
  const onCorrected = (publication: Publication) => {
    setCorrected(publication);
    reload();
  };
  return (
    <>
      {corrected && (
        <p class="note note-ok" role="status">
          已发布更正：第 {corrected.corrections?.at(-1)?.version} 版现为 {year} 年度的公开版本。
        </p>
      )}
      <Show loaded={loaded}>
        {(list) =>
          list.versions.length === 0 ? (
            <p class="muted">{year} 年度还没有生成过版本。</p>
          ) : (
            <div class="stack">
              <p class="muted">{list.publication ? publicationLine(list.publication) : '本年度尚未发布。'}</p>
              <ul class="versions">
                {list.versions.map((v) => (
                  <VersionItem
                    key={v.version}
                    api={api}
                    agencyId={agencyId}
                    year={year}
                    version={v}
                    onPreview={() => setPreviewed(v.version)}
                  />
                ))}
              </ul>
              {previewed !== null && (
                <Preview api={api} agencyId={agencyId} year={year} version={previewed} />
              )}
              {list.publication && (
                <CorrectionForm
                  api={api}
                  agencyId={agencyId}
                  year={year}
                  list={list}
                  onCorrected={onCorrected}
                />
              )}
            </div>
          )
        }
      </Show>
    </>
  );
}

function publicationLine(publication: NonNullable<VersionList['publication']>): string {
  const first = `已发布第 ${publication.version} 版（${beijingTime(publication.publishedAt)}）`;
  return publication.currentVersion === publication.version
    ? `${first}。`
    : `${first}，现行为更正后的第 ${publication.currentVersion} 版。`;
}

function VersionItem(props: {
  api: Api;
  agencyId: string;
  year: number;
  version: VersionSummary;
  onPreview: () => void;
}) {
  const { api, agencyId, year, version: v } = props;
  const [error, setError] = useState<unknown>(null);
  const download = async (file: string) => {
    setError(null);
    try {
      const link = await api.downloadLink(agencyId, year, v.version, file);
      window.location.assign(link.url);
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <li class="version">
      <h3>
        第 {v.version} 版{' '}
        {v.current ? (
          <span class="badge badge-published">现行发布版本</span>
        ) : v.published ? (
          <span class="badge badge-open">已被第 {v.correctedBy} 版更正</span>
        ) : v.draft ? (
          <span class="badge badge-warning">草稿</span>
        ) : (
          <span class="badge badge-ok">可发布</span>
        )}
      </h3>
      {v.correction && (
        <p>
          更正说明（{beijingTime(v.correction.correctedAt)}，更正第 {v.correction.corrects} 版）：
          {v.correction.reason}
        </p>
      )}
      <p class="muted">
        生成于 {beijingTime(v.generatedAt)}；错误 {v.findings.errors} 项，警告 {v.findings.warnings} 项
        {v.amendments !== null ? `，发布后变动 ${v.amendments} 项` : ''}。
      </p>
      <div class="actions wrap">
        <button type="button" onClick={props.onPreview}>
          预览<span class="visually-hidden">第 {v.version} 版</span>
        </button>
        {v.files.map((file) => (
          <button type="button" key={file} onClick={() => download(file)}>
            下载{FILE_LABELS[file] ?? file}
            <span class="visually-hidden">
              （第 {v.version} 版 {file}）
            </span>
          </button>
        ))}
      </div>
      {error !== null && <ErrorNote error={error} />}
    </li>
  );
}

function CorrectionForm(props: {
  api: Api;
  agencyId: string;
  year: number;
  list: VersionList;
  onCorrected: (publication: Publication) => void;
}) {
  const { api, agencyId, year, list } = props;
  const current = list.publication?.currentVersion ?? 0;
  const candidates = list.versions.filter((v) => v.version > current && v.findings.errors === 0);
  const [version, setVersion] = useState<string>(String(candidates[0]?.version ?? ''));
  const [reason, setReason] = useState('');
  const { running, error, run } = useAction<'correct'>();
  const sending = running !== null;

  const submit = async (event: Event) => {
    event.preventDefault();
    await run('correct', async () =>
      props.onCorrected((await api.correct(agencyId, year, Number(version), reason.trim())).publication),
    );
  };

  return (
    <section aria-labelledby="correction-heading" class="stack">
      <h3 id="correction-heading">发布更正</h3>
      <p class="muted">
        以已发布版本之后生成的、无错误的版本替换当前发布的版本；公开页面显示更正说明（日期和理由），原版本保留在历史中。
      </p>
      {candidates.length === 0 ? (
        <p class="muted">没有可作为更正发布的版本：请先在“生成与发布”中生成新版本。</p>
      ) : (
        <form class="stack" onSubmit={submit}>
          <div class="field">
            <label for="correction-version">更正版本</label>
            <select
              id="correction-version"
              value={version}
              onChange={(event) => setVersion((event.currentTarget as HTMLSelectElement).value)}
            >
              {candidates.map((v) => (
                <option key={v.version} value={String(v.version)}>
                  第 {v.version} 版（{beijingTime(v.generatedAt)}）
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="correction-reason">更正理由（必填）</label>
            <textarea
              id="correction-reason"
              required
              rows={3}
              value={reason}
              onInput={(event) => setReason((event.currentTarget as HTMLTextAreaElement).value)}
            />
          </div>
          {error !== null && <ErrorNote error={error} />}
          <div class="actions">
            <button type="submit" class="danger" disabled={sending || reason.trim() === ''}>
              {sending ? '正在发布…' : '发布更正'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
