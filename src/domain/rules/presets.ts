// The presets of DESIGN.md's "Procedural rules" table, each rule with its source: act, part, a
// short quote in the act's language, and "unverified" with the reason where the text could not be
// checked. A body stores its own copy (copyPreset) and may edit it; the copy keeps the citations it
// started from, and `presetDiffers` says when a corrected preset no longer matches it.
import type { Citation, RuleSet } from './rule-set.ts';
import { rulesError } from './rules-error.ts';

const RONR = "Robert's Rules of Order Newly Revised (12th ed.)";
const LGA = 'Local Government Act 1972';
const GO_NRW = 'Gemeindeordnung für das Land Nordrhein-Westfalen (GO NRW)';
const FZ131 = 'Federal Law No. 131-FZ of 6 October 2003 (local self-government)';
const FZ131_RU =
  'Федеральный закон от 06.10.2003 № 131-ФЗ «Об общих принципах организации местного самоуправления в Российской Федерации»';
const FZ33 = 'Federal Law No. 33-FZ of 20 March 2025 (local self-government in the unified system of public power)';
const FZ33_RU =
  'Федеральный закон от 20.03.2025 № 33-ФЗ «Об общих принципах организации местного самоуправления в единой системе публичной власти»';
const HOUSE_RULES = 'Rules of the House of Representatives';

/** Why a RONR text is not quoted from the book itself. */
const RONR_UNVERIFIED =
  'RONR 12th ed. is not publicly available to check here; the rule is the one its Q&A forum and the 1915 edition (§68) state';

function cite(
  act: string,
  section: string,
  note?: string,
  ru?: Citation['ru'],
  extra: Pick<Citation, 'quote' | 'unverified' | 'assumption'> = {},
): Citation {
  const c: Citation = { act, section };
  if (note !== undefined) c.note = note;
  if (extra.quote !== undefined) c.quote = extra.quote;
  if (extra.unverified !== undefined) c.unverified = extra.unverified;
  if (extra.assumption !== undefined) c.assumption = extra.assumption;
  if (ru !== undefined) c.ru = ru;
  return c;
}

/** Motion kinds every preset maps (DESIGN.md, "Motion"). */

// LGA 1972 s. 243, as a county association of local councils explains it: Sundays, the Christmas
// and Easter breaks and bank holidays are not among the clear days of a notice.
const LGA_NOTICE_DISREGARD = ['sunday', 'bank_holiday', 'christmas_break', 'easter_break'] as const;
const LGA_S243_UNVERIFIED =
  'the text of s. 243 was not reached here: the days it disregards are as a county association of local councils states them; bank holidays are those of England and Wales';

export const MOTION_KINDS = [
  'ordinary',
  'procedural',
  'procedural_two_thirds',
  'appeal',
  'binding_rule',
  'charter_amendment',
  'suspension_of_rules',
] as const;

