// Shapes of the quiz API (/tmp/quiz/API.md): the quiz as its trainee sees it, attempts, questions,
// responses and what a review may carry.

export type QType =
  | "single"
  | "multiple"
  | "truefalse"
  | "short"
  | "numerical"
  | "matching"
  | "ordering"
  | "blanks"
  | "essay"
  | "description";

export type AttemptStatus = "in_progress" | "submitted" | "graded";

export type ReviewState = "right" | "partial" | "wrong" | "unanswered" | "needs_grading";

/** A response in the API's shape for its type, e.g. `{"choice": "a1b2"}` or `{"order": [...]}`. */
export type Answer = Record<string, unknown>;

/** One slot's response as sent to `answers/` and `submit/`. */
export interface SlotAnswer {
  slot: number;
  response: Answer | null;
}

export interface HtmlItem {
  id: string;
  html: string;
}

export interface QuestionReview {
  mark: number | null;
  state: ReviewState | null;
  feedback: string[] | null;
  right_answer: string | null;
  correct: Answer | null;
  comment: string | null;
}

export interface Question {
  slot: number;
  number: number;
  qtype: QType;
  text: string;
  mark: number;
  options?: HtmlItem[];
  stems?: HtmlItem[];
  choices?: HtmlItem[];
  items?: HtmlItem[];
  blanks?: { id: string }[];
  min_words?: number | null;
  max_words?: number | null;
  response_template?: string | null;
  response: Answer | null;
  review: QuestionReview | null;
}

export interface AttemptReview {
  score: number | null;
  max_score: number;
  grade: number | null;
  passed: boolean | null;
}

/** `GET /api/v1/attempts/{id}/`. */
export interface Attempt {
  id: number;
  quiz: number;
  number: number;
  status: AttemptStatus;
  started_at: string;
  deadline: string | null;
  server_now: string;
  submitted_at: string | null;
  overdue: boolean;
  questions: Question[];
  review: AttemptReview | null;
  /** Not in API.md (yet): the attempt's own address; derived from the quiz's when absent. */
  url?: string;
}

export interface AttemptSummary {
  id: number;
  number: number;
  status: AttemptStatus;
  started_at: string;
  submitted_at: string | null;
  grade: number | null;
  passed: boolean | null;
  url: string;
}

/** `GET /api/v1/quizzes/{id}/`. */
export interface Quiz {
  id: number;
  title: string;
  intro: string;
  course: { id: number; title: string; url: string } | null;
  opens_at: string | null;
  closes_at: string | null;
  time_limit: number | null;
  attempts_allowed: number | null;
  attempts_used: number;
  pass_mark: number;
  grading_method: "highest" | "average" | "first" | "last";
  question_count: number;
  max_score: number;
  can_start: boolean;
  refusal: string | null;
  records_progress: boolean;
  in_progress: number | null;
  result: { grade: number; passed: boolean } | null;
  attempts: AttemptSummary[];
}

/** Answer of `POST {attempt}answers/`. */
export interface SaveResult {
  saved: number;
  saved_at: string;
  deadline: string | null;
  server_now: string;
}
