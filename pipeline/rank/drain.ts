/**
 * The template tree of a Drain-like miner (after logpai/Drain3's drain.py), over messages whose
 * variable parts are already masked (fl_mask in SQL — masking is a separate step, as in Drain3).
 * Messages of one length and one first token form a group; in a group, a message joins the most
 * similar template if at least half its tokens agree, and the tokens that differ become <*>.
 */
export interface Template {
  id: number;
  tokens: string[];
}

export const WILDCARD = '<*>';

/** Fraction of tokens at which a message and a template agree (a wildcard agrees with anything). */
function similarity(template: readonly string[], tokens: readonly string[]): number {
  let same = 0;
  for (let i = 0; i < tokens.length; i++) if (template[i] === tokens[i] || template[i] === WILDCARD) same++;
  return same / tokens.length;
}

export class Drain {
  private readonly groups = new Map<string, Template[]>();
  private nextId = 1;

  constructor(
    existing: readonly Template[] = [],
    private readonly threshold = 0.5,
  ) {
    for (const t of existing) {
      this.groupOf(t.tokens).push({ id: t.id, tokens: [...t.tokens] });
      this.nextId = Math.max(this.nextId, t.id + 1);
    }
  }

  /** Split a masked message into tokens. */
  static tokens(masked: string): string[] {
    return masked.trim().split(/\s+/).filter(Boolean);
  }

  /** The template of a masked message (existing, widened, or new); `changed` when its pattern moved. */
  add(masked: string): { template: Template; changed: boolean; created: boolean } {
    const tokens = Drain.tokens(masked);
    const group = this.groupOf(tokens);
    let best: Template | undefined;
    let bestSim = -1;
    for (const t of group) {
      const sim = similarity(t.tokens, tokens);
      if (sim > bestSim) {
        best = t;
        bestSim = sim;
      }
    }
    // Messages of few tokens must agree on all but one.
    const needed = tokens.length <= 3 ? (tokens.length - 1) / tokens.length : this.threshold;
    if (best && bestSim >= needed && bestSim > 0) {
      let changed = false;
      for (let i = 0; i < tokens.length; i++) {
        if (best.tokens[i] !== tokens[i] && best.tokens[i] !== WILDCARD) {
          best.tokens[i] = WILDCARD;
          changed = true;
        }
      }
      return { template: best, changed, created: false };
    }
    const template = { id: this.nextId++, tokens };
    group.push(template);
    return { template, changed: false, created: true };
  }

  /** Every template, in id order. */
  templates(): Template[] {
    return [...this.groups.values()].flat().sort((a, b) => a.id - b.id);
  }

  private groupOf(tokens: readonly string[]): Template[] {
    // The first token keys the group unless it is itself variable.
    const first = tokens[0] && !/[<>\d]/.test(tokens[0]) ? tokens[0] : WILDCARD;
    const key = `${tokens.length}\u0000${first}`;
    let group = this.groups.get(key);
    if (!group) this.groups.set(key, (group = []));
    return group;
  }
}
