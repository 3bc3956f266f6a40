/**
 * The template miner (after Brain, Yu et al. 2023, and logpai/Drain3's persistence): messages
 * whose variable parts are already masked (fl_mask in SQL, a separate step as in Drain3) are
 * grouped by token count and clustered by similarity as Drain does; then, as Brain does, a
 * position holding only a few word-like values within a cluster (`Started` / `Paused`,
 * `GET` / `POST`) splits it, recursively, since those are different kinds of message, and a
 * position holding one value on every message is a constant; every other position is a variable
 * (`<*>`). Known templates are matched first, so a message
 * seen in an earlier run keeps its template id.
 */
export interface Template {
  id: number;
  tokens: string[];
}

export const WILDCARD = '<*>';

/**
 * A position with at most this many distinct word-like values is a choice of constants, not a
 * variable, even when one of them is on a single line (`initialized by client X.` on 608 lines
 * and `... client Y.` on one are two kinds of message, as Brain and Loghub's labels have it).
 */
export const SPLIT_MAX_VALUES = 4;

/**
 * A token that can be a constant choice: it does not start with a digit and holds no masked
 * variable (`Started`, `"GET`, `SOCKS5`, `action:android.intent.action.TIME_TICK`). Numbers,
 * ids, IPs and paths are masked before, so they never split a group.
 */
const WORDLIKE = /^[^<\d][^<]*$/;

/**
 * A component label in front of a message (`com.apple.icloud.fmfd.heartbeat:`,
 * `org.example.Cache:`): a dotted name ending in a colon says who wrote the line, not what kind
 * of message it is, so it does not key a cluster the way a first word does.
 */
const COMPONENT_LABEL = /^[\w-]+(\.[\w-]+){2,}:$/;

/** Split a masked message into tokens. */
export function tokensOf(masked: string): string[] {
  return masked.trim().split(/\s+/).filter(Boolean);
}

/**
 * The most templates a miner keeps: memory and matching time are bounded by it. A log with more
 * kinds of message than this is one whose variables the masks do not catch (every line its own
 * "kind"); beyond the cap, a message that fits no kept template joins the catch-all template of
 * its token count (every token a wildcard) instead of founding a new one, so the templates
 * already known keep their ids and the number of templates stays at the cap plus one per length.
 */
export const MAX_TEMPLATES = 5000;

export class TemplateMiner {
  private readonly all: Template[] = [];
  /** Templates by token count and first-token key (keyOf): a message is compared with its own key's and the wildcard key's, not with every template. */
  private readonly byKey = new Map<string, Template[]>();
  private readonly byPattern = new Map<string, Template>();
  private nextId = 1;

  constructor(
    existing: readonly Template[] = [],
    private readonly cap: number = MAX_TEMPLATES,
  ) {
    for (const t of existing) this.keep({ id: t.id, tokens: [...t.tokens] });
  }

  /** Every template, in id order. */
  templates(): Template[] {
    return [...this.all].sort((a, b) => a.id - b.id);
  }

  /**
   * The template id of each masked message (distinct messages, in first-seen order): an existing
   * template whose constants all match, or one that agrees on SIMILARITY of its tokens (widened
   * to take it, as Drain does in a later run), else a template mined from the new messages
   * together.
   */
  assign(messages: readonly string[]): number[] {
    const ids = new Array<number>(messages.length);
    const fresh = new Map<number, { index: number; tokens: string[] }[]>();
    messages.forEach((m, index) => {
      const tokens = tokensOf(m);
      const known = this.match(tokens) ?? this.similar(tokens);
      if (known) ids[index] = known.id;
      else {
        const group = fresh.get(tokens.length);
        if (group) group.push({ index, tokens });
        else fresh.set(tokens.length, [{ index, tokens }]);
      }
    });
    for (const group of fresh.values()) {
      for (const cluster of mine(group.map((g) => g.tokens))) {
        const tokens = cluster.pattern;
        const template = this.byPattern.get(tokens.join(' ')) ?? this.found(tokens);
        for (const k of cluster.members) ids[group[k]!.index] = template.id;
      }
    }
    return ids;
  }

