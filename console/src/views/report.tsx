/**
 * 生成 → preview → 发布: a new version is generated from the events and the saved text, its report.html
 * is shown in a sandboxed frame, and a version without errors can be published after a confirmation that
 * says the year is then locked.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api, GeneratedVersion, Publication } from '../api.ts';
import { beijingTime } from '../labels.ts';
import { ErrorNote, useAction } from '../load.tsx';

const DRAFT_REASON_LABELS = {
  errors: '检查发现错误，须改正后重新生成',
  'year-published': '本年度已发布',
} as const;

export function ReportPanel(props: { api: Api; agencyId: string; year: number }) {
  const { api, agencyId, year } = props;
  const [generated, setGenerated] = useState<GeneratedVersion | null>(null);
  const { running: busy, error, run } = useAction<'generate' | 'publish'>();
  const [published, setPublished] = useState<Publication | null>(null);

  const generate = async () => {
    setPublished(null);
    await run('generate', async () => setGenerated(await api.generate(agencyId, year)));
  };

  const publish = (version: number) =>
    run('publish', async () => setPublished((await api.publish(agencyId, year, version)).publication));

  return (
    <div class="stack">
      <p class="muted">
        按当前已报送的事件和已保存的正文生成新版本（每个版本不可更改）。预览无误且无错误时可以发布。
      </p>
      <div class="actions">
        <button type="button" class="primary" onClick={generate} disabled={busy !== null}>
          {busy === 'generate' ? '正在生成…' : '生成'}
        </button>
      </div>
      {error !== null && <ErrorNote error={error} />}
      {generated && (
        <GeneratedSummary
          generated={generated}
          year={year}
          busy={busy !== null}
          published={published}
          onPublish={publish}
        />
      )}
      {generated && <Preview api={api} agencyId={agencyId} year={year} version={generated.version} />}
    </div>
  );
}

function GeneratedSummary(props: {
  generated: GeneratedVersion;
  year: number;
  busy: boolean;
  published: Publication | null;
  onPublish: (version: number) => void;
}) {
  const { generated, year, published } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <div class={`note ${generated.draft ? 'note-warn' : 'note-ok'}`} role="status">
      <p>
        已生成第 {generated.version} 版：错误 {generated.findings.errors} 项，警告{' '}
        {generated.findings.warnings} 项
        {generated.amendments !== null ? `，发布后变动 ${generated.amendments} 项` : ''}。
        {generated.draft &&
          `草稿：${generated.draftReasons.map((reason) => DRAFT_REASON_LABELS[reason]).join('；')}。`}
      </p>
      {published ? (
        <p>
          <strong>
            已发布第 {published.version} 版（{beijingTime(published.publishedAt)}），{year} 年度已锁定。
          </strong>
        </p>
      ) : generated.amendments !== null ? (
        <p>{year} 年度已发布：此版本可在“版本与更正”中作为更正发布（须说明理由）。</p>
      ) : (
        !generated.draft && (
          <div class="actions">
            <button
              type="button"
              class="danger"
              disabled={props.busy}
              onClick={() => dialog.current?.showModal()}
            >
              发布第 {generated.version} 版
            </button>
          </div>
        )
      )}
      <dialog ref={dialog} aria-labelledby="publish-title" aria-describedby="publish-what">
        <form method="dialog" class="stack">
          <h3 id="publish-title" class="dialog-title">
            确认发布第 {generated.version} 版？
          </h3>
          <p id="publish-what">
            发布后 {year} 年度即被锁定：此后报送的事件不再改变已发布的数据，只在新版本中列为“发布后变动”；
            如需修改，只能以更正的方式发布新版本并说明理由。
          </p>
          <div class="actions">
            <button type="submit" value="cancel" autofocus>
              取消
            </button>
            <button
              type="submit"
              value="publish"
              class="danger"
              onClick={() => props.onPublish(generated.version)}
            >
              确认发布
            </button>
          </div>
        </form>
      </dialog>
    </div>
  );
}

/** A version's report.html, fetched with the key and shown in a frame that runs nothing. */
export function Preview({
  api,
  agencyId,
  year,
  version,
}: {
  api: Api;
  agencyId: string;
  year: number;
  version: number;
}) {
  const [html, setHtml] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let current = true;
    setHtml(null);
    setError(null);
    api.preview(agencyId, year, version).then(
      (text) => current && setHtml(text),
      (caught: unknown) => current && setError(caught),
    );
    return () => {
      current = false;
    };
  }, [api, agencyId, year, version]);
  if (error !== null) return <ErrorNote error={error} />;
  if (html === null) return <p class="muted">正在载入预览…</p>;
  return (
    <section aria-labelledby="preview-heading">
      <h3 id="preview-heading">预览：第 {version} 版</h3>
      {/* No scripts run in it. Same origin only so that its style sheet is fetched as the console's own
          (an opaque origin sends `Origin: null`, which the local gateway refuses). */}
      <iframe
        class="preview"
        title={`报告预览（第 ${version} 版）`}
        sandbox="allow-same-origin"
        srcdoc={underPolicy(html)}
      />
    </section>
  );
}

/**
 * The report as the preview frame can show it: a srcdoc frame inherits the console's policy, which
 * allows no inline style, so the report's `<style>` gives way to the same style sheet served as a file
 * (index.html names it), and the column widths its `style` attributes set become `width` attributes.
 * Text, not a parsed document: parsing the report in the console's document would apply its styles
 * under the console's policy. Our renderer escapes `"` in text, so ` style="` is only ever an attribute.
 */
function underPolicy(html: string): string {
  const sheet = document.querySelector<HTMLMetaElement>('meta[name="gongkai-report-style"]')?.content;
  const link = sheet ? `<link rel="stylesheet" href="${sheet}">` : '';
  return html
    .replace(/<style>[\s\S]*?<\/style>/gu, '')
    .replace('</head>', `${link}</head>`)
    .replace(/\sstyle="\s*width\s*:\s*([\d.]+%)\s*;?\s*"/gu, ' width="$1"')
    .replace(/\sstyle="[^"]*"/gu, '');
}
