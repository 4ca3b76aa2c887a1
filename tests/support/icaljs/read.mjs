// Reads iCalendar files as Thunderbird and Nextcloud do (ical.js), for the feed tests.
// Input on stdin: a JSON list of iCalendar texts. Output: per text, its VEVENTs with
// UID, STATUS and start and end as UTC moments (ISO 8601) or, for all-day entries, dates.
import ICAL from "ical.js";
import { readFileSync } from "node:fs";

function moment(time) {
  if (time.isDate) return time.toString();
  return time.toJSDate().toISOString();
}

const texts = JSON.parse(readFileSync(0, "utf8"));
const results = texts.map((text) => {
  const root = new ICAL.Component(ICAL.parse(text));
  // Each file with only its own time zone definitions, as a client reading it fresh.
  ICAL.TimezoneService.reset();
  for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtimezone);
  }
  return root.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      status: vevent.getFirstPropertyValue("status"),
      all_day: event.startDate.isDate,
      start: moment(event.startDate),
      end: moment(event.endDate),
    };
  });
});
process.stdout.write(JSON.stringify(results));
