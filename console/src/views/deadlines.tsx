/** The open requests by due date: overdue (逾期) and due within 3 working days (即将到期) marked. */
import { DUE_SOON_WORKING_DAYS, RUNNING_STATUSES } from '../../../shared/domain/deadlines.ts';
import type { Api, DeadlinesView } from '../api.ts';
import { DEADLINE_STATUS_LABELS } from '../labels.ts';
import { ScrollBox, Show, useLoad } from '../load.tsx';

export function DeadlinesPanel({ api, agencyId }: { api: Api; agencyId: string }) {
  const { loaded } = useLoad(() => api.deadlines(agencyId), [agencyId]);
  return (
    <Show loaded={loaded} notFound="尚无答复期限：由夜间计算（北京时间 02:00）根据已报送的申请事件得出。">
      {(view) => <OpenRequests view={view} />}
    </Show>
  );
}

const running = new Set<string>(RUNNING_STATUSES);

function OpenRequests({ view }: { view: DeadlinesView }) {
  const open = view.requests
    .filter((r) => running.has(r.status))
    .sort(
      (a, b) =>
        (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') || a.requestId.localeCompare(b.requestId),
    );
  return (
    <>
      <p class="muted">
        截至 {view.asOf}（北京时间）：未办结 {open.length} 件，其中逾期 {view.summary.overdue ?? 0}{' '}
        件、即将到期（
        {DUE_SOON_WORKING_DAYS} 个工作日内）{view.summary.due_soon ?? 0} 件、等待补正{' '}
        {view.summary.awaiting_clarification ?? 0} 件。
      </p>
      {open.length === 0 ? (
        <p class="note note-ok">没有未办结的申请。</p>
      ) : (
        <ScrollBox label="未办结的申请">
          <table class="list">
            <thead>
              <tr>
                <th scope="col">申请编号</th>
                <th scope="col">收到日期</th>
                <th scope="col">答复期限</th>
                <th scope="col">剩余工作日</th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              {open.map((r) => (
                <tr key={r.requestId} class={`status-${r.status}`}>
                  <td>{r.requestId}</td>
                  <td>{r.receivedOn}</td>
                  <td>{r.dueOn ?? '—'}</td>
                  <td>{r.workingDaysLeft ?? '—'}</td>
                  <td>
                    <span class={`badge badge-${r.status}`}>{DEADLINE_STATUS_LABELS[r.status]}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </>
  );
}