// The Russian presets: 131-FZ until 33-FZ replaced it, and 33-FZ after. Their rules are the same
// (the text of 33-FZ could not be reached to check it: see ru-33fz's citations).
function russianPreset(name: string, act: string, actRu: string, verified: boolean): RuleSet {
  const unverified = verified
    ? undefined
    : 'the text of 33-FZ could not be reached here; the rule is assumed unchanged from 131-FZ, and the article numbers are not checked';
  const extra = (quote: string, more: Pick<Citation, 'unverified' | 'assumption'> = {}) => ({
    quote,
    ...(unverified !== undefined
      ? { unverified }
      : more.unverified !== undefined
        ? { unverified: more.unverified }
        : {}),
    ...(more.assumption !== undefined ? { assumption: more.assumption } : {}),
  });
  return {
    preset: name,
    quorum: { base: 'filled', fraction: '1/2', compare: '>=', competence: { fraction: '2/3', compare: '>=' } },
    majorities: {
      // Invalid papers are cast by deputies taking part in the vote: they stay in the base.
      ordinary: { base: 'cast_with_abstentions', fraction: '1/2', compare: '>', tie: 'fails', includeInvalid: true },
      binding_rule: { base: 'established', fraction: '1/2', compare: '>', tie: 'fails' },
      charter: { base: 'established', fraction: '2/3', compare: '>=', tie: 'fails' },
      head_removal: { base: 'established', fraction: '2/3', compare: '>=', tie: 'fails' },
      veto_override: { base: 'established', fraction: '2/3', compare: '>=', tie: 'fails' },
    },
    motionKinds: {
      ordinary: 'ordinary',
      procedural: 'ordinary',
      procedural_two_thirds: 'ordinary',
      appeal: 'ordinary',
      binding_rule: 'binding_rule',
      charter_amendment: 'charter',
      suspension_of_rules: 'ordinary',
      head_removal: 'head_removal',
      veto_override: 'veto_override',
    },
    closedItems: { titlePublic: false },
    source: {
      debate: cite(
        `${act}; the body's regulation`,
        'none in the federal law',
        "the federal law sets no speaking time; the body's regulation (регламент) does, and until the body enters it as data no countdown is shown",
        {
          act: `${actRu}; регламент представительного органа`,
          section: 'в федеральном законе нет',
          note: 'продолжительность выступлений федеральный закон не устанавливает: её устанавливает регламент',
        },
        { assumption: "none known: enter the regulation's times as the body's own rules" },
      ),
      closedItems: cite(
        `${act}; the municipal charter or the body's regulation`,
        'none in the federal law',
        "sittings are open; the charter or the body's regulation may provide for a closed sitting or item, and the agenda then names only that a closed item is taken",
        {
          act: `${actRu}; устав муниципального образования или регламент`,
          section: 'в федеральном законе нет',
          note: 'заседания открытые; закрытое заседание (вопрос) предусматривают устав или регламент, и тогда публикуется только то, что закрытый вопрос рассматривается',
        },
        {
          assumption:
            "the federal law does not settle it: closed items are allowed, and their titles withheld, as the body's regulation usually provides; check the charter",
        },
      ),
      notice: cite(
        `${act}; the municipal charter or the body's regulation`,
        'none in the federal law',
        "the federal law sets no notice period for a sitting: the charter or the body's regulation does; until the body enters it, its notices are shown without a reckoning",
        {
          act: `${actRu}; устав муниципального образования или регламент`,
          section: 'в федеральном законе нет',
          note: 'срок уведомления о заседании федеральный закон не устанавливает: его устанавливают устав или регламент представительного органа',
        },
        { assumption: "an assumption from the law's silence: check the body's charter and regulation" },
      ),
      competence: cite(
        act,
        verified ? 'art. 35 part 1' : 'art. 35 part 1 of 131-FZ (assumed)',
        'the body may exercise its powers only if at least two thirds of its established number of deputies are elected',
        {
          act: actRu,
          section: verified ? 'ч. 1 ст. 35' : 'ч. 1 ст. 35 131-ФЗ (предположительно)',
          note: 'представительный орган может осуществлять полномочия при избрании не менее двух третей от установленной численности депутатов',
        },
        extra(
          'Представительный орган муниципального образования может осуществлять свои полномочия в случае избрания не менее двух третей от установленной численности депутатов.',
        ),
      ),
      quorum: cite(
        act,
        verified ? 'art. 35 part 1.1' : 'art. 35 part 1.1 of 131-FZ (assumed)',
        'the charter sets the quorum; a sitting is not valid with fewer than 50% of the elected deputies present',
        {
          act: actRu,
          section: verified ? 'ч. 1.1 ст. 35' : 'ч. 1.1 ст. 35 131-ФЗ (предположительно)',
          note: 'правомочность заседания определяет устав; заседание неправомочно, если присутствует менее 50 процентов от числа избранных депутатов',
        },
        extra(
          'Заседание представительного органа муниципального образования не может считаться правомочным, если на нем присутствует менее 50 процентов от числа избранных депутатов.',
        ),
      ),
      majorities: {
        ordinary: cite(
          `${act}; the municipal charter or the body's regulation`,
          'art. 35 part 1.1 (131-FZ sets no ordinary majority)',
          'the federal law sets no ordinary majority: the charter or the regulation does',
          {
            act: `${actRu}; устав муниципального образования или регламент`,
            section: 'ч. 1.1 ст. 35 (простое большинство закон не устанавливает)',
            note: 'простое большинство устанавливают устав или регламент; закон его не устанавливает',
          },
          extra(
            'Уставом муниципального образования определяется правомочность заседания представительного органа муниципального образования.',
            {
              assumption:
                "an assumption, not the law's text: a majority of the deputies taking part in the vote (for + against + abstaining, invalid papers included); check the body's charter and regulation",
            },
          ),
        ),
        binding_rule: cite(
          act,
          verified ? 'art. 43 part 3' : 'art. 43 part 3 of 131-FZ (assumed)',
          'rules binding on the territory need a majority of the established number of deputies',
          {
            act: actRu,
            section: verified ? 'ч. 3 ст. 43' : 'ч. 3 ст. 43 131-ФЗ (предположительно)',
            note: 'нормативный правовой акт — большинство от установленной численности депутатов',
          },
          extra(
            '…решения представительного органа муниципального образования, устанавливающие правила, обязательные для исполнения на территории муниципального образования, принимаются большинством голосов от установленной численности депутатов…',
            {
              unverified: 'the federal text was not reached here; quoted as the review and municipal charters give it',
            },
          ),
        ),
        charter: cite(
          act,
          verified ? 'art. 44' : 'art. 44 of 131-FZ (assumed)',
          'the charter and its amendments need two thirds of the established number of deputies',
          {
            act: actRu,
            section: verified ? 'ст. 44' : 'ст. 44 131-ФЗ (предположительно)',
            note: 'устав и изменения в него — две трети от установленной численности депутатов',
          },
          extra(
            '…принимаются большинством в две трети голосов от установленной численности депутатов представительного органа муниципального образования.',
            {
              unverified: 'the federal text was not reached here; the part number within art. 44 is not checked',
            },
          ),
        ),
        head_removal: cite(
          act,
          verified ? 'art. 74.1' : 'art. 74.1 of 131-FZ (assumed)',
          'removal of the head of the municipality needs two thirds of the established number of deputies',
          {
            act: actRu,
            section: verified ? 'ст. 74.1' : 'ст. 74.1 131-ФЗ (предположительно)',
            note: 'удаление главы муниципального образования в отставку — не менее двух третей от установленной численности депутатов',
          },
          extra(
            'Решение … об удалении главы муниципального образования в отставку считается принятым, если за него проголосовало не менее двух третей от установленной численности депутатов…',
            {
              unverified:
                'the federal text was not reached here; the wording is as municipal charters reproduce art. 74.1, and its part number is not checked',
            },
          ),
        ),
        veto_override: cite(
          act,
          verified ? 'art. 35 part 13' : 'art. 35 part 13 of 131-FZ (assumed)',
          'a normative act the head of the municipality returned unsigned (vetoed) stands when, considered again, it is approved as first adopted by at least two thirds of the established number of deputies; the head then signs it within seven days. In St Petersburg, Law 420-79 of 23.09.2009 art. 35(2) is reported to say the same, with ten days to sign and promulgate (its text was not reached: an assumption)',
          {
            act: actRu,
            section: verified ? 'ч. 13 ст. 35' : 'ч. 13 ст. 35 131-ФЗ (предположительно)',
            note: 'отклонённый главой нормативный правовой акт, одобренный при повторном рассмотрении в ранее принятой редакции не менее чем двумя третями от установленной численности депутатов, подлежит подписанию главой в течение семи дней; в Санкт-Петербурге — п. 2 ст. 35 Закона Санкт-Петербурга от 23.09.2009 № 420-79 (текст не проверен: предположение)',
          },
          extra(
            'Если при повторном рассмотрении указанный нормативный правовой акт будет одобрен в ранее принятой редакции большинством не менее двух третей от установленной численности депутатов представительного органа муниципального образования, он подлежит подписанию главой муниципального образования в течение семи дней и обнародованию.',
            {
              unverified:
                "the federal text was not reached here; quoted as municipal charters and regulations reproduce art. 35 part 13 (e.g. the Abakan city council's regulation, art. 77); Law 420-79 art. 35(2) was not reached either",
            },
          ),
        ),
      },
    },
  };
}

