/**
 * The console's calls to the Gongkai API (same origin), each with the signed-in key. An answer that is not
 * 2xx becomes an ApiError carrying a Chinese summary for the officer and the API's own detail (English,
 * the API's words) for a technical reader.
 */
import type { DeadlineRow, DeadlineStatus } from '../../shared/domain/deadlines.ts';
import type { ReportTemplate } from '../../shared/domain/report/template.ts';
import type { AgencyYearStatistics } from '../../shared/domain/statistics/types.ts';
import type { IngestReport } from '../../shared/use-cases/ingest-report.ts';
import type { VersionList } from '../../shared/use-cases/version-answers.ts';

export type { EventResult } from '../../shared/use-cases/ingest-report.ts';
export type { VersionList, VersionSummary } from '../../shared/use-cases/version-answers.ts';

export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** What went wrong, in Chinese. */
    readonly summary: string,
    readonly detail: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(`${status} ${detail}`);
  }
}

const SUMMARIES: Readonly<Record<number, string>> = {
  400: '提交的内容有误，请按提示修改后重试。',
  401: '密钥无效、已撤销或未提供，请重新登录。',
  403: '此密钥无权操作该机关。',
  404: '未找到所请求的内容。',
  409: '操作与当前状态冲突。',
  413: '提交的内容过大。',
  429: '请求过于频繁，请稍后重试。',
};

function summaryOf(status: number): string {
  return SUMMARIES[status] ?? (status >= 500 ? '服务暂时不可用，请稍后重试。' : `请求未成功（${status}）。`);
}

export interface Me {
  readonly keyId: string;
  readonly agencies: readonly { readonly id: string; readonly name: string; readonly parentId?: string }[];
}

/** The nightly's snapshot of an agency-year, as the statistics route answers it. */
export type StatisticsView = AgencyYearStatistics & {
  readonly watermark: { readonly eventsFolded: number; readonly computedAt: string };
};

export interface DeadlinesView {
  readonly agencyId: string;
  readonly asOf: string;
  readonly requests: readonly DeadlineRow[];
  readonly summary: Readonly<Record<DeadlineStatus, number>>;
}

export interface TemplateView {
  readonly agencyId: string;
  readonly year: number;
  readonly template: ReportTemplate;
  readonly source: 'agency' | 'national';
}

export interface NarrativeView {
  readonly version: number;
  readonly sections: Readonly<Record<string, string>>;
  readonly savedAt: string;
}

export interface GeneratedVersion {
  readonly version: number;
  readonly draft: boolean;
  readonly draftReasons: readonly ('errors' | 'year-published')[];
  readonly findings: { readonly errors: number; readonly warnings: number };
  readonly amendments: number | null;
}

export interface Publication {
  readonly version: number;
  readonly publishedAt: string;
  readonly corrections?: readonly {
    readonly version: number;
    readonly corrects: number;
    readonly reason: string;
    readonly correctedAt: string;
  }[];
}

export interface DownloadLink {
  readonly url: string;
  readonly expiresAt: string;
  readonly fileName: string;
}

/** The API as the signed-in key sees it. */
export class Api {
  constructor(private readonly key: string) {}

  private async request(method: string, path: string, body?: unknown, accept = 'application/json') {
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers: {
          authorization: `Bearer ${this.key}`,
          accept,
          ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new ApiError(0, '无法连接服务器，请检查网络后重试。', String(error));
    }
    if (response.ok) return response;
    let detail = response.statusText;
    let issues: FieldIssue[] = [];
    try {
      const answer = (await response.json()) as { error?: { message?: string; issues?: FieldIssue[] } };
      detail = answer.error?.message ?? detail;
      issues = answer.error?.issues ?? [];
    } catch {
      // not JSON: keep the status text
    }
    throw new ApiError(response.status, summaryOf(response.status), detail, issues);
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await (await this.request(method, path, body)).json()) as T;
  }

  me = () => this.json<Me>('GET', '/v1/me');

  statistics = (agencyId: string, year: number) =>
    this.json<StatisticsView>('GET', `${agencyPath(agencyId)}/statistics/${year}`);

  deadlines = (agencyId: string) => this.json<DeadlinesView>('GET', `${agencyPath(agencyId)}/deadlines`);

  template = (agencyId: string, year: number) =>
    this.json<TemplateView>('GET', `${agencyPath(agencyId)}/template?year=${year}`);

  /** The latest saved narrative, or none when nothing was saved yet (404). */
  async narrative(agencyId: string, year: number): Promise<NarrativeView | null> {
    try {
      return await this.json<NarrativeView>('GET', `${reportPath(agencyId, year)}/narrative`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }

  saveNarrative = (agencyId: string, year: number, sections: Record<string, string>) =>
    this.json<NarrativeView>('PUT', `${reportPath(agencyId, year)}/narrative`, sections);

  sendEvents = (events: readonly unknown[]) => this.json<IngestReport>('POST', '/v1/events', { events });

  generate = (agencyId: string, year: number) =>
    this.json<GeneratedVersion>('POST', `${reportPath(agencyId, year)}/generate`);

  async preview(agencyId: string, year: number, version: number): Promise<string> {
    return (
      await this.request('GET', `${reportPath(agencyId, year)}/preview/${version}`, undefined, 'text/html')
    ).text();
  }

  publish = (agencyId: string, year: number, version: number) =>
    this.json<{ publication: Publication; created: boolean }>(
      'POST',
      `${reportPath(agencyId, year)}/publish`,
      { version },
    );

  correct = (agencyId: string, year: number, version: number, reason: string) =>
    this.json<{
      publication: Publication;
      created: boolean;
      correction: { version: number; corrects: number };
    }>('POST', `${reportPath(agencyId, year)}/corrections`, { version, reason });

  versions = (agencyId: string, year: number) =>
    this.json<VersionList>('GET', `${reportPath(agencyId, year)}/versions`);

  downloadLink = (agencyId: string, year: number, version: number, file: string) =>
    this.json<DownloadLink>('GET', `${reportPath(agencyId, year)}/versions/${version}/${file}`);
}

const agencyPath = (agencyId: string) => `/v1/agencies/${encodeURIComponent(agencyId)}`;
const reportPath = (agencyId: string, year: number) => `${agencyPath(agencyId)}/reports/${year}`;
