import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, Not, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { checkReply, type Obligation, type Report, type RequestOf, type ResponseOf } from '@jcg/contracts';
import { GroupDirectory, type KnownGroup } from '@jcg/group-directory';
import type { DueTimer } from '@jcg/messaging';
import { Clock, isUniqueViolation } from '@jcg/persistence';
import { BodyMeetingEntity } from '../calendar/body-meeting.entity.js';
import { ObligationEntity } from '../obligations/obligation.entity.js';
import { ObligationsService } from '../obligations/obligations.service.js';
import { RegisterService } from '../register/register.service.js';
import { ReportingErrors } from '../reporting.errors.js';
import { compileReport } from './compile-report.js';
import { reportDocx } from './render/report-docx.js';
import { reportMarkdown } from './render/report-markdown.js';
import { reportFileName, reportTitle } from './render/report-naming.js';
import { OBJECTIVES, type Narrative, type Objective, type ReportContent } from './report-content.js';
import { NarrativeEntity, ReportEntity } from './report.entities.js';
import { ReportSources } from './report-sources.js';
import { SECRETARIATS, type Secretariats } from './secretariats.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const MARKDOWN = 'text/markdown; charset=utf-8';
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const actorId = (actor: string) => (actor.startsWith('participant:') ? actor.slice('participant:'.length) : null);

/**
 * Compiled reports (objectives (a)-(d)): the facts are generated from what the owners know, the
 * narratives are the co-convenors'. A draft is compiled on demand and 14 days before the due
 * date; submitting freezes it for good (its .docx and SHA-256), and goes through the one
 * submission of the obligation, whose event carries the document to be mailed.
 */