export const PRESETS: Record<string, RuleSet> = deepFreeze({
  ronr: {
    preset: 'ronr',
    quorum: { base: 'filled', fraction: '1/2', compare: '>' },
    majorities: {
      ordinary: { base: 'cast', fraction: '1/2', compare: '>', tie: 'fails', includeInvalid: true },
      two_thirds: { base: 'cast', fraction: '2/3', compare: '>=', tie: 'fails', includeInvalid: true },
      // 57:1: two thirds with previous notice, or a majority of the entire membership without.
      bylaws: {
        anyOf: [
          {
            base: 'cast',
            fraction: '2/3',
            compare: '>=',
            tie: 'fails',
            includeInvalid: true,
            requiresPreviousNotice: true,
          },
          { base: 'filled', fraction: '1/2', compare: '>', tie: 'fails' },
        ],
      },
    },
    motionKinds: {
      ordinary: 'ordinary',
      procedural: 'ordinary',
      // Previous question, limit or extend debate, objection to consideration, close nominations.
      procedural_two_thirds: 'two_thirds',
      appeal: 'ordinary',
      binding_rule: 'ordinary',
      charter_amendment: 'bylaws',
      suspension_of_rules: 'two_thirds',
    },
    closedItems: { titlePublic: false },
    debate: { speechSeconds: 600, speechesPerItem: 2, firstSpeechesFirst: true },
    source: {
      debate: cite(
        RONR,
        '43:8–43:11',
        'a member may speak twice on the same question on the same day, ten minutes each time; a second speech waits while any member who has not spoken wishes to',
        undefined,
        {
          quote:
            'no member can speak more than twice to the same question on the same day, and cannot speak longer than ten minutes at a time',
          unverified: RONR_UNVERIFIED,
        },
      ),
      closedItems: cite(
        RONR,
        '9:24–9:27',
        'in executive session the proceedings are secret; the members and those invited may not disclose them',
        undefined,
        {
          quote: 'a meeting of a board or committee, or a portion of a meeting, in which the proceedings are secret',
          unverified: RONR_UNVERIFIED,
          assumption: 'the secrecy is taken to cover the business itself: a closed item shows only that it exists',
        },
      ),
      notice: cite(
        RONR,
        '9:2–9:5, 9:13–9:16',
        'the bylaws or standing rules fix the notice of regular meetings; a special meeting needs notice of its time, place and purpose a reasonable time before; the rulebook sets no number of days',
        undefined,
        {
          unverified: RONR_UNVERIFIED,
          assumption: "until the body enters its bylaws' period, its notices are shown without a reckoning",
        },
      ),
      quorum: cite(
        RONR,
        '40:3',
        'without a bylaw saying otherwise, the quorum is a majority of the entire membership',
        undefined,
        {
          quote: 'the quorum … is a majority of the entire membership',
          unverified: RONR_UNVERIFIED,
        },
      ),
      majorities: {
        ordinary: cite(
          RONR,
          '44:1, 45',
          'more than half of the votes cast by members entitled to vote; blanks are not counted, illegal ballots are',
          undefined,
          {
            quote: 'more than half of the votes cast by persons entitled to vote',
            unverified: RONR_UNVERIFIED,
          },
        ),
        two_thirds: cite(
          RONR,
          '44:3, 45',
          'at least two thirds of the votes cast (previous question, limit or extend debate, objection to consideration, close nominations, suspend the rules); illegal ballots are counted',
          undefined,
          {
            quote: 'at least two thirds of the votes cast by persons entitled to vote',
            unverified: RONR_UNVERIFIED,
          },
        ),
        bylaws: cite(
          RONR,
          '57:1',
          'bylaws without an amendment clause: two thirds with previous notice, or a majority of the entire membership',
          undefined,
          {
            quote:
              'may be amended at any regular business meeting by a vote of the majority of the entire membership; or, if the amendment was submitted in writing at the previous regular business meeting, then they may be amended by a two-thirds vote (1915 ed., §68)',
            unverified: RONR_UNVERIFIED,
          },
        ),
      },
    },
  },
  'uk-lga-1972': {
    preset: 'uk-lga-1972',
    quorum: { base: 'established', fraction: '1/4', compare: '>=', disqualifiedOver: '1/3' },
    majorities: {
      ordinary: { base: 'cast', fraction: '1/2', compare: '>', tie: 'casting_vote' },
    },
    motionKinds: Object.fromEntries(MOTION_KINDS.map((k) => [k, 'ordinary'])),
    notice: {
      clearDays: 3,
      disregard: [...LGA_NOTICE_DISREGARD],
      holidays: { country: 'GB', regions: ['ENG', 'WLS'] },
    },
    closedItems: { titlePublic: true },
    source: {
      debate: cite(
        LGA,
        'none in the statute',
        "the Act sets no speaking time: the council's standing orders do",
        undefined,
        { assumption: "none known: enter the standing orders' times as the body's own rules" },
      ),
      closedItems: cite(
        LGA,
        's. 100A(4); s. 100B(2)',
        'the council may exclude the public during an item whenever exempt information (Sch. 12A) would otherwise be disclosed; the agenda stays open to inspection, and reports for such an item may be kept from the copies made public',
        undefined,
        {
          quote:
            'a principal council may by resolution exclude the public from a meeting during an item of business whenever it is likely … that … there would be disclosure to them of exempt information',
          unverified:
            'quoted from memory of the Local Government (Access to Information) Act 1985 text; not reached here',
        },
      ),
      notice: cite(
        LGA,
        'Sch. 12 para 4(2); s. 243',
        'the notice of the meeting and the summons to every member go out three clear days at least before a meeting of a principal council',
        undefined,
        {
          quote: 'Three clear days at least before a meeting of a principal council',
          unverified: LGA_S243_UNVERIFIED,
          assumption:
            'in England, public notice of a meeting and the agenda are due five clear days before (s. 100A(6)(a) and s. 100B(3), as amended by SI 2002/715): a principal council in England should set 5 in its own rules',
        },
      ),
      quorum: cite(
        LGA,
        'Sch. 12 para 6; para 45',
        'at least one quarter of the whole number of members of a principal council; when more than a third are disqualified at once, counted on those still qualified (para 45)',
        undefined,
        {
          quote:
            'no business shall be transacted at a meeting of a principal council unless at least one-quarter of the whole number of members of the council is present',
          unverified:
            'para 45 was not reached verbatim here: a secondary source says disqualified members are disregarded in fixing the quorum',
        },
      ),
      majorities: {
        ordinary: cite(
          LGA,
          'Sch. 12 para 39',
          'a majority of the members present and voting; on an equality the person presiding has a second or casting vote',
          undefined,
          {
            quote:
              'decided by a majority of the members of the authority present and voting thereon … the person presiding at the meeting shall have a second or casting vote',
            unverified: 'para 39 was not reached verbatim here; quoted as the review confirmed it',
          },
        ),
      },
    },
  },
  'uk-parish': {
    preset: 'uk-parish',
    quorum: { base: 'established', fraction: '1/3', compare: '>=', min: 3, disqualifiedOver: '1/3' },
    majorities: {
      ordinary: { base: 'cast', fraction: '1/2', compare: '>', tie: 'casting_vote' },
    },
    motionKinds: Object.fromEntries(MOTION_KINDS.map((k) => [k, 'ordinary'])),
    notice: {
      clearDays: 3,
      disregard: [...LGA_NOTICE_DISREGARD],
      holidays: { country: 'GB', regions: ['ENG', 'WLS'] },
    },
    closedItems: { titlePublic: true },
    source: {
      debate: cite(
        LGA,
        'none in the statute',
        "the Act sets no speaking time: the parish council's standing orders do",
        undefined,
        { assumption: "none known: enter the standing orders' times as the body's own rules" },
      ),
      closedItems: cite(
        'Public Bodies (Admission to Meetings) Act 1960',
        's. 1(2)',
        'the council may by resolution exclude the public during business whose publicity would prejudice the public interest; the summons still specifies the business',
        undefined,
        {
          quote:
            'a body may, by resolution, exclude the public from a meeting (whether during the whole or part of the proceedings) whenever publicity would be prejudicial to the public interest',
          unverified: 'quoted from memory of the 1960 Act; not reached here',
          assumption:
            "the summons's list of business (LGA 1972 Sch. 12 para 10(2)(b)) names the item, so its title is public",
        },
      ),
      notice: cite(
        LGA,
        'Sch. 12 para 10(2); s. 243',
        'three clear days at least before a meeting of a parish council, public notice of its time and place is fixed in a conspicuous place, and a summons specifying the business goes to every member',
        undefined,
        {
          quote: 'Three clear days at least before any meeting of a parish council',
          unverified: `para 10(2) not reached verbatim here: quoted as parish councils' guidance gives it; ${LGA_S243_UNVERIFIED}`,
        },
      ),
      quorum: cite(
        LGA,
        'Sch. 12 para 12; para 45',
        'one third of the whole number of members of a parish council, and never fewer than three; when more than a third are disqualified at once, the third is of those still qualified, the three still hold',
        undefined,
        {
          quote:
            'no business shall be transacted at a meeting of a parish council unless at least one-third of the whole number of members of the council are present … in no case shall the quorum be less than three',
        },
      ),
      majorities: {
        ordinary: cite(
          LGA,
          'Sch. 12 para 39',
          'a majority of the members present and voting; on an equality the chair has a casting vote',
          undefined,
          {
            quote:
              'decided by a majority of the members of the authority present and voting thereon … the person presiding at the meeting shall have a second or casting vote',
            unverified: 'para 39 was not reached verbatim here; quoted as the review confirmed it',
          },
        ),
      },
    },
  },
  'de-nrw': {
    preset: 'de-nrw',
    quorum: {
      base: 'established',
      fraction: '1/2',
      compare: '>',
      presumedUntilEstablished: true,
      secondConvocationQuorate: true,
    },
    majorities: {
      ordinary: { base: 'cast', fraction: '1/2', compare: '>', tie: 'fails' },
      hauptsatzung: { base: 'established', fraction: '1/2', compare: '>', tie: 'fails' },
    },
    motionKinds: { ...Object.fromEntries(MOTION_KINDS.map((k) => [k, 'ordinary'])), charter_amendment: 'hauptsatzung' },
    closedItems: { titlePublic: false },
    source: {
      debate: cite(
        GO_NRW,
        'none in the statute',
        "the Gemeindeordnung sets no speaking time: the council's Geschäftsordnung does",
        undefined,
        { assumption: "none known: enter the Geschäftsordnung's times as the body's own rules" },
      ),
      closedItems: cite(
        GO_NRW,
        '§48(2)',
        'council sittings are public; the standing orders may exclude the public for matters of a certain kind, and for a single matter the council may decide so',
        undefined,
        {
          quote:
            'Die Sitzungen des Rates sind öffentlich. Durch die Geschäftsordnung kann die Öffentlichkeit für Angelegenheiten einer bestimmten Art ausgeschlossen werden.',
          unverified: 'quoted from memory of §48(2) GO NRW; not reached here',
          assumption:
            'the title of a non-public item is withheld, as many councils publish only "nichtöffentlicher Teil"; a council that publishes such titles sets titlePublic',
        },
      ),
      notice: cite(
        GO_NRW,
        '§47(2)',
        "the council's standing orders (Geschäftsordnung) set the period of the summons (Ladungsfrist); the statute sets no number of days",
        undefined,
        {
          unverified: 'the text of §47 was not reached here; this is how commentary describes it',
          assumption: 'until the body enters its Ladungsfrist, its notices are shown without a reckoning',
        },
      ),
      quorum: cite(
        GO_NRW,
        '§49(1), §49(2)',
        'more than half of the statutory number of members (the mayor counts) present; quorate until a lack of quorum is formally established; a second convocation on the same matter is quorate whatever the attendance',
        undefined,
        {
          quote: 'Der Rat ist beschlussfähig, wenn mehr als die Hälfte der gesetzlichen Mitgliederzahl anwesend ist.',
          unverified:
            '§49(1) sentence 1 checked; sentence 2 (the presumption) only as commentary states it, "solange die Beschlussunfähigkeit nicht förmlich festgestellt worden ist"; the text of §49(2) was not reached',
        },
      ),
      majorities: {
        ordinary: cite(
          GO_NRW,
          '§50(1), §50(5)',
          'a majority of the votes cast; on an equality the motion is rejected; abstentions and invalid votes count toward the quorum but not the majority',
          undefined,
          {
            quote: 'Bei Stimmengleichheit gilt ein Antrag als abgelehnt.',
            unverified: 'the text of §50 was not reached here; quoted as the review confirmed §50(1)',
          },
        ),
        hauptsatzung: cite(
          GO_NRW,
          '§7(3) sentence 2',
          'the Hauptsatzung and its amendment need a majority of the statutory number of members (the mayor counts)',
          undefined,
          {
            quote:
              'kann die Hauptsatzung und ihre Änderung nur mit der Mehrheit der gesetzlichen Anzahl der Ratsmitglieder beschlossen werden',
            unverified:
              'quoted from StGB NRW-Mitteilung 232/2005, which paraphrases §7(3) sentence 2; the statute itself was not reached',
          },
        ),
      },
    },
  },
  'ru-131fz': withValidity(
    russianPreset('ru-131fz', FZ131, FZ131_RU, true),
    { validTo: '2025-06-18' },
    cite(
      FZ33,
      'final provisions',
      '131-FZ gives way to 33-FZ, most of which is in force from 19 June 2025',
      {
        act: FZ33_RU,
        section: 'заключительные положения',
        note: 'большая часть норм 33-ФЗ вступила в силу 19 июня 2025 года',
      },
      {
        quote: '19 июня 2025 года вступила в силу большая часть норм нового Федерального закона от 20.03.2025 № 33-ФЗ',
        unverified:
          'the article of 33-FZ that repeals 131-FZ was not reached; the date is quoted from a secondary source; some parts of 33-FZ come later (1 January 2027)',
      },
    ),
  ),
  'ru-33fz': withValidity(
    russianPreset('ru-33fz', FZ33, FZ33_RU, false),
    { validFrom: '2025-06-19' },
    cite(
      FZ33,
      'final provisions',
      'most of 33-FZ is in force from 19 June 2025',
      {
        act: FZ33_RU,
        section: 'заключительные положения',
        note: 'большая часть норм вступила в силу 19 июня 2025 года',
      },
      {
        quote: '19 июня 2025 года вступила в силу большая часть норм нового Федерального закона от 20.03.2025 № 33-ФЗ',
        unverified: "quoted from a secondary source; the law's own article on entry into force was not reached",
      },
    ),
  ),
  'us-house': {
    preset: 'us-house',
    debate: { speechSeconds: 3600 },
    quorum: { base: 'filled', fraction: '1/2', compare: '>' },
    majorities: {
      ordinary: { base: 'cast', fraction: '1/2', compare: '>', tie: 'fails' },
      two_thirds: { base: 'cast', fraction: '2/3', compare: '>=', tie: 'fails' },
    },
    motionKinds: {
      ordinary: 'ordinary',
      procedural: 'ordinary',
      procedural_two_thirds: 'two_thirds',
      appeal: 'ordinary',
      binding_rule: 'ordinary',
      charter_amendment: 'two_thirds',
      suspension_of_rules: 'two_thirds',
    },
    source: {
      debate: cite(
        HOUSE_RULES,
        'Rule XVII cl. 2',
        'a Member may not occupy more than one hour in debate on a question in the House',
        undefined,
        {
          quote: 'may not occupy more than one hour in debate on any question in the House',
          unverified: 'quoted from memory of the House rules; not reached here',
        },
      ),
      closedItems: cite(
        HOUSE_RULES,
        'none modelled',
        'secret sessions of the House are not modelled: no item can be closed to the public under this preset',
        undefined,
      ),
      notice: cite(
        HOUSE_RULES,
        'none modelled',
        'the House meets on days fixed by law and by its own orders; no notice period of a sitting is modelled',
        undefined,
        { assumption: 'the House is not summoned by notice: no reckoning is shown' },
      ),
      quorum: cite(
        'Constitution of the United States; Rules of the House of Representatives; House precedents',
        'art. I §5 cl. 1; Rule XX cl. 5',
        'a majority constitutes a quorum (the Constitution); that the majority is of the members "chosen, sworn and living" is House precedent and Rule XX, not the Constitution\'s text',
        undefined,
        {
          quote: 'a Majority of each shall constitute a Quorum to do Business',
          unverified: 'Rule XX and the precedents were not reached here; only the Constitution is quoted',
        },
      ),
      majorities: {
        ordinary: cite(
          HOUSE_RULES,
          'Rule XX',
          'a majority of those voting; a tie vote loses; "present" is not counted',
          undefined,
          {
            unverified: 'the text of Rule XX was not reached here',
          },
        ),
        two_thirds: cite(
          HOUSE_RULES,
          'Rule XV',
          'two thirds of those voting, as for a motion to suspend the rules',
          undefined,
          {
            unverified: 'the text of Rule XV was not reached here',
          },
        ),
      },
    },
  },
});

