// Stands in for `figures` inside the bundled execa (see README.md here): the three symbols its verbose log uses.
export default { tick: '✔', cross: '✖', warning: '⚠' };
