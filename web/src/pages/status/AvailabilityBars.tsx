/**
 * One service's daily availability as a row of bars, oldest first: a list whose items are the days,
 * coloured by class (no inline style: the CSP forbids it), each with its date and percentage as text
 * for screen readers and as a tooltip.
 */
import { dayClass, dayText, percentText, type PublicService } from '../../lib/status.ts';

export function AvailabilityBars({ service }: { service: PublicService }) {
  const days = service.availability.days;
  return (
    <div className="availability">
      <ol className="days" aria-label={`${service.name}: availability per day, last ${days.length} days`}>
        {days.map((day) => {
          const text = `${dayText(day.date)}: ${day.percent === null ? 'no data' : `${percentText(day.percent)} available`}`;
          return (
            <li key={day.date} className={`day ${dayClass(day.percent)}`} title={text}>
              <span className="sr-only">{text}</span>
            </li>
          );
        })}
      </ol>
      <p className="days-axis small" aria-hidden="true">
        <span>{days.length} days ago</span>
        <span>Today</span>
      </p>
    </div>
  );
}
