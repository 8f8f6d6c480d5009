// A body's procedural rules as recorded, whether they still match the preset they were copied
// from (after a correction they may not: the clerk adopts it by a recorded rules change, nothing
// changes silently), and every current preset with its validity and sources.
import type { Citation, RuleSet } from '../../domain/rules/rule-set.ts';
import { PRESETS, presetDiffers } from '../../domain/rules/presets.ts';
import { describeMajority, describeQuorum } from '../../domain/rules/describe-rule.ts';
import { Fragment } from 'react';
import { usePage } from './page-env.tsx';

function Source({ c }: { c: Citation | undefined }) {
  const { t, lang } = usePage();
  if (!c) return null;
  const local = lang === 'ru' ? c.ru : undefined;
  return (
    <p className="meta source">
      {t('rules.source')}: {local?.act ?? c.act}, {local?.section ?? c.section}
      {c.quote ? (
        <>
          {' — '}
          <q>{c.quote}</q>
        </>
      ) : null}
      {c.assumption ? (
        <>
          <br />
          {t('rules.assumption')}: {c.assumption}
        </>
      ) : null}
      {c.unverified ? (
        <>
          <br />
          <strong>{t('rules.unverified')}</strong>: {c.unverified}
        </>
      ) : null}
    </p>
  );
}

function Validity({ set }: { set: RuleSet }) {
  const { t, date } = usePage();
  if (set.validFrom === undefined && set.validTo === undefined) return null;
  return (
    <div className="meta validity">
      {set.validFrom !== undefined ? t('rules.valid_from', { date: date(set.validFrom) }) : null}
      {set.validFrom !== undefined && set.validTo !== undefined ? '; ' : null}
      {set.validTo !== undefined ? t('rules.valid_to', { date: date(set.validTo) }) : null}
      <Source c={set.source?.validity} />
    </div>
  );
}

/** Every preset, each with its quorum, majorities and the provisions they cite. */
export function PresetList() {
  return Object.entries(PRESETS).map(([name, set]) => (
    <section key={name} aria-labelledby={`preset-${name}`}>
      <h3 id={`preset-${name}`}>
        <code>{name}</code>
      </h3>
      <RuleSetView set={set} id={`preset-set-${name}`} />
    </section>
  ));
}

export function RuleSetView({ set, id }: { set: RuleSet; id: string }) {
  const { t } = usePage();
  return (
    <div className="rule-set" id={id}>
      <Validity set={set} />
      <dl className="facts">
        {set.quorum.competence ? (
          <>
            <dt>{t('rules.competence')}</dt>
            <dd>
              <code>
                filled {set.quorum.competence.compare} {set.quorum.competence.fraction} × established
              </code>
              <Source c={set.source?.competence} />
            </dd>
          </>
        ) : null}
        <dt>{t('rules.quorum')}</dt>
        <dd>
          <code>{describeQuorum(set.quorum)}</code>
          <Source c={set.source?.quorum} />
        </dd>
        {Object.entries(set.majorities).map(([name, rule]) => (
          <Fragment key={name}>
            <dt>{t('rules.majority', { name })}</dt>
            <dd>
              <code>{describeMajority(rule)}</code>
              <Source c={set.source?.majorities?.[name]} />
            </dd>
          </Fragment>
        ))}
        <dt>{t('rules.motion_kinds')}</dt>
        <dd>
          {Object.entries(set.motionKinds)
            .map(([kind, m]) => `${kind} → ${m}`)
            .join(', ')}
        </dd>
      </dl>
    </div>
  );
}

export function RulesPage({ slug, rules }: { slug: string; rules: RuleSet }) {
  const { t } = usePage();
  const differs = presetDiffers(rules);
  return (
    <>
      <p className="breadcrumb">
        <a href={`/${encodeURIComponent(slug)}`}>{t('rules.back')}</a>
      </p>
      <h1>{t('rules.title')}</h1>
      {rules.preset ? <p>{t('rules.preset', { preset: rules.preset })}</p> : null}
      {differs ? (
        <p className="notice" role="status" data-rules-differ="true">
          {t('body.rules_differ', { preset: rules.preset ?? '' })}
        </p>
      ) : null}
      <RuleSetView set={rules} id="body-rules" />
      <h2 id="presets">{t('rules.presets_title')}</h2>
      <p>{t('rules.presets_lead')}</p>
      <PresetList />
    </>
  );
}
