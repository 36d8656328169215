// <lms-hours-chart data-chart='{"labels": […], "datasets": [{"label": …, "values": […]}], "unit": "h"}'>:
// a bar chart drawn by Chart.js, with an accessible name and a screen-reader table of the same numbers.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration } from "chart.js";
import { css, html, type PropertyValues, type TemplateResult } from "lit";
import { property, query } from "lit/decorators.js";
import { LmsElement, define } from "../lib/element";
import { formatNumber, gettext, interpolate, pageLanguage } from "../lib/i18n";

// Tree-shaken: only what a bar chart with a legend and tooltips needs.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface HoursDataset {
  label: string;
  values: (number | null)[];
}

/** The `data-chart` JSON. Labels and dataset labels arrive already translated. */
export interface HoursChartData {
  labels: string[];
  datasets: HoursDataset[];
  unit: string;
}

export type HoursChartState = "rendered" | "error";

/** Series colours; override with `--lms-chart-1` … `--lms-chart-6`. The first is the accent. */
const PALETTE = ["#b71c1c", "#90a4ae", "#1565c0", "#ef6c00", "#2e7d32", "#6a1b9a"];
const MAX_HEIGHT = 320;

/** Parse and check the `data-chart` JSON; null if it is not a chart. */
export function parseChartData(json: string | null): HoursChartData | null {
  if (!json) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  if (!raw || typeof raw !== "object") return null;
  const { labels, datasets, unit } = raw as Record<string, unknown>;
  if (!Array.isArray(labels) || !Array.isArray(datasets)) return null;
  const parsed: HoursChartData = {
    labels: labels.map((label) => String(label ?? "")),
    datasets: [],
    unit: typeof unit === "string" ? unit : "",
  };
  for (const item of datasets) {
    if (!item || typeof item !== "object") return null;
    const { label, values } = item as Record<string, unknown>;
    if (!Array.isArray(values)) return null;
    parsed.datasets.push({
      label: String(label ?? ""),
      values: parsed.labels.map((_, i) => {
        const value = values[i];
        const number = typeof value === "number" ? value : typeof value === "string" && value.trim() ? Number(value) : NaN;
        return Number.isFinite(number) ? number : null;
      }),
    });
  }
  return parsed;
}

function listOf(items: string[]): string {
  try {
    return new Intl.ListFormat(pageLanguage(), { style: "long", type: "conjunction" }).format(items);
  } catch {
    return items.join(", ");
  }
}

export class LmsHoursChart extends LmsElement {
  static override styles = [
    LmsElement.styles,
    css`
      :host { position: relative; }
      figure { margin: 0; }
      .frame { position: relative; width: 100%; max-height: ${MAX_HEIGHT}px; }
      canvas { display: block; }
    `,
  ];

  /** The chart as JSON (the `data-chart` attribute); changing it redraws the chart. */
  @property({ attribute: "data-chart" }) accessor chartJson: string | null = null;

  /** `horizontal` (default: one row per label, good for long names) or `vertical` bars. */
  @property({ reflect: true }) accessor orientation: "horizontal" | "vertical" = "horizontal";

  @query("canvas") private accessor canvas: HTMLCanvasElement | null = null;

