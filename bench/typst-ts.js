// The newer Typst engine (@myriaddreamin/typst-ts-node-compiler), one
// document to PDF, as the Typst CLI does:
//     node bench/typst-ts.js MAIN.typ FONTS-DIR OUT.pdf
// Resolved from bench/tools/ (where make bench installs it).
'use strict';
const fs = require('fs');
const path = require('path');
const { NodeCompiler } = require(path.join(__dirname, 'tools/node_modules/@myriaddreamin/typst-ts-node-compiler'));

const [main, fonts, out] = process.argv.slice(2);
if (!out) {
    console.error('usage: node typst-ts.js MAIN.typ FONTS-DIR OUT.pdf');
    process.exit(2);
}
const abs = path.resolve(main);
const compiler = NodeCompiler.create({
    workspace: path.dirname(abs),
    fontArgs: [{ fontPaths: [path.resolve(fonts)] }],
});
const pdf = compiler.pdf({ mainFilePath: abs });
fs.writeFileSync(out, pdf);