  /** A new template with this pattern, or, at the cap, the catch-all of its length. */
  private found(tokens: string[]): Template {
    if (this.all.length < this.cap) return this.keep({ id: this.nextId, tokens });
    const all = tokens.map(() => WILDCARD);
    return this.byPattern.get(all.join(' ')) ?? this.keep({ id: this.nextId, tokens: all });
  }

  private bucket(length: number, key: string): Template[] {
    const k = `${length}|${key}`;
    let list = this.byKey.get(k);
    if (!list) this.byKey.set(k, (list = []));
    return list;
  }

  /** The templates a message can match: those of its length keyed by its first token, and those keyed by a wildcard. */
  private candidates(tokens: readonly string[]): Template[] {
    const key = keyOf(tokens);
    const own = this.bucket(tokens.length, key);
    return key === WILDCARD ? own : [...own, ...this.bucket(tokens.length, WILDCARD)];
  }

  private keep(t: Template): Template {
    this.all.push(t);
    this.bucket(t.tokens.length, keyOf(t.tokens)).push(t);
    this.byPattern.set(t.tokens.join(' '), t);
    this.nextId = Math.max(this.nextId, t.id + 1);
    return t;
  }

  /** A known template this message agrees with on SIMILARITY of its tokens, widened to fit it. */
  private similar(tokens: readonly string[]): Template | undefined {
    return joinClosest(this.bucket(tokens.length, keyOf(tokens)), tokens, (widened, before) => {
      this.byPattern.delete(before);
      this.byPattern.set(widened.tokens.join(' '), widened);
    });
  }

  /** The most specific known template (most constants, at least one) that this message fits. */
  private match(tokens: readonly string[]): Template | undefined {
    let best: Template | undefined;
    let bestConstants = 0;
    for (const t of this.candidates(tokens)) {
      let constants = 0;
      let fits = true;
      for (let i = 0; i < tokens.length && fits; i++) {
        if (t.tokens[i] === WILDCARD) continue;
        if (t.tokens[i] === tokens[i]) constants++;
        else fits = false;
      }
      if (fits && constants > bestConstants) {
        best = t;
        bestConstants = constants;
      }
    }
    return best;
  }
}

/** Share of tokens on which a message must agree with a cluster to join it (Drain's similarity threshold). */
export const SIMILARITY = 0.5;

/**
 * Clusters of messages of one token count: first by similarity, as Drain does (a message joins the
 * most similar cluster with the same first token when at least SIMILARITY of its tokens agree with
 * the cluster's constants; messages of 3 tokens or fewer must agree on all but one), then each
 * cluster split on its few-valued word positions (`split`).
 */
export function mine(messages: readonly string[][]): { members: number[]; pattern: string[] }[] {
  const clusters: { tokens: string[]; members: number[] }[] = [];
  const byKey = new Map<string, typeof clusters>();
  messages.forEach((tokens, index) => {
    const key = keyOf(tokens);
    const candidates = byKey.get(key) ?? [];
    if (!byKey.has(key)) byKey.set(key, candidates);
    const joined = joinClosest(candidates, tokens);
    if (joined) joined.members.push(index);
    else {
      const cluster = { tokens: [...tokens], members: [index] };
      candidates.push(cluster);
      clusters.push(cluster);
    }
  });
  return clusters.flatMap((c) =>
    split(c.members.map((m) => messages[m]!)).map((part) => ({ members: part.members.map((k) => c.members[k]!), pattern: part.pattern })),
  );
}

/** The first token keys a cluster unless it is itself variable or a component label. */
function keyOf(tokens: readonly string[]): string {
  return tokens[0] && !/[<>\d]/.test(tokens[0]) && !COMPONENT_LABEL.test(tokens[0]) ? tokens[0] : WILDCARD;
}

