// What an integrator writes against the generated types (schema.d.ts, made by openapi-typescript from
// docs/openapi.yaml): log in, plan a review, take steps, read the typed detail, the dashboard and files.
// tests/test_generated_clients.py compiles it with `tsc --strict`; it is never run.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

type ReviewDetail = components["schemas"]["ReviewDetail"];
type StepName = components["schemas"]["StepNameEnum"];

export async function logIn(baseUrl: string, username: string, password: string) {
  const anonymous = createClient<paths>({ baseUrl });
  const { data, error } = await anonymous.POST("/api/v1/auth/token/", { body: { username, password } });
  if (error) throw new Error(`login refused: ${JSON.stringify(error)}`);
  const token: string = data.token;
  return createClient<paths>({ baseUrl, headers: { Authorization: `Token ${token}` } });
}

type Api = Awaited<ReturnType<typeof logIn>>;

export async function createCycle(hr: Api, frameworkVersion: number, scope: number[]): Promise<number> {
  // Only the settings: id, state and opened_at are the server's (read-only, not in CycleRequest).
  const { data, error } = await hr.POST("/api/v1/cycles/", {
    body: {
      name: "Gesprekscyclus 2026",
      period_start: "2026-01-01",
      period_end: "2026-12-31",
      scope,
      framework_version: frameworkVersion,
      rating_scale: "vijfpuntsschaal",
      planning_due: "2026-03-01",
      progress_due: "2026-07-01",
      self_assessment_due: "2026-10-01",
      scoring_due: "2026-11-01",
      appraisal_due: "2026-12-01",
    },
  });
  if (error) throw new Error(JSON.stringify(error));
  const opened = await hr.POST("/api/v1/cycles/{id}/open/", { params: { path: { id: data.id } }, body: {} });
  if (opened.error) throw new Error(opened.error.detail?.toString() ?? "not opened");
  return data.id;
}

export async function planAndSign(manager: Api, employee: Api, cycle: number): Promise<ReviewDetail> {
  const list = await manager.GET("/api/v1/reviews/", { params: { query: { cycle, role: "manager" } } });
  const review = list.data?.results.find((item) => item.employee.name === "Eva Employee");
  if (!review) throw new Error("no review");
  const path = { id: review.id };
  const goal = await manager.POST("/api/v1/reviews/{id}/goals/", {
    params: { path },
    body: { title: "Wachttijd balie onder 10 minuten", weight: 100 },
  });
  const goalId: number | undefined = goal.data?.id;
  await manager.POST("/api/v1/reviews/{id}/record-planning-talk/", {
    params: { path },
    body: { talk_date: "2026-01-14" },
  });
  const signed = await employee.POST("/api/v1/reviews/{id}/sign-plan/", {
    params: { path },
    body: { signature: "agreed" },
  });
  if (signed.error || goalId === undefined) throw new Error("not signed");
  return signed.data;
}

export function nextSteps(detail: ReviewDetail): StepName[] {
  // Typed nested objects: goals, assessments, events and the steps carry their ids and names.
  const weights: number = detail.goals.reduce((sum, goal) => sum + (goal.weight ?? 0), 0);
  const inFocus: number[] = detail.assessments.filter((item) => item.in_focus).map((item) => item.id);
  const lastEvent: string | undefined = detail.events.at(-1)?.kind;
  console.log(weights, inFocus, lastEvent, detail.plan_signed_at);
  return detail.available_transitions.filter((step) => step.allowed).map((step) => step.name);
}

export async function progressTalk(manager: Api, detail: ReviewDetail): Promise<void> {
  const [first] = detail.goals;
  await manager.POST("/api/v1/reviews/{id}/record-progress-talk/", {
    params: { path: { id: detail.id } },
    body: {
      talk_date: "2026-06-10",
      notes: "Op schema.",
      goal_changes: first ? [{ id: first.id, measure: "Maandmonitor" }] : [],
    },
  });
}

export async function dashboard(hr: Api, cycle: number): Promise<string[]> {
  const { data } = await hr.GET("/api/v1/cycles/{id}/dashboard/", { params: { path: { id: cycle } } });
  if (!data) return [];
  const mean: number | null = data.calibration.organisation.mean;
  const late: number = data.overdue.reduce((days, row) => days + row.days_overdue, 0);
  console.log(mean, late, data.burndown.map((point) => point.not_done));
  return data.org_units.filter((unit) => unit.has_units).map((unit) => `${unit.name}: ${unit.percent_done}%`);
}

export async function unreadAndPdf(api: Api, review: number): Promise<Blob | undefined> {
  const inbox = await api.GET("/api/v1/notifications/");
  const unread: string | null = inbox.response.headers.get("X-Unread-Count");
  console.log(unread, inbox.data?.count);
  const pdf = await api.GET("/api/v1/reviews/{id}/pdf/", {
    params: { path: { id: review }, query: { form: "planning" } },
    parseAs: "blob",
  });
  return pdf.data;
}
