/** What the reports resolvers return for each GraphQL type (codegen mappers). */
import type { AlarmFigures, BreachView, SatisfactionFigures, SeverityFigures, SlaReport, TicketFigures } from '../../../core/reports/index.ts';

export type SlaReportModel = SlaReport;
export type SeverityFiguresModel = SeverityFigures;
export type TicketFiguresModel = TicketFigures;
export type SlaBreachModel = BreachView;
export type AlarmFiguresModel = AlarmFigures;
export type SatisfactionFiguresModel = SatisfactionFigures;