/**
 * The candidate pattern (same token count) most similar to a message, when the message agrees
 * with it on SIMILARITY of its tokens (all but one for 3 tokens or fewer); the pattern is widened
 * to fit it (differing tokens become wildcards).
 */
function joinClosest<T extends { tokens: string[] }>(candidates: readonly T[], tokens: readonly string[], widened?: (t: T, before: string) => void): T | undefined {
  let best: T | undefined;
  let bestSim = 0;
  for (const c of candidates) {
    let same = 0;
    for (let i = 0; i < tokens.length; i++) if (c.tokens[i] === tokens[i] || c.tokens[i] === WILDCARD) same++;
    if (same / tokens.length > bestSim) {
      best = c;
      bestSim = same / tokens.length;
    }
  }
  const needed = tokens.length <= 3 ? (tokens.length - 1) / tokens.length : SIMILARITY;
  if (!best || bestSim < needed) return undefined;
  const before = best.tokens.join(' ');
  for (let i = 0; i < tokens.length; i++) if (best.tokens[i] !== tokens[i]) best.tokens[i] = WILDCARD;
  if (widened && best.tokens.join(' ') !== before) widened(best, before);
  return best;
}

/**
 * What a token offers as a constant choice: the key of a `key=value` token (`retVal=true` and
 * `phoneId=<NUM>` are two kinds, `name=android,` and `name=audioserver,` one kind whose value
 * varies), else a word-like token itself; nothing for a number, an id or a component label.
 */
function choiceOf(token: string): string | undefined {
  const eq = token.indexOf('=');
  const choice = eq > 0 ? token.slice(0, eq + 1) : token;
  return WORDLIKE.test(choice) && !COMPONENT_LABEL.test(choice) ? choice : undefined;
}

/**
 * Clusters of messages of one token count: split recursively on the position with the fewest
 * distinct constant choices (choiceOf), as long as it holds between 2 and SPLIT_MAX_VALUES of
 * them; then each cluster's pattern keeps its constant positions and wildcards the rest.
 */
export function split(messages: readonly string[][]): { members: number[]; pattern: string[] }[] {
  const out: { members: number[]; pattern: string[] }[] = [];
  const choices = new Map<string, string | undefined>();
  const choice = (token: string): string | undefined => {
    if (!choices.has(token)) choices.set(token, choiceOf(token));
    return choices.get(token);
  };
  /** How many constant choices position p holds across members: 0 when one is no choice or there are more than SPLIT_MAX_VALUES. */
  const choiceCount = (members: readonly number[], p: number): number => {
    const seen = new Set<string>();
    for (const m of members) {
      const v = choice(messages[m]![p]!);
      if (v === undefined) return 0;
      seen.add(v);
      if (seen.size > SPLIT_MAX_VALUES) return 0;
    }
    return seen.size;
  };
  const walk = (members: number[]): void => {
    const first = messages[members[0]!]!;
    // A position with one token on every member is a constant: it cannot split, and it stays.
    const varies = first.map((token, p) => members.some((m) => messages[m]![p] !== token));
    let at = -1;
    let fewest = Infinity;
    for (let p = 0; p < first.length; p++) {
      if (!varies[p]) continue;
      const count = choiceCount(members, p);
      if (count >= 2 && count < fewest) {
        at = p;
        fewest = count;
      }
    }
    if (at < 0) {
      out.push({ members, pattern: first.map((token, p) => (varies[p] ? WILDCARD : token)) });
      return;
    }
    const parts = new Map<string, number[]>();
    for (const m of members) {
      const v = choice(messages[m]![at]!)!;
      const part = parts.get(v);
      if (part) part.push(m);
      else parts.set(v, [m]);
    }
    for (const part of parts.values()) walk(part);
  };
  if (messages.length) walk(messages.map((_, i) => i));
  return out;
}