function withValidity(set: RuleSet, period: Pick<RuleSet, 'validFrom' | 'validTo'>, source: Citation): RuleSet {
  return { ...set, ...period, source: { ...set.source, validity: source } };
}

// Frozen so that no caller can change a preset for everyone else; bodies edit their copies.
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * A deep copy of a preset for a body to store and edit.
 * @example copyPreset('ru-131fz').quorum // { base: 'filled', fraction: '1/2', compare: '>=' }
 */
export function copyPreset(name: string): RuleSet {
  const preset = Object.hasOwn(PRESETS, name) ? PRESETS[name] : undefined;
  if (!preset)
    throw rulesError(
      'unknown_preset',
      `no preset named "${name.slice(0, 70)}"; known: ${Object.keys(PRESETS).join(', ')}`,
    );
  return structuredClone(preset);
}

/**
 * Whether a body's stored rules differ from the current preset they name (after a correction of
 * the preset): the body must adopt the correction by a recorded rules change, never silently.
 * Null when the rules name no known preset.
 * @example presetDiffers({ ...copyPreset('ru-131fz'), quorum: { base: 'filled', fraction: '1/2', compare: '>=' } }) // true
 */
export function presetDiffers(rules: RuleSet): boolean | null {
  const preset = rules.preset !== undefined && Object.hasOwn(PRESETS, rules.preset) ? PRESETS[rules.preset]! : null;
  if (!preset) return null;
  return canonical(rules) !== canonical(preset);
}

function canonical(x: unknown): string {
  return JSON.stringify(sortKeys(x));
}

function sortKeys(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(sortKeys);
  if (x && typeof x === 'object')
    return Object.fromEntries(
      Object.keys(x)
        .sort()
        .map((k) => [k, sortKeys((x as Record<string, unknown>)[k])]),
    );
  return x;
}