  private data: HoursChartData | null = null;
  private chart: Chart<"bar", (number | null)[], string> | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    // Back in the page after a move: draw again (the chart was destroyed on disconnect).
    if (this.hasUpdated && !this.chart) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.chart?.destroy();
    this.chart = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("chartJson")) this.data = parseChartData(this.chartJson);
  }

  /** The chart's accessible name, e.g. "Bar chart: Hours done and Hours required (h)". */
  get accessibleLabel(): string {
    const data = this.data;
    if (!data) return "";
    const series = listOf(data.datasets.map((d) => d.label).filter(Boolean));
    if (data.unit) {
      const format = gettext(
        // Translators: accessible name of a bar chart; series = "Hours done and Hours required", unit = "h".
        "Bar chart: %(series)s (%(unit)s)",
      );
      return interpolate(format, { series, unit: data.unit }, true);
    }
    const format = gettext(
      // Translators: accessible name of a bar chart; series = "Hours done and Hours required".
      "Bar chart: %(series)s",
    );
    return interpolate(format, { series }, true);
  }

  private formatValue(value: number | null): string {
    if (value === null) return "—";
    const unit = this.data?.unit;
    return unit ? `${formatNumber(value)} ${unit}` : formatNumber(value);
  }

  private height(data: HoursChartData): number {
    if (this.orientation === "vertical") return MAX_HEIGHT;
    const bars = data.labels.length * Math.max(1, data.datasets.length);
    return Math.min(MAX_HEIGHT, Math.max(160, 72 + bars * 18 + data.labels.length * 8));
  }

  protected override render(): TemplateResult {
    const data = this.data;
    if (!data) return this.renderError(gettext("The chart data could not be read."));
    const label = this.accessibleLabel;
    // The table is for screen readers; it sits in a visually hidden <div> (a table itself cannot
    // be shrunk to 1px and would widen the page).
    return html`<figure part="figure">
      <div class="frame" part="frame" style="height: ${this.height(data)}px">
        <canvas part="canvas" role="img" aria-label=${label}></canvas>
      </div>
      <div class="visually-hidden">
      <table data-field="table">
        <caption>${label}</caption>
        <thead>
          <tr><td></td>${data.datasets.map((d) => html`<th scope="col">${d.label}</th>`)}</tr>
        </thead>
        <tbody>
          ${data.labels.map(
            (rowLabel, i) => html`<tr>
              <th scope="row">${rowLabel}</th>${data.datasets.map((d) => html`<td>${this.formatValue(d.values[i] ?? null)}</td>`)}
            </tr>`,
          )}
        </tbody>
      </table>
      </div>
    </figure>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    // Only a new chart or orientation (or a canvas without a chart) needs Chart.js; not e.g. `state`.
    if (!changed.has("chartJson") && !changed.has("orientation") && this.chart) return;
    const data = this.data;
    const canvas = this.canvas;
    if (!data || !canvas) {
      this.chart?.destroy();
      this.chart = null;
      this.state = "error" satisfies HoursChartState;
      return;
    }
    const config = this.config(data);
    if (this.chart && this.chart.canvas === canvas) {
      // Same canvas: update in place (animates from the old bars to the new ones).
      this.chart.data = config.data;
      this.chart.options = config.options ?? {};
      this.chart.update();
    } else {
      this.chart?.destroy();
      this.chart = new Chart(canvas, config);
    }
    this.state = "rendered" satisfies HoursChartState;
  }

  private config(data: HoursChartData): ChartConfiguration<"bar", (number | null)[], string> {
    const style = getComputedStyle(this);
    const color = (i: number): string =>
      style.getPropertyValue(`--lms-chart-${i + 1}`).trim() || PALETTE[i % PALETTE.length] || "#9e9e9e";
    const text = style.getPropertyValue("--lms-text").trim() || "#1f2328";
    const muted = style.getPropertyValue("--lms-muted").trim() || "#5f6368";
    const font = { family: style.fontFamily, size: 12 };
    const horizontal = this.orientation !== "vertical";
    const valueAxis = horizontal ? "x" : "y";
    const categoryAxis = horizontal ? "y" : "x";
    const reduceMotion = typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;

    return {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map((d, i) => ({
          label: d.label,
          data: d.values,
          backgroundColor: color(i),
          borderRadius: 3,
          maxBarThickness: 28,
        })),
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : { duration: 300 },
        color: text,
        scales: {
          [valueAxis]: {
            beginAtZero: true,
            grid: { color: "rgba(0, 0, 0, 0.08)" },
            ticks: {
              color: muted,
              font,
              callback: (value: string | number) => this.formatValue(Number(value)),
            },
          },
          [categoryAxis]: {
            grid: { display: false },
            ticks: { color: text, font },
          },
        },
        plugins: {
          legend: { position: "bottom", labels: { color: text, font, boxWidth: 12, boxHeight: 12 } },
          tooltip: {
            titleFont: font,
            bodyFont: font,
            callbacks: {
              label: (item) => {
                const value = horizontal ? item.parsed.x : item.parsed.y;
                return `${item.dataset.label ?? ""}: ${this.formatValue(value ?? null)}`;
              },
            },
          },
        },
      },
    };
  }
}

define("lms-hours-chart", LmsHoursChart);

declare global {
  interface HTMLElementTagNameMap {
    "lms-hours-chart": LmsHoursChart;
  }
}
