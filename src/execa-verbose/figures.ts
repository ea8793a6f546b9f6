// Stands in for the `figures` package inside the bundled execa (scripts/build.mjs aliases it): execa
// uses three of its symbols, only in its verbose log, which this tool never turns on; figures' tables of
// fallback symbols would weigh more than everything else execa brings that a run can use.
export default { tick: '✔', cross: '✖', warning: '⚠' };
