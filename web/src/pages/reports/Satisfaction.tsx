/**
 * The SLA report's satisfaction: the ratings given for the month's closures (count, average, and
 * how many of each score), read with the report's own rule.
 */
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { Empty, ErrorNote } from '../../lib/ui.tsx';

const SatisfactionDocument = graphql(`
  query SlaSatisfaction($orgId: ID!, $month: String!) {
    slaReport(orgId: $orgId, month: $month) {
      satisfaction {
        ratings
        average
        distribution
      }
    }
  }
`);

export function Satisfaction({ orgId, month }: { orgId: string; month: string }) {
  const [result] = useQuery({ query: SatisfactionDocument, variables: { orgId, month } });
  const figures = result.data?.slaReport.satisfaction;
  return (
    <section aria-labelledby="r-satisfaction">
      <h2 id="r-satisfaction">Satisfaction</h2>
      <p className="hint">Ratings (1 to 5) the initiators gave when they approved the closure of a ticket closed in the month.</p>
      <ErrorNote error={result.error} />
      {figures &&
        (figures.ratings === 0 ? (
          <Empty>No ticket closed in this month was rated.</Empty>
        ) : (
          <table>
            <caption>
              {figures.ratings} rating{figures.ratings === 1 ? '' : 's'}, average {figures.average?.toFixed(2)}
            </caption>
            <thead>
              <tr>
                {figures.distribution.map((_, i) => (
                  <th key={i} scope="col">
                    {i + 1}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                {figures.distribution.map((count, i) => (
                  <td key={i}>{count}</td>
                ))}
              </tr>
            </tbody>
          </table>
        ))}
    </section>
  );
}
