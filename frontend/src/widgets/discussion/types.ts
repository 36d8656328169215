// Shapes of the discussion API (/api/v1/threads/…, /api/v1/posts/…) as <lms-discussion> reads them;
// built by lms/discussions/presenting.py.

export type ThreadKind = "discussion" | "question" | "seminar" | "debate";
export type ThreadStatus = "open" | "locked" | "closed";
export type PostOrder = "newest" | "top" | "oldest";
export type Side = "pro" | "con";

export interface Person {
  id: number;
  name: string;
}

/** Present only for the course's moderators. */
export interface Moderation {
  hidden: boolean;
  hidden_reason: string;
  hidden_at: string | null;
  open_flags: number;
}

export interface Post {
  id: number;
  thread: number;
  parent: number | null;
  depth: number;
  /** Null for a peer's anonymous post. */
  author: Person | null;
  anonymous: boolean;
  mine: boolean;
  /** Sanitised by the server (Markdown rendered with markdown-it-py, cleaned with nh3). */
  html: string;
  /** The Markdown, for its author only (to edit). */
  body: string | null;
  created_at: string;
  edited_at: string | null;
  score: number;
  my_vote: number;
  endorsed_by: Person | null;
  accepted: boolean;
  can_reply: boolean;
  url: string;
  moderation?: Moderation;
  replies?: Post[];
  /** Debates: the side and round the speech was given for. */
  side?: Side | null;
  round?: { id: number; name: string } | null;
  /** Seminars: the group the post belongs to (null: the facilitator's prompt, for every group). */
  group?: { id: number; name: string } | null;
}

export interface DebateSide {
  label: string;
  count: number;
  debaters: Person[];
  score: number | null;
}

export type RoundState = "upcoming" | "open" | "closed";

export interface DebateRound {
  id: number;
  kind: "opening" | "rebuttal" | "closing" | "other";
  name: string;
  opens_at: string | null;
  closes_at: string | null;
  state: RoundState;
  scores: { pro: number | null; con: number | null };
}

export type AudienceStage = "before" | "debating" | "after" | "closed";

export interface Debate {
  motion: string;
  side_mode: "assigned" | "chosen";
  sides: { pro: DebateSide; con: DebateSide };
  my_side: Side | null;
  may_choose_side: boolean;
  rounds: DebateRound[];
  current_round: number | null;
  audience: {
    stage: AudienceStage;
    my_vote: { before: Side | null; after: Side | null };
    before: { pro: number; con: number } | null;
    after: { pro: number; con: number } | null;
  };
  urls: { side: string; sides: string; vote: string; scores: string };
}

export interface SeminarGroup {
  id: number;
  name: string;
  members: number;
  mine: boolean;
}

export interface Seminar {
  grouping: "category" | "unit" | null;
  groups: SeminarGroup[];
  my_group: number | null;
  urls: { groups: string };
}

export interface Thread {
  id: number;
  course: number;
  page: number | null;
  kind: ThreadKind;
  title: string;
  author: Person | null;
  anonymous: boolean;
  created_at: string;
  last_posted_at: string;
  reply_count: number;
  pinned: boolean;
  status: ThreadStatus;
  status_reason: string | null;
  accepted_post: number | null;
  following: boolean | null;
  opening: Post | null;
  url: string;
  posts_url: string;
  debate?: Debate | null;
  seminar?: Seminar | null;
}

/** DRF's page-number pagination. */
export interface Paginated<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/** A form's text and its errors: what was typed is never lost when the server says no. */
export interface Draft {
  body: string;
  title?: string;
  kind?: ThreadKind;
  anonymous?: boolean;
  reason?: string;
  note?: string;
  status?: ThreadStatus;
  score?: string;
  side?: Side;
  round?: string;
  busy?: boolean;
  /** The server's sentence for the whole form. */
  error?: string;
  /** Per-field messages of a 400. */
  fields?: Record<string, string>;
}
