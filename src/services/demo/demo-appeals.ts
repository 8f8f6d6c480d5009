// The three appeals of the reference story (smolninskoye-2022.json, "appeals"), recorded through
// the clerk's services, facts only: sent dates at the precision the sources give (a month where
// they give a month), addressees as given, the August letter sent by Nikita Yuferev personally and
// answered with a form reply whose date nobody reported (so it stays dateless), and the
// September appeal tied to the decision that caused it. Nothing here invents a day or a channel.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceContext } from '../service-context.ts';
import type { Actor } from '../policy.ts';
import { findBody } from '../bodies.ts';
import { addAuthority } from '../appeals/authorities.ts';
import { draftAppeal, recordAppealEvent, type AppealSender } from '../appeals/appeals.ts';

interface StoryAppeal {
  sent: string;
  sent_note?: string;
  sent_source?: string;
  sender: string;
  addressee: string;
  addressee_source?: string;
  reply: { text_en: string; classification: string } | null;
}

interface Story {
  motion: { title_en: string };
  appeals: StoryAppeal[];
}

function loadAppeals(): Story {
  return JSON.parse(readFileSync(join(import.meta.dirname, 'smolninskoye-2022.json'), 'utf8')) as Story;
}

// The fixture states a classification in words; the record keeps the code.
function classificationOf(words: string): 'form_reply' {
  if (!/^form reply/.test(words)) throw new Error(`demo: unexpected reply classification "${words}"`);
  return 'form_reply';
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const monthText = (partial: string) =>
  partial.length === 7 ? `${MONTHS[Number(partial.slice(5, 7)) - 1]} ${partial.slice(0, 4)}` : partial;

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1) + (/[.!?]$/.test(s) ? '' : '.');

/** Records the story's appeals in the demo body, as its clerk would. */
export async function addDemoAppeals(ctx: ServiceContext, clerk: Actor, slug: string): Promise<number[]> {
  const story = loadAppeals();
  const db = ctx.dialect.db;
  const body = await findBody(db, slug);
  const authorities = new Map<string, number>();
  for (const a of story.appeals) {
    if (!authorities.has(a.addressee)) {
      authorities.set(
        a.addressee,
        (await addAuthority(ctx, clerk, slug, { names: { en: a.addressee }, rule: 'ru-59fz' })).id,
      );
    }
  }
  const decision = await db
    .selectFrom('decisions')
    .innerJoin('motions', 'motions.id', 'decisions.motion_id')
    .select('decisions.id')
    .where('decisions.body_id', '=', body.id)
    .where('motions.title', '=', story.motion.title_en)
    .executeTakeFirstOrThrow();

  const ids: number[] = [];
  for (const a of story.appeals) {
    let sender: AppealSender = { kind: 'body' };
    const personally = /^(.+), personally$/.exec(a.sender);
    if (personally) {
      const member = await db
        .selectFrom('memberships')
        .innerJoin('people', 'people.id', 'memberships.person_id')
        .select('memberships.id')
        .where('memberships.body_id', '=', body.id)
        .where('people.name_en', '=', personally[1]!)
        .executeTakeFirstOrThrow();
      sender = { kind: 'member', memberId: member.id };
    }
    const byDecision = /by the decision/.test(a.sender);
    // The sources give the earlier letters no subject: the title says only what is known.
    const title = byDecision ? story.motion.title_en : `${personally ? 'Letter' : 'Request'} of ${monthText(a.sent)}`;
    const notes = [a.sent_note, a.sent_source, a.addressee_source && `Addressee: ${a.addressee_source}`]
      .filter((n): n is string => Boolean(n))
      .map(sentence);
    const appeal = await draftAppeal(ctx, clerk, slug, {
      title,
      summary: notes.length ? notes.join(' ') : null,
      authorityId: authorities.get(a.addressee)!,
      decisionId: byDecision ? decision.id : null,
      sender,
      channel: null,
      reference: null,
    });
    await recordAppealEvent(ctx, clerk, slug, appeal.id, { type: 'sent', on: a.sent });
    if (a.reply) {
      // The sources do not date the reply: it is recorded without one.
      await recordAppealEvent(ctx, clerk, slug, appeal.id, {
        type: 'reply_received',
        classification: classificationOf(a.reply.classification),
        text: a.reply.text_en,
      });
    }
    ids.push(appeal.id);
  }
  return ids;
}
