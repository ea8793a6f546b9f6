// Stands in for `yoctocolors` inside the bundled execa (see README.md here): its verbose log's colours, as plain text.
const plain = (text: string): string => text;
export { plain as gray, plain as bold, plain as redBright, plain as yellowBright };