@Injectable()
export class ReportsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(SECRETARIATS) private readonly secretariats: Secretariats,
    private readonly obligations: ObligationsService,
    private readonly register: RegisterService,
    private readonly groups: GroupDirectory,
    private readonly sources: ReportSources,
  ) {}

  /** Compiles the facts afresh into the draft (a new draft after a submission); narratives are kept. */
  async compile(input: RequestOf<'reporting.reports.compile'>, timer?: DueTimer<unknown>): Promise<Report | 'skipped'> {
    const facts = await this.facts(input.groupId, input.obligationId);
    return this.dataSource.transaction(async (manager) => {
      const { obligation, meeting } = await this.obligations.lock(manager, input.groupId, input.obligationId);
      if (timer) {
        if (obligation.state !== 'open') return 'skipped';
        if (!(await timer.settle(manager, 'compiled'))) return 'skipped';
      }
      if (obligation.state === 'cancelled')
        throw ReportingErrors.wrongState('cancelled', ['owed'], 'compile a report for');
      const versions = await this.versionsOf(manager, obligation.id);
      const latest = versions.at(-1);
      const now = this.clock.now();
      const draftVersion = latest?.state === 'draft' ? latest.version : (latest?.version ?? 0) + 1;
      const content = facts(draftVersion, now);
      if (latest?.state === 'draft') {
        await manager.update(ReportEntity, { id: latest.id }, { content, generatedAt: now });
      } else {
        await manager.insert(ReportEntity, this.draftRow(obligation, draftVersion, content, now));
      }
      if (obligation.state === 'open' || obligation.state === 'drafted') {
        await this.obligations.markDrafted(manager, obligation, meeting, draftVersion);
      }
      return this.view(manager, obligation.id, draftVersion);
    });
  }

  async get(input: RequestOf<'reporting.reports.get'>): Promise<Report> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await this.obligation(manager, input.groupId, input.obligationId);
      const versions = await this.versionsOf(manager, input.obligationId);
      const version = input.version ?? versions.at(-1)?.version;
      if (version === undefined) throw ReportingErrors.reportNotFound();
      return this.view(manager, input.obligationId, version);
    });
  }

  async versions(input: RequestOf<'reporting.reports.versions'>): Promise<ResponseOf<'reporting.reports.versions'>> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await this.obligation(manager, input.groupId, input.obligationId);
      const rows = await this.versionsOf(manager, input.obligationId);
      const items = await Promise.all(rows.map((r) => this.viewOf(manager, r)));
      return { items: items.map(({ content: _content, ...summary }) => summary) };
    });
  }

  /** A new revision of one objective's narrative, in the draft; a submitted version never changes. */
  async writeNarrative(input: RequestOf<'reporting.reports.write-narrative'>): Promise<Report> {
    return this.dataSource.transaction(async (manager) => {
      const { obligation } = await this.obligations.lock(manager, input.groupId, input.obligationId);
      if (obligation.state === 'cancelled') {
        throw ReportingErrors.wrongState('cancelled', ['owed'], 'write the report of');
      }
      const versions = await this.versionsOf(manager, obligation.id);
      const latest = versions.at(-1);
      if (!latest) throw ReportingErrors.reportNotFound();
      let draft = latest.state === 'draft' ? latest : null;
      if (input.narrative.version !== undefined) {
        const target = versions.find((v) => v.version === input.narrative.version);
        if (!target) throw ReportingErrors.reportNotFound(input.narrative.version);
        if (target.state !== 'draft') throw ReportingErrors.reportFrozen(target.version, target.submittedAt!);
      }
      if (!draft) {
        // A later edit of a submitted report makes a new draft from its facts; the submitted one stays.
        const now = this.clock.now();
        const content: ReportContent = {
          ...latest.content,
          version: latest.version + 1,
          frozen: false,
          tdNumber: null,
        };
        draft = this.draftRow(obligation, latest.version + 1, content, now);
        await manager.insert(ReportEntity, draft);
      }
      const last = await manager.findOne(NarrativeEntity, {
        where: { obligationId: obligation.id, objective: input.objective },
        order: { revision: 'DESC' },
      });
      await manager.insert(NarrativeEntity, {
        obligationId: obligation.id,
        objective: input.objective,
        revision: (last?.revision ?? 0) + 1,
        text: input.narrative.text,
        writtenAt: this.clock.now(),
        writtenBy: input.actor,
      });
      return this.view(manager, obligation.id, draft.version);
    });
  }

  async narrativeHistory(
    input: RequestOf<'reporting.reports.narrative-history'>,
  ): Promise<ResponseOf<'reporting.reports.narrative-history'>> {
    await this.obligation(this.dataSource.manager, input.groupId, input.obligationId);
    const rows = await this.dataSource.getRepository(NarrativeEntity).find({
      where: { obligationId: input.obligationId, objective: input.objective },
      order: { revision: 'ASC' },
    });
    return {
      items: rows.map((r) => ({
        objective: r.objective,
        revision: r.revision,
        text: r.text,
        writtenAt: r.writtenAt.toISOString(),
        writtenBy: r.writtenBy,
      })),
    };
  }

  /**
   * A version as a file: a submitted one exactly as frozen (the numbered TD once acknowledged),
   * a draft rendered now with the narratives as they stand. Without a version: the draft, or a
   * preview compiled now (nothing stored) when the report was never compiled.
   */
  async document(input: RequestOf<'reporting.reports.document'>): Promise<ResponseOf<'reporting.reports.document'>> {
    const content = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await this.obligation(manager, input.groupId, input.obligationId);
      const versions = await this.versionsOf(manager, input.obligationId);
      const row =
        input.version !== undefined
          ? versions.find((v) => v.version === input.version)
          : (versions.find((v) => v.state === 'draft') ?? versions.at(-1));
      if (input.version !== undefined && !row) throw ReportingErrors.reportNotFound(input.version);
      if (!row) return null;
      if (row.state !== 'draft' && input.format === 'docx') {
        const numbered = row.numberedDocument !== null && !input.original;
        const data = numbered ? row.numberedDocument! : row.document!;
        return {
          fileName: numbered ? row.numberedFileName! : row.fileName!,
          contentType: DOCX,
          base64: data.toString('base64'),
          sha256: numbered ? row.numberedSha256! : row.sha256!,
        };
      }
      return this.contentOf(manager, row);
    });
    if (content && 'base64' in content) return content;
    const report = content ?? (await this.facts(input.groupId, input.obligationId))(1, this.clock.now());
    if (!content) report.narratives = this.narratives([]);
    if (input.format === 'md') {
      const text = reportMarkdown(report);
      return {
        fileName: reportFileName(report, 'md'),
        contentType: MARKDOWN,
        base64: Buffer.from(text).toString('base64'),
        sha256: sha256(text),
      };
    }
    const docx = await reportDocx(report);
    return {
      fileName: reportFileName(report, 'docx'),
      contentType: DOCX,
      base64: docx.toString('base64'),
      sha256: sha256(docx),
    };
  }

  /** Freezes the draft for good, and records the submission: the event carries the document to mail. */
  async submit(input: RequestOf<'reporting.reports.submit'>): Promise<Report> {
    return this.dataSource.transaction(async (manager) => {
      const { obligation, meeting } = await this.obligations.lock(manager, input.groupId, input.obligationId);
      const draft = await manager.findOneBy(ReportEntity, { obligationId: obligation.id, state: 'draft' });
      if (!draft) throw ReportingErrors.noDraft();
      // A draft made after a submission is a revision: it goes to the body as well, and TSB numbers it anew.
      const revision = obligation.state === 'submitted' || obligation.state === 'acknowledged';
      if (!revision && obligation.state !== 'open' && obligation.state !== 'drafted' && obligation.state !== 'missed') {
        throw ReportingErrors.wrongState(obligation.state, ['open', 'drafted', 'missed', 'submitted'], 'submit');
      }
      const now = this.clock.now();
      const content: ReportContent = { ...(await this.contentOf(manager, draft)), frozen: true };
      const document = await reportDocx(content);
      const fileName = reportFileName(content, 'docx');
      const hash = sha256(document);
      await manager.update(
        ReportEntity,
        { id: draft.id },
        {
          state: 'submitted',
          content,
          document,
          fileName,
          sha256: hash,
          submittedAt: now,
          submittedBy: input.actor,
        },
      );
      await this.obligations.recordSubmission(manager, obligation, meeting, {
        documentReference: `${fileName} (SHA-256 ${hash.slice(0, 16)})`,
        actorId: actorId(input.actor),
        revision,
        report: {
          version: draft.version,
          title: reportTitle(content),
          fileName,
          contentType: DOCX,
          sha256: hash,
          secretariat: this.secretariats(obligation.body),
        },
      });
      return checkReply('reporting.reports.submit', await this.view(manager, obligation.id, draft.version));
    });
  }

  /**
   * TSB acknowledges with its TD number: the submitted document is kept as it was, and its
   * numbered copy (the number in the file name and the title block) is made once.
   */
  async acknowledge(input: RequestOf<'reporting.obligations.acknowledge'>): Promise<Obligation> {
    return this.dataSource.transaction(async (manager) => {
      const { obligation, meeting } = await this.obligations.lock(manager, input.groupId, input.obligationId);
      const submitted = await manager.findOne(ReportEntity, {
        where: { obligationId: obligation.id, state: Not('draft') },
        order: { version: 'DESC' },
      });
      const tdNumber = input.tdNumber ?? null;
      if (submitted && tdNumber === null && obligation.state === 'submitted') throw ReportingErrors.tdNumberRequired();
      const { obligation: view, changed } = await this.obligations
        .recordAcknowledgement(manager, obligation, meeting, tdNumber)
        .catch((error: unknown) => {
          if (tdNumber && isUniqueViolation(error, 'obligations_td_number_key')) {
            throw ReportingErrors.tdNumberTaken(tdNumber);
          }
          throw error;
        });
      if (changed && submitted && tdNumber) {
        const content: ReportContent = { ...submitted.content, tdNumber };
        const numbered = await reportDocx(content);
        await manager.update(
          ReportEntity,
          { id: submitted.id },
          {
            state: 'acknowledged',
            tdNumber,
            numberedDocument: numbered,
            numberedFileName: reportFileName(content, 'docx'),
            numberedSha256: sha256(numbered),
          },
        );
      }
      return checkReply('reporting.obligations.acknowledge', view);
    });
  }

  /**
   * Everything a report states except its narratives, asked of the owners now (before any
   * transaction): returns the content for a version number and an instant.
   */
  private async facts(groupId: string, obligationId: string): Promise<(version: number, at: Date) => ReportContent> {
    const manager = this.dataSource.manager;
    const { obligation, meeting, group } = await this.obligation(manager, groupId, obligationId);
    const to = this.clock.now();
    const previous = obligation.final ? null : await this.previousSubmission(manager, obligation, meeting);
    const sources = await this.sources.of(groupId, { from: previous ?? new Date(0), to });
    // The first report covers the group's whole life: from its registration (its first ToR).
    const from = previous ?? new Date(sources.torVersions[0]?.proposedAt ?? to.toISOString());
    const [registerChanges, items, matrix, narratives] = await Promise.all([
      this.register.history(groupId, undefined, { from, to }),
      this.register.list(groupId),
      this.register.matrix(groupId),
      this.currentNarratives(manager, obligation.id),
    ]);
    const questions = items.filter((i) => i.kind === 'question' && i.status !== 'withdrawn').map((i) => i.identifier);
    return (version, at) =>
      compileReport({
        group,
        body: {
          body: meeting.body,
          firstDay: meeting.firstDay,
          lastDay: meeting.lastDay,
          place: meeting.place,
          reference: meeting.reference,
        },
        dueDate: obligation.dueDate,
        final: obligation.final,
        period: { from, to },
        sources,
        registerChanges,
        questions,
        matrix,
        narratives,
        version,
        generatedAt: at,
      });
  }

  /**
   * The end of the period of the group's previous submitted report to the same body: of a meeting
   * before this one (a report for a later meeting submitted first does not cut this one short).
   */
  private async previousSubmission(
    manager: EntityManager,
    obligation: ObligationEntity,
    meeting: BodyMeetingEntity,
  ): Promise<Date | null> {
    const previous = await manager
      .getRepository(ObligationEntity)
      .createQueryBuilder('o')
      .innerJoin(BodyMeetingEntity, 'm', 'm.id = o.body_meeting_id')
      .where('o.group_id = :groupId AND o.body = :body AND o.id <> :id', {
        groupId: obligation.groupId,
        body: obligation.body,
        id: obligation.id,
      })
      .andWhere("o.state IN ('submitted', 'acknowledged') AND m.first_day < :firstDay", { firstDay: meeting.firstDay })
      .orderBy('m.first_day', 'DESC')
      .getOne();
    if (!previous?.submittedAt) return null;
    const report = await manager.findOne(ReportEntity, {
      where: { obligationId: previous.id, state: Not('draft') },
      order: { version: 'DESC' },
    });
    return report ? new Date(report.content.period.to) : previous.submittedAt;
  }

  private async obligation(
    manager: EntityManager,
    groupId: string,
    obligationId: string,
  ): Promise<{ obligation: ObligationEntity; meeting: BodyMeetingEntity; group: KnownGroup }> {
    const group = await this.groups.find(groupId, manager);
    if (!group) throw ReportingErrors.groupNotFound(groupId);
    const obligation = await manager.findOneBy(ObligationEntity, { id: obligationId, groupId });
    if (!obligation) throw ReportingErrors.obligationNotFound(obligationId);
    const meeting = await manager.findOneByOrFail(BodyMeetingEntity, { id: obligation.bodyMeetingId });
    return { obligation, meeting, group };
  }

  private versionsOf(manager: EntityManager, obligationId: string): Promise<ReportEntity[]> {
    return manager.find(ReportEntity, { where: { obligationId }, order: { version: 'ASC' } });
  }

  private draftRow(obligation: ObligationEntity, version: number, content: ReportContent, now: Date): ReportEntity {
    return Object.assign(new ReportEntity(), {
      id: uuidv7(),
      obligationId: obligation.id,
      groupId: obligation.groupId,
      version,
      state: 'draft' as const,
      generatedAt: now,
      content,
      document: null,
      fileName: null,
      sha256: null,
      submittedAt: null,
      submittedBy: null,
      tdNumber: null,
      numberedDocument: null,
      numberedFileName: null,
      numberedSha256: null,
    });
  }

  /** The narratives as they stand: the newest revision of each objective (empty ones included). */
  private async currentNarratives(manager: EntityManager, obligationId: string): Promise<Narrative[]> {
    const rows = await manager
      .getRepository(NarrativeEntity)
      .createQueryBuilder('n')
      .distinctOn(['n.objective'])
      .where('n.obligation_id = :obligationId', { obligationId })
      .orderBy('n.objective', 'ASC')
      .addOrderBy('n.revision', 'DESC')
      .getMany();
    return this.narratives(rows);
  }

  private narratives(rows: NarrativeEntity[]): Narrative[] {
    const byObjective = new Map(rows.map((r) => [r.objective, r]));
    return (Object.keys(OBJECTIVES) as Objective[]).map((objective) => ({
      objective,
      text: byObjective.get(objective)?.text ?? '',
      revision: byObjective.get(objective)?.revision ?? 0,
    }));
  }

  /** A version's content: as frozen once submitted; a draft's facts with the narratives as they stand. */
  private async contentOf(manager: EntityManager, row: ReportEntity): Promise<ReportContent> {
    if (row.state !== 'draft') return { ...row.content, tdNumber: row.tdNumber };
    return {
      ...row.content,
      version: row.version,
      narratives: await this.currentNarratives(manager, row.obligationId),
    };
  }

  private async view(manager: EntityManager, obligationId: string, version: number): Promise<Report> {
    const row = await manager.findOneBy(ReportEntity, { obligationId, version });
    if (!row) throw ReportingErrors.reportNotFound(version);
    return this.viewOf(manager, row);
  }

  private async viewOf(manager: EntityManager, row: ReportEntity): Promise<Report> {
    return {
      obligationId: row.obligationId,
      groupId: row.groupId,
      version: row.version,
      state: row.state,
      generatedAt: row.generatedAt.toISOString(),
      content: await this.contentOf(manager, row),
      document:
        row.state === 'draft'
          ? null
          : {
              fileName: row.fileName!,
              sha256: row.sha256!,
              bytes: row.document!.length,
              submittedAt: row.submittedAt!.toISOString(),
              submittedBy: row.submittedBy!,
              tdNumber: row.tdNumber,
              numbered:
                row.numberedFileName && row.numberedSha256
                  ? { fileName: row.numberedFileName, sha256: row.numberedSha256 }
                  : null,
            },
    };
  }
}
