// Stands in for `pretty-ms` inside the bundled execa (see README.md here): its verbose log's durations.
export default (milliseconds: number): string => `${Math.round(milliseconds)}ms`;
