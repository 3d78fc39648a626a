// Formatting (`npm run format`, checked by `npm run format:check`), set to the code as it is written:
// single quotes, semicolons, trailing commas and long lines (160 columns reformats the fewest lines).
export default { printWidth: 160, singleQuote: true, trailingComma: 'all' };
